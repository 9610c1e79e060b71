"""The portal's rate limits on the cache: counting, windows, resets and safe keys."""

from unittest import mock

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.base import memcache_key_warnings

from alliance import ratelimit

LIMIT = {"limit": 3, "window": 60}
DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    }
}


def test_hits_are_allowed_up_to_the_limit():
    assert [ratelimit.hit("test", "x", **LIMIT) for _ in range(5)] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_keys_and_scopes_are_counted_apart():
    for _ in range(3):
        ratelimit.hit("test", "x", **LIMIT)

    assert ratelimit.hit("test", "y", **LIMIT)
    assert ratelimit.hit("other", "x", **LIMIT)


def test_is_limited_counts_nothing():
    for _ in range(10):
        assert not ratelimit.is_limited("test", "x", **LIMIT)
    ratelimit.hit("test", "x", **LIMIT)
    ratelimit.hit("test", "x", **LIMIT)
    assert not ratelimit.is_limited("test", "x", **LIMIT)
    ratelimit.hit("test", "x", **LIMIT)
    assert ratelimit.is_limited("test", "x", **LIMIT)


def test_reset_forgets_the_hits():
    for _ in range(3):
        ratelimit.hit("test", "x", **LIMIT)

    ratelimit.reset("test", "x", **LIMIT)

    assert not ratelimit.is_limited("test", "x", **LIMIT)
    assert ratelimit.hit("test", "x", **LIMIT)


def test_a_new_window_starts_afresh(monkeypatch):
    for _ in range(3):
        ratelimit.hit("test", "x", **LIMIT)
    ends = ratelimit.window_ends(60).timestamp()
    assert ends - 60 <= ratelimit._now() < ends

    monkeypatch.setattr(ratelimit, "_now", lambda: ends)

    assert ratelimit.hit("test", "x", **LIMIT)


def test_cache_keys_hide_the_key_and_suit_memcached():
    email = "Søren Æblegård <søren@example.dk>\n" + "x" * 300
    with mock.patch.object(cache, "add", wraps=cache.add) as add:
        ratelimit.hit("login-account", email, **LIMIT)
        added = [call.args[0] for call in add.call_args_list]

    assert added
    for key in added:
        assert "søren" not in key.lower()
        assert "example" not in key
        assert list(memcache_key_warnings(cache.make_key(key))) == []


def test_a_scope_with_odd_characters_is_refused():
    with pytest.raises(ValueError):
        ratelimit.hit("log in", "x", **LIMIT)


@pytest.mark.django_db
def test_the_database_cache_holds_the_limit(settings):
    settings.CACHES = DATABASE_CACHE

    assert [ratelimit.hit("test", "x", **LIMIT) for _ in range(4)] == [True, True, True, False]
    assert ratelimit.is_limited("test", "x", **LIMIT)
    ratelimit.reset("test", "x", **LIMIT)
    assert not ratelimit.is_limited("test", "x", **LIMIT)


@pytest.mark.django_db
def test_requests_that_read_at_the_same_moment_still_cannot_pass_the_limit(settings):
    """Each request reads the free slots first; parallel ones all see the same free slots."""
    settings.CACHES = DATABASE_CACHE

    with mock.patch.object(caches["default"], "get_many", return_value={}):
        allowed = [ratelimit.hit("test", "x", **LIMIT) for _ in range(6)]

    assert allowed == [True, True, True, False, False, False]
