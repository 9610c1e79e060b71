"""Production is safe by default: a shared cache and a mail queue without extra settings."""

import io
import json
import secrets
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alliance.apps import create_cache_table
from alliance.checks import check_shared_cache, check_task_queue
from alliance.mail import send_templated_mail

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "PATH": "/usr/bin:/bin",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "portal.example",
    "SMTP_HOST": "smtp.example",
    "SMTP_USER": "ci",
    "SMTP_PASSWORD": "ci",
}
DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    }
}
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _settings_from(**environment):
    """CACHES, TASKS and MAILERS as alliance/settings.py makes them from this environment."""
    script = (
        "import json; from alliance import settings as s; print(json.dumps("
        "{'CACHES': getattr(s, 'CACHES', None), 'TASKS': s.TASKS, 'MAILERS': s.MAILERS}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def _settings_with(**environment):
    found = _settings_from(**environment)
    return {
        "cache": found["CACHES"]["default"]["BACKEND"] if found["CACHES"] else None,
        "tasks": found["TASKS"]["default"]["BACKEND"],
    }


def test_production_without_redis_shares_the_cache_in_the_database_and_queues_tasks():
    assert _settings_with(**PRODUCTION) == {
        "cache": "django.core.cache.backends.db.DatabaseCache",
        "tasks": "django_tasks_db.DatabaseBackend",
    }


def test_production_with_redis_uses_redis():
    found = _settings_with(**PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/0")
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_an_explicit_task_backend_still_wins():
    found = _settings_with(**PRODUCTION, TASKS_BACKEND="immediate")
    assert found["tasks"] == "django.tasks.backends.immediate.ImmediateBackend"


def test_debug_mode_keeps_local_memory_and_runs_tasks_at_once():
    assert _settings_with(PATH="/usr/bin:/bin") == {
        "cache": None,  # Django's default: local memory
        "tasks": "django.tasks.backends.immediate.ImmediateBackend",
    }


def _deploy_errors():
    # The portal's own checks only: the rest (model checks) would need the database.
    # That `check --deploy` runs them is shown through manage.py below.
    return {message.id for message in check_shared_cache(None) + check_task_queue(None)}


@pytest.mark.parametrize(
    ("caches", "tasks", "errors"),
    [
        (DATABASE_CACHE, DATABASE_TASKS, set()),
        (LOCAL_CACHE, DATABASE_TASKS, {"alliance.E001"}),
        (
            {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
            DATABASE_TASKS,
            {"alliance.E001"},
        ),
        (DATABASE_CACHE, IMMEDIATE_TASKS, {"alliance.E002"}),
        (LOCAL_CACHE, IMMEDIATE_TASKS, {"alliance.E001", "alliance.E002"}),
    ],
)
def test_deploy_check_refuses_per_process_limits_and_mail_in_the_request(
    settings, caches, tasks, errors
):
    settings.DEBUG = False
    settings.CACHES = caches
    settings.TASKS = tasks
    assert _deploy_errors() == errors


def test_deploy_check_leaves_debug_mode_alone(settings):
    settings.DEBUG = True
    settings.CACHES = LOCAL_CACHE
    settings.TASKS = IMMEDIATE_TASKS
    assert _deploy_errors() == set()


def _check_deploy(**environment):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_the_ci_deploy_check_passes_with_the_production_defaults():
    result = _check_deploy(**PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_the_ci_deploy_check_fails_with_mail_sent_in_the_request():
    result = _check_deploy(**PRODUCTION, TASKS_BACKEND="immediate")
    assert result.returncode != 0
    assert "alliance.E002" in result.stderr


def test_migrate_creates_the_cache_table(db):
    assert "portal_cache" in connection.introspection.table_names()


def test_creating_the_cache_table_again_changes_nothing(db):
    create_cache_table(sender=None, using="default")
    assert "portal_cache" in connection.introspection.table_names()


@pytest.fixture
def emptied_cache_table(transactional_db):
    """A committed test leaves rate-limit counts in the cache table; later tests start without."""
    yield
    DatabaseCache("portal_cache", {}).clear()


def test_no_mail_is_lost_while_the_mail_server_is_down_in_a_fresh_production_setup(
    emptied_cache_table, client, member_a, member_b, settings, django_capture_on_commit_callbacks
):
    """Production's own defaults, with the mail server refusing every connection."""
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    production = _settings_from(
        **{**PRODUCTION, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(closed_port)}
    )
    settings.CACHES = production["CACHES"]
    settings.TASKS = production["TASKS"]
    settings.MAILERS = production["MAILERS"]
    settings.MAILERS["default"]["OPTIONS"].update(use_tls=False, timeout=1)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:password_reset"), {"email": member_a.email})
    for member in (member_a, member_b):
        with django_capture_on_commit_callbacks(execute=True):
            send_templated_mail(
                to=[member.email],
                template="members/email/invitation",
                context={"user": member, "by": member, "link": "http://x", "expires_at": None},
            )
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert waiting.count() == 3
    assert mail.outbox == []

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    waiting.update(run_after=timezone.now() - timedelta(seconds=1))
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    delivered = sorted(message.to[0] for message in mail.outbox)
    assert delivered == ["a@test.dk", "a@test.dk", "b@test.dk"]  # 3 queued, 0 lost
