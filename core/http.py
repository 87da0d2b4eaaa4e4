"""Request types for views behind login: `request.user` is a CRM user there."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest
from rest_framework.request import Request

if TYPE_CHECKING:
    from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User


def api_user(request: Request) -> User:
    """The caller of an API view behind IsAuthenticated."""
    return cast("User", request.user)
