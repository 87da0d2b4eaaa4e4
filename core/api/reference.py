"""The API over reference data: everyone signed in reads it; administrators create, change
and delete through the same services as the pages (core.reference)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.views import APIView

from core.http import api_user
from core.reference import ReferenceData


class IsAdminRoleOrReadOnly(permissions.BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user.is_authenticated and request.user.is_admin_role)


class ReferenceViewSet(viewsets.ModelViewSet[Any]):
    """Set `reference` (the kind's services) and `serializer_class`; a PATCH of `is_active`
    false deactivates, a DELETE of a row in use answers 409."""

    reference: ReferenceData[Any]
    permission_classes = [permissions.IsAuthenticated, IsAdminRoleOrReadOnly]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = self.reference.create(
            actor=api_user(self.request), values=dict(serializer.validated_data)
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = self.reference.update(
            actor=api_user(self.request),
            instance=serializer.instance,
            values=dict(serializer.validated_data),
        )

    def perform_destroy(self, instance: Model) -> None:
        self.reference.delete(actor=api_user(self.request), instance=instance)


class ShortReferenceViewSet(ReferenceViewSet):
    """A short list (regions, provinces, categories): read whole, unpaged and unfiltered."""

    pagination_class = None
    filter_backends: list[type] = []
