from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.http import api_user

from ..models import WebhookDelivery
from ..services import webhook_replay
from .serializers import WebhookDeliverySerializer


class IsAdminRole(permissions.BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user.is_authenticated and api_user(request).is_admin_role)


class WebhookDeliveryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[WebhookDelivery]
):
    """The webhook delivery log (admins): every event, attempt and status code; replay."""

    scope_area = "directory"
    serializer_class = WebhookDeliverySerializer
    permission_classes = [permissions.IsAuthenticated, IsAdminRole]
    filterset_fields = ["status", "event", "endpoint"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self) -> QuerySet[WebhookDelivery]:
        return WebhookDelivery.objects.select_related("endpoint").prefetch_related("log")

    @extend_schema(request=None, responses=WebhookDeliverySerializer)
    @action(detail=True, methods=["post"])
    def replay(self, request: Request, pk: str | None = None) -> Response:
        """Send the event again, with its original event id."""
        delivery = webhook_replay(delivery=self.get_object(), actor=api_user(request))
        return Response(WebhookDeliverySerializer(delivery).data, status=202)
