import pytest
from django.core.exceptions import ImproperlyConfigured

from alliance.settings import env_bool, env_secret


@pytest.mark.parametrize(("raw", "value"), [("true", True), ("False", False), ("1", True)])
def test_env_bool_reads_true_and_false(monkeypatch, raw, value):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG") is value


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_FLAG")


def test_env_secret_prefers_the_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-file\n")
    monkeypatch.setenv("X_SECRET", "from-env")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_secret("X_SECRET") == "from-file"


def test_production_settings_refuse_to_start_without_a_secret_key():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import alliance.settings"],
        env={"DJANGO_DEBUG": "false", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_no_pending_migrations(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_every_variable_the_settings_read_is_in_the_example_environment():
    """.env.example is where an operator learns what can be set: it must not miss one."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    settings_source = (root / "alliance" / "settings.py").read_text()
    read = set(
        re.findall(r'(?:environ\.get|environ\[|env_\w+)\(?\s*"([A-Z][A-Z0-9_]+)"', settings_source)
    )
    listed = set(
        re.findall(r"^(?:# ?)?([A-Z][A-Z0-9_]+)=", (root / ".env.example").read_text(), re.M)
    )
    assert read, "the pattern no longer finds the settings' variables"
    assert read - listed == set()
