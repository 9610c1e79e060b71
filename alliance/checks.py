"""
Deploy checks (`manage.py check --deploy`) for what production must share.

Rate limits count in the cache, so a cache of its own in every gunicorn
worker multiplies each limit by the number of workers. Mail sent inside the
request is lost while the mail server is down; the database task queue keeps
it and tries again.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import Error, Tags, register
from django.tasks import task_backends
from django.tasks.backends.dummy import DummyBackend
from django.tasks.backends.immediate import ImmediateBackend

from alliance.identity import colour_problems


@register(Tags.security, Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    if settings.DEBUG or not isinstance(caches["default"], LocMemCache | DummyCache):
        return []
    return [
        Error(
            "The default cache is kept in each process, so every worker counts "
            "log-in and sign-up limits on its own.",
            hint="Set REDIS_URL, or leave CACHES to the database cache that "
            "alliance/settings.py picks when DJANGO_DEBUG is off.",
            id="alliance.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_task_queue(app_configs, **kwargs):
    if settings.DEBUG or not isinstance(task_backends["default"], ImmediateBackend | DummyBackend):
        return []
    return [
        Error(
            "Tasks run inside the request, so mail sent while the mail server is "
            "down is lost instead of tried again.",
            hint="Set TASKS_BACKEND=database (the default when DJANGO_DEBUG is off) "
            "and run `manage.py db_worker`.",
            id="alliance.E002",
        )
    ]


@register()
def check_alliance_colour(app_configs, **kwargs):
    return [
        Error(
            problem,
            hint="Choose a darker ALLIANCE_COLOUR, written as #rrggbb.",
            id="alliance.E003",
        )
        for problem in colour_problems(settings.ALLIANCE_COLOUR)
    ]
