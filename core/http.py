"""Request types for views behind login: `request.user` is a CRM user there."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest
from rest_framework.request import Request

if TYPE_CHECKING:
    # The project's user model (settings.AUTH_USER_MODEL) as django-stubs resolves it, so this
    # shared module names no domain app.
    from django.contrib.auth.models import _User as User


class AuthenticatedRequest(HttpRequest):
    user: User


def api_user(request: Request) -> User:
    """The caller of an API view behind IsAuthenticated."""
    return cast("User", request.user)
