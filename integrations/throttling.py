from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.throttling import SimpleRateThrottle

from .models import ApiClient

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class ApiClientRateThrottle(SimpleRateThrottle):
    """Each system token has its own rate (ApiClient.throttle_rate); people are not limited here."""

    scope = "api_client"

    def allow_request(self, request: Request, view: APIView) -> bool:
        if not isinstance(request.auth, ApiClient):
            return True
        self.rate = request.auth.throttle_rate
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_rate(self) -> str | None:
        return None  # set per request from the client

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        if not isinstance(request.auth, ApiClient):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
