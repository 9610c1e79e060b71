"""`make run` rebuilds a db.sqlite3 left by an older layout of the portal instead of failing."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.db import connection
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parents[2]


def _database_with(path, migrations):
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE django_migrations (id integer primary key, app varchar, "
            "name varchar, applied datetime)"
        )
        db.executemany(
            "INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, '2026-11-01')",
            migrations,
        )


def _rebuild(path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "DJANGO_DEBUG": "true"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "rebuild_stale_database"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_a_database_from_the_old_layout_is_removed_with_a_message(tmp_path):
    path = tmp_path / "db.sqlite3"
    _database_with(
        path,
        [("members", "0001_initial"), ("alliance", "0001_agenda"), ("members", "0002_volunteers")],
    )
    out = _rebuild(path)
    assert not path.exists()
    assert "older version of the portal" in out


def test_a_current_database_is_kept(tmp_path, db):
    path = tmp_path / "db.sqlite3"
    _database_with(path, sorted(MigrationLoader(connection, load=True).disk_migrations))
    assert _rebuild(path) == ""
    assert path.exists()


def test_migrations_of_an_app_that_now_has_none_make_the_database_stale(tmp_path, db):
    path = tmp_path / "db.sqlite3"
    current = sorted(MigrationLoader(connection, load=True).disk_migrations)
    _database_with(path, [*current, ("alliance", "0001_agenda")])
    assert "older version of the portal" in _rebuild(path)
    assert not path.exists()
