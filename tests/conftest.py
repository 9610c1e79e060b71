"""
The cast every test can use, and settings that keep the suite fast.

  secretariat  – runs the alliance (sekretariat)
  member_a     – a member of organisation A
  member_b     – a member of organisation B
  superuser    – also has the Django admin
"""

import weakref
from contextlib import contextmanager

import pytest
from django.db import transaction
from django.db.backends.signals import connection_created

from members.models import User
from tests.factories import make_organisation, make_user

PASSWORD = "test-adgangskode-2026"


_opened_connections = weakref.WeakSet()


def _remember_connection(sender, connection, **kwargs):
    _opened_connections.add(connection)


@pytest.fixture(scope="session", autouse=True)
def _close_every_connection(django_db_setup):
    """Close every database connection the run opened before the test database is dropped.

    Django's teardown closes the connection it finds for the main thread. Once
    the browser tests have run Playwright's event loop in that thread, a later
    test's connection can live in storage the teardown does not look in, and
    PostgreSQL then refuses to drop a database "being accessed by other users".
    """
    connection_created.connect(_remember_connection)
    yield
    connection_created.disconnect(_remember_connection)
    for wrapper in list(_opened_connections):
        if wrapper.connection is not None:
            # The raw close: the wrapper may belong to a thread that has ended.
            wrapper.connection.close()
            wrapper.connection = None


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache holds rate-limit counters, memory the rendered Markdown; no test inherits them."""
    from django.core.cache import cache

    from alliance.markdown import clear_cache

    cache.clear()
    clear_cache()
    yield
    cache.clear()


def _organisation_a():
    return make_organisation(name="Organisation A", sector="erhverv")


def _organisation_b():
    return make_organisation(name="Organisation B", sector="civilsamfund")


def _secretariat():
    return make_user(
        email="sekretariat@test.dk",
        full_name="Sara Sekretariat",
        role="secretariat",
        password=PASSWORD,
    )


def _member(organisation, email, full_name):
    return make_user(email=email, full_name=full_name, organisation=organisation, password=PASSWORD)


def _superuser():
    return User.objects.create_superuser("admin@test.dk", PASSWORD, full_name="Ada Admin")


def make_cast():
    """The whole cast at once, as the fixtures below make it one by one."""
    organisation_a, organisation_b = _organisation_a(), _organisation_b()
    return {
        "organisation_a": organisation_a,
        "organisation_b": organisation_b,
        "member_a": _member(organisation_a, "a@test.dk", "Anna A"),
        "member_b": _member(organisation_b, "b@test.dk", "Bo B"),
        "secretariat": _secretariat(),
        "superuser": _superuser(),
    }


@pytest.fixture
def organisation_a(db):
    return _organisation_a()


@pytest.fixture
def organisation_b(db):
    return _organisation_b()


@pytest.fixture
def secretariat(db):
    return _secretariat()


@pytest.fixture
def member_a(organisation_a):
    return _member(organisation_a, "a@test.dk", "Anna A")


@pytest.fixture
def member_b(organisation_b):
    return _member(organisation_b, "b@test.dk", "Bo B")


@pytest.fixture
def superuser(db):
    return _superuser()


@contextmanager
def shared_test_data(django_db_blocker, make):
    """Test data made once by `make()` and shared by the tests of a class or module.

    For a fixture with a wider scope than a test:
    `with shared_test_data(django_db_blocker, make) as data: yield data`.
    The data lives in a transaction around all those tests, rolled back after
    the last. Each test still runs in its own savepoint (the `db` fixture), so
    what one test changes in the database is undone before the next; the
    objects in memory are shared, so the tests must only read them.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            data = make()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield data
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def client_for(client):
    """Log a client in as somebody: client_for(member_a)."""

    def log_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return log_in


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}"


# The longest test classes and modules, started first so that, spread over the
# cores, no worker is left running one of them alone at the end.
LONG_RUNNING = ("tests/test_access.py", "tests/test_filters.py", "tests/pages/test_pages.py")


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: not item.nodeid.startswith(LONG_RUNNING))
