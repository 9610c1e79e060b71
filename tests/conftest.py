"""
The cast every test can use, and settings that keep the suite fast.

  secretariat  – runs the alliance (sekretariat)
  member_a     – a member of organisation A
  member_b     – a member of organisation B
  superuser    – also has the Django admin
"""

import weakref

import pytest
from django.db.backends.signals import connection_created

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


@pytest.fixture
def organisation_a(db):
    return make_organisation(name="Organisation A", sector="erhverv")


@pytest.fixture
def organisation_b(db):
    return make_organisation(name="Organisation B", sector="civilsamfund")


@pytest.fixture
def secretariat(db):
    return make_user(
        email="sekretariat@test.dk",
        full_name="Sara Sekretariat",
        role="secretariat",
        password=PASSWORD,
    )


@pytest.fixture
def member_a(organisation_a):
    return make_user(
        email="a@test.dk", full_name="Anna A", organisation=organisation_a, password=PASSWORD
    )


@pytest.fixture
def member_b(organisation_b):
    return make_user(
        email="b@test.dk", full_name="Bo B", organisation=organisation_b, password=PASSWORD
    )


@pytest.fixture
def superuser(db):
    from members.models import User

    return User.objects.create_superuser("admin@test.dk", PASSWORD, full_name="Ada Admin")


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
