"""A fixed-window request budget per client address, kept in the shared cache (Redis)."""

from __future__ import annotations

import ipaddress
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle

PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    count, _sep, period = rate.partition("/")
    return int(count), PERIODS[period]


def client_address(request: HttpRequest) -> str:
    """The address every limit counts against: token and survey budgets, login lockouts (axes).

    X-Forwarded-For counts only when settings.TRUSTED_PROXY_COUNT says how many proxies stand in
    front: each appends the address it was connected from, so the n-th entry from the right is the
    client the outermost one saw (as DRF's NUM_PROXIES reads it); whatever lies further left came
    from the client itself and proves nothing. With 0 proxies the header is ignored.
    """
    remote = _ip_address(str(request.META.get("REMOTE_ADDR") or "")) or UNKNOWN_ADDRESS
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")
    hops = [hop.strip() for hop in forwarded if hop.strip()]
    if proxies <= 0 or not hops:
        return remote
    return _ip_address(hops[-min(proxies, len(hops))]) or remote


# A valid address for the lockout tables' address column when the server gives none (a Unix socket).
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 (a value stored, not an address bound)


def _ip_address(value: str) -> str | None:
    """The canonical form of an address, accepting the `host:port` and `[v6]:port` some proxies
    write; None for anything else."""
    candidates = [value]
    if value.startswith("[") and "]" in value:
        candidates.append(value[1 : value.index("]")])
    elif value.count(":") == 1:
        candidates.append(value.partition(":")[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def over_budget(request: HttpRequest, *, scope: str, rate: str) -> bool:
    """Count this request; True when the address has used up its budget for the window."""
    limit, window = parse_rate(rate)
    key = f"ratelimit:{scope}:{client_address(request)}"
    redis_client = _redis_client(key)
    if redis_client is not None:  # one round trip: count, and start the window on first use
        pipe = redis_client.pipeline()
        full_key = cache.make_key(key)
        pipe.incr(full_key)
        pipe.expire(full_key, window, nx=True)
        used = int(pipe.execute()[0])
        return used > limit
    if cache.add(key, 1, timeout=window):
        return False
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return used > limit


def _redis_client(key: str) -> Any:
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(key, write=True)


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
