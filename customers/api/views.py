from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.imports import import_schema, run_import
from core.api.reference import ShortReferenceViewSet
from core.errors import InvalidInput, NotAllowed
from core.http import api_user
from core.idempotency import IDEMPOTENCY_PARAMETER, idempotent

from .. import audit
from ..choices import AccessSurface
from ..fields import SERVICE_INPUTS
from ..filters import CustomerFilter, InteractionFilter
from ..imports import customer_import
from ..models import Customer, Interaction, Province, Region
from ..policies import customer_can_create, customer_is_editable_by
from ..selectors import customer_get, customer_lifecycle_history, customer_list
from ..services import (
    PROVINCES,
    REGIONS,
    customer_change_lifecycle,
    customer_create,
    customer_update,
    interaction_log,
)
from .serializers import (
    CustomerSerializer,
    InteractionSerializer,
    LifecycleChangeRequestSerializer,
    LifecycleChangeSerializer,
    ProvinceSerializer,
    RegionSerializer,
)

CHILD_FIELDS = (*SERVICE_INPUTS, "important_dates", "key_contacts")


def _split(validated: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    attributes = {k: v for k, v in validated.items() if k not in CHILD_FIELDS}
    extras = {k: validated[k] for k in CHILD_FIELDS if k in validated}
    return attributes, extras


def _check_editable(request: Request, customer: Customer) -> None:
    """A read-only viewer gets 403 before their input is validated (the service checks again)."""
    if not customer_is_editable_by(api_user(request), customer):
        raise NotAllowed(_("You may view this customer but not change it."))


class CustomerViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Customer]
):
    """Customers you may see: your own as a manager, your department's as a supervisor or
    staff, all as an admin. Others answer 404."""

    scope_area = "customers"

    serializer_class = CustomerSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CustomerFilter

    def get_queryset(self) -> QuerySet[Customer]:
        return customer_list(user=api_user(self.request)).prefetch_related(
            "important_dates", "key_contacts"
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        rows = response.data.get("results", []) if isinstance(response.data, dict) else []
        audit.record_sensitive_access(
            user=api_user(request),
            surface=AccessSurface.API_LIST,
            customer_count=sum(not row["sensitive_masked"] for row in rows),
            query=request.GET.urlencode(),
        )
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        if not response.data["sensitive_masked"]:
            audit.record_sensitive_access(
                user=api_user(request),
                surface=AccessSurface.API_DETAIL,
                customer=Customer(pk=response.data["id"]),
            )
        return response

    def get_object(self) -> Customer:
        return customer_get(user=api_user(self.request), pk=self.kwargs["pk"], for_detail=True)

    @extend_schema(parameters=[IDEMPOTENCY_PARAMETER])
    @idempotent
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attributes, extras = _split(dict(serializer.validated_data))
        customer = customer_create(
            actor=api_user(request),
            attributes=attributes,
            owner=extras.get("owner"),
            lifecycle_state=extras.get("lifecycle_state", "potential"),
            tag_names=extras.get("tags", ()),
            important_dates=extras.get("important_dates"),
            key_contacts=extras.get("key_contacts"),
        )
        customer = customer_get(user=api_user(request), pk=customer.pk, for_detail=True)
        return Response(self.get_serializer(customer).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        customer = self.get_object()
        _check_editable(request, customer)
        serializer = self.get_serializer(customer, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        attributes, extras = _split(dict(serializer.validated_data))
        if "lifecycle_state" in extras and extras["lifecycle_state"] != customer.lifecycle_state:
            raise InvalidInput(
                _("The lifecycle state has its own endpoint."),
                field_errors={
                    "lifecycle_state": [_("Change it with POST …/lifecycle/ and a reason.")]
                },
            )
        customer_update(
            customer=customer,
            actor=api_user(request),
            attributes=attributes,
            owner=extras.get("owner"),
            tag_names=extras.get("tags"),
            important_dates=extras.get("important_dates"),
            key_contacts=extras.get("key_contacts"),
        )
        customer = customer_get(user=api_user(request), pk=customer.pk, for_detail=True)
        return Response(self.get_serializer(customer).data)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    @import_schema
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request: Request) -> Response:
        """Import customers from CSV or XLSX: dry run by default; a real run is all-or-nothing."""
        if not customer_can_create(api_user(request)):
            raise NotAllowed(_("Your role may not create customers."))
        return run_import(request, customer_import, accepts_skip=True)

    @extend_schema(request=LifecycleChangeRequestSerializer, responses=LifecycleChangeSerializer)
    @action(detail=True, methods=["post"])
    def lifecycle(self, request: Request, pk: str | None = None) -> Response:
        """Move the customer to another lifecycle state, with the reason (409 if not allowed)."""
        customer = customer_get(user=api_user(request), pk=pk)
        _check_editable(request, customer)
        serializer = LifecycleChangeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        change = customer_change_lifecycle(
            customer=customer,
            actor=api_user(request),
            to_state=serializer.validated_data["to_state"],
            reason=serializer.validated_data["reason"],
        )
        return Response(LifecycleChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=LifecycleChangeSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="lifecycle-history")
    def lifecycle_history(self, request: Request, pk: str | None = None) -> Response:
        customer = customer_get(user=api_user(request), pk=pk)
        changes = customer_lifecycle_history(customer=customer)
        return Response(LifecycleChangeSerializer(changes, many=True).data)


class InteractionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Interaction],
):
    """The contact log of the customers you may see."""

    scope_area = "customers"

    serializer_class = InteractionSerializer
    filterset_class = InteractionFilter
    ordering_fields = ["occurred_at", "promise_due"]
    ordering = ["-occurred_at", "-id"]

    def get_queryset(self) -> QuerySet[Interaction]:
        return Interaction.objects.visible_to(api_user(self.request)).select_related("user")

    @extend_schema(parameters=[IDEMPOTENCY_PARAMETER])
    @idempotent
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        interaction = interaction_log(actor=api_user(request), **values)
        return Response(self.get_serializer(interaction).data, status=status.HTTP_201_CREATED)


class RegionViewSet(ShortReferenceViewSet):
    """Sales regions with their provinces: everyone reads them, admins maintain them."""

    scope_area = "directory"
    reference = REGIONS
    serializer_class = RegionSerializer
    queryset = Region.objects.prefetch_related("provinces")


class ProvinceViewSet(ShortReferenceViewSet):
    """Provinces and the region each lies in."""

    scope_area = "directory"
    reference = PROVINCES
    serializer_class = ProvinceSerializer
    queryset = Province.objects.select_related("region")
