from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import ApiClient

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class ApiClientScope(BasePermission):
    """People pass; a system token must hold a scope for the view's `scope_area`. Views that
    declare no area are closed to tokens (safe by default)."""

    message = "This API token's scopes do not cover this endpoint."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not isinstance(request.auth, ApiClient):
            return True
        area = getattr(view, "scope_area", None)
        if area is None:
            return False
        return request.auth.allows(area, write=request.method not in SAFE_METHODS)
