"""
Small rate limits on Django's cache, shared by every worker when the cache is.

A limit allows `limit` hits per window of `window` seconds for one (scope,
key) pair, such as ("login-account", an e-mail address). Windows are fixed
and follow the clock, so a refusal can say when it ends.

Each hit claims one numbered slot of the current window with `cache.add()`.
Every cache backend adds atomically (Redis SET NX, an INSERT on the database
cache's unique key, a lock in local memory), so requests running in parallel
can never claim more slots than the limit. A counter would need `cache.incr()`,
which the database cache does as a get followed by a set, losing hits that
arrive together. A slot lives a little longer than its window and is never
claimed twice, so no hit can slip in between an expiry and a claim.

Cache keys carry a keyed hash of the scope and key: no e-mail or IP address is
stored in the cache, and every key is short and safe for memcached.
"""

import re
import time
from datetime import UTC, datetime

from django.core.cache import cache
from django.utils.crypto import salted_hmac

_SCOPE = re.compile(r"[a-z0-9-]+")
# A slot must outlive its window; the database cache stores whole seconds.
_GRACE_SECONDS = 2


def _now():
    return time.time()


def _window_start(window):
    return int(_now() // window) * window


def _slot_keys(scope, key, *, limit, window, start):
    if not _SCOPE.fullmatch(scope):
        raise ValueError(f"A rate-limit scope is lowercase letters, digits and dashes: {scope!r}")
    if window < 1:
        raise ValueError("A rate-limit window is at least one second.")
    digest = salted_hmac("alliance.ratelimit", f"{scope}\n{key}", algorithm="sha256").hexdigest()
    return [f"ratelimit:{scope}:{start}:{digest}:{slot}" for slot in range(limit)]


def hit(scope, key, *, limit, window):
    """Count one hit; False, and nothing counted, once `limit` hits fill this window."""
    start = _window_start(window)
    keys = _slot_keys(scope, key, limit=limit, window=window, start=start)
    taken = cache.get_many(keys)
    timeout = start + window - _now() + _GRACE_SECONDS
    # Another request may claim a free slot first; then the next one is tried.
    return any(cache.add(slot, 1, timeout) for slot in keys if slot not in taken)


def is_limited(scope, key, *, limit, window):
    """True when this window's hits have reached the limit; counts nothing."""
    keys = _slot_keys(scope, key, limit=limit, window=window, start=_window_start(window))
    return len(cache.get_many(keys)) >= limit


def reset(scope, key, *, limit, window):
    """Forget this window's hits, as after a successful log-in."""
    keys = _slot_keys(scope, key, limit=limit, window=window, start=_window_start(window))
    cache.delete_many(keys)


def window_ends(window):
    """When the current window ends and a refused hit may be tried again (UTC)."""
    return datetime.fromtimestamp(_window_start(window) + window, tz=UTC)
