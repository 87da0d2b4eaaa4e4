"""Token login for API clients, guarded like the login page (django-axes lockout + throttle)."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from core.ratelimit import AddressBudgetThrottle


class TokenLoginView(ObtainAuthToken):
    """Exchange a username and password for an API token."""

    throttle_classes = [AddressBudgetThrottle]
    throttle_scope = "token"

    @extend_schema(
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: None,
            429: None,
        }
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        username = (
            str(request.data.get("username", ""))[:150] if hasattr(request.data, "get") else ""
        )
        if username and AxesProxyHandler.is_locked(request._request, {"username": username}):
            return Response(
                {"detail": _("Too many failed attempts; try again later."), "code": "locked_out"},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        return super().post(request, *args, **kwargs)
