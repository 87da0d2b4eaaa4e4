"""Fixed-window request budgets, kept in the shared cache (Redis).

When the cache cannot be reached, each process counts in its own memory instead and says so in
the log: limits then hold per process rather than across them, and no request fails because
the cache is down.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, cast

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from redis.exceptions import RedisError
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
CACHE_ERRORS = (RedisError, OSError)
WARN_EVERY_SECONDS = 60


def parse_rate(rate: str) -> tuple[int, int]:
    count, _sep, period = rate.partition("/")
    return int(count), PERIODS[period]


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def over_budget(request: HttpRequest, *, scope: str, rate: str) -> bool:
    """Count this request against its address; True when the address used up its budget."""
    return budget_spent(f"{scope}:{client_address(request)}", rate=rate)


def budget_spent(name: str, *, rate: str) -> bool:
    """Count one use of the budget `name`; True when it is used up for the current window."""
    limit, window = parse_rate(rate)
    key = f"ratelimit:{name}"
    try:
        used = _count_in_cache(key, window)
    except CACHE_ERRORS:
        _warn_fallback()
        used = _local.count(key, window)
    return used > limit


def _count_in_cache(key: str, window: int) -> int:
    backend = caches["default"]
    if isinstance(backend, RedisCache):  # one round trip: count, and start the window on first use
        full_key = cache.make_key(key)
        pipe = backend._cache.get_client(full_key, write=True).pipeline()
        pipe.incr(full_key)
        pipe.expire(full_key, window, nx=True)
        return int(pipe.execute()[0])
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


class _LocalWindows:
    """Per-process fixed windows, used only while the shared cache is unreachable."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}

    def count(self, key: str, window: int) -> int:
        now = time.monotonic()
        with self._lock:
            started, used = self._windows.get(key, (now, 0))
            if now - started >= window:
                started, used = now, 0
            self._windows[key] = (started, used + 1)
            if len(self._windows) > 100_000:  # forget finished windows, not a memory leak
                self._windows = {
                    k: v for k, v in self._windows.items() if now - v[0] < PERIODS["day"]
                }
            return used + 1


_local = _LocalWindows()
_last_warning = 0.0


def _warn_fallback() -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= WARN_EVERY_SECONDS:
        _last_warning = now
        logger.warning("rate limits: cache unreachable, counting in process memory", exc_info=True)


class AddressBudgetThrottle(BaseThrottle):
    """DRF throttle on the same fixed-window budget as the public pages: one counter per
    address and scope (O(1) in the cache, unlike a sliding log of timestamps).
    The view names its `throttle_scope`; the rate comes from REST_FRAMEWORK's rates."""

    def allow_request(self, request: Any, view: Any) -> bool:
        from django.conf import settings

        scope = str(getattr(view, "throttle_scope", "default"))
        rates = cast(dict[str, str], settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
        rate = rates[scope]
        self.window = parse_rate(rate)[1]
        return not over_budget(request, scope=f"api-{scope}", rate=rate)

    def wait(self) -> float:
        return float(getattr(self, "window", 60))
