from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.throttling import BaseThrottle

from core.ratelimit import budget_spent, parse_rate

from .models import ApiClient

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class ApiClientRateThrottle(BaseThrottle):
    """Each system token has its own rate (ApiClient.throttle_rate); people are not limited
    here. A fixed window per token in the shared cache (per process while it is down)."""

    def allow_request(self, request: Request, view: APIView) -> bool:
        if not isinstance(request.auth, ApiClient):
            return True
        rate = request.auth.throttle_rate
        self.window = parse_rate(rate)[1]
        return not budget_spent(f"api-client:{request.auth.pk}", rate=rate)

    def wait(self) -> float:
        return float(getattr(self, "window", 60))
