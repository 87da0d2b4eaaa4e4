from __future__ import annotations

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.http import api_user
from customers.selectors import customer_get

from ..loyalty import points_balance, points_redeem
from ..models import ChurnScore, CustomerLoss, PointsEntry, Reminder, ReminderKind, ReminderStatus
from ..selectors import churn_scores, losses
from ..services import customer_loss_record, reminder_complete, reminder_dismiss, reminder_snooze
from .serializers import (
    ChurnScoreSerializer,
    CustomerLossSerializer,
    LossReasonSerializer,
    PointsEntrySerializer,
    PointsRedeemSerializer,
    ReminderDismissSerializer,
    ReminderDoneSerializer,
    ReminderSerializer,
    ReminderSnoozeSerializer,
    points_payload,
)


class ReminderFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=ReminderStatus.choices)
    kind = filters.MultipleChoiceFilter(choices=ReminderKind.choices)
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte")
    mine = filters.BooleanFilter(method="filter_mine")

    class Meta:
        model = Reminder
        fields = ["status", "kind", "customer"]

    def filter_mine(
        self, queryset: QuerySet[Reminder], name: str, value: bool
    ) -> QuerySet[Reminder]:
        return queryset.filter(owner=self.request.user) if value else queryset


class ReminderViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Reminder]
):
    """Care reminders about customers you may see; close them as done, snoozed or dismissed."""

    scope_area = "reminders"
    serializer_class = ReminderSerializer
    filterset_class = ReminderFilter
    ordering_fields = ["due_on", "created_at"]
    ordering = ["due_on", "id"]

    def get_queryset(self) -> QuerySet[Reminder]:
        return Reminder.objects.visible_to(api_user(self.request)).select_related("customer")

    def _closed(self, reminder: Reminder) -> Response:
        return Response(ReminderSerializer(reminder, context=self.get_serializer_context()).data)

    @extend_schema(request=ReminderDoneSerializer, responses=ReminderSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str | None = None) -> Response:
        """Done: the contact is logged in the customer's contact log."""
        reminder = self.get_object()
        form = ReminderDoneSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        closed, _interaction = reminder_complete(
            reminder=reminder, actor=api_user(request), **form.validated_data
        )
        return self._closed(closed)

    @extend_schema(request=ReminderSnoozeSerializer, responses=ReminderSerializer)
    @action(detail=True, methods=["post"])
    def snooze(self, request: Request, pk: str | None = None) -> Response:
        reminder = self.get_object()
        form = ReminderSnoozeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._closed(
            reminder_snooze(reminder=reminder, actor=api_user(request), **form.validated_data)
        )

    @extend_schema(request=ReminderDismissSerializer, responses=ReminderSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str | None = None) -> Response:
        reminder = self.get_object()
        form = ReminderDismissSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._closed(
            reminder_dismiss(reminder=reminder, actor=api_user(request), **form.validated_data)
        )


class ChurnScoreFilter(filters.FilterSet):
    at_risk = filters.BooleanFilter()
    min_score = filters.NumberFilter(field_name="score", lookup_expr="gte")

    class Meta:
        model = ChurnScore
        fields = ["at_risk"]


class ChurnScoreViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ChurnScore]
):
    """Churn-risk scores (0–100) and their reasons, by customer id, highest first."""

    scope_area = "reminders"
    serializer_class = ChurnScoreSerializer
    filterset_class = ChurnScoreFilter
    lookup_field = "customer"

    def get_queryset(self) -> QuerySet[ChurnScore]:
        return churn_scores(user=api_user(self.request))


class CustomerLossViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[CustomerLoss]
):
    """Lost customers and the reasons their managers recorded."""

    scope_area = "customers"
    serializer_class = CustomerLossSerializer

    def get_queryset(self) -> QuerySet[CustomerLoss]:
        return losses(user=api_user(self.request))

    @extend_schema(request=LossReasonSerializer, responses=CustomerLossSerializer)
    @action(detail=True, methods=["post"])
    def reason(self, request: Request, pk: str | None = None) -> Response:
        loss = self.get_object()
        form = LossReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        recorded = customer_loss_record(loss=loss, actor=api_user(request), **form.validated_data)
        return Response(CustomerLossSerializer(recorded).data)


POINTS_SCHEMA = inline_serializer(
    "PointsLedger",
    {"balance": serializers.IntegerField(), "entries": PointsEntrySerializer(many=True)},
)


class CustomerPointsView(APIView):
    """A customer's points balance and latest ledger entries; POST redeems."""

    scope_area = "customers"

    @extend_schema(responses=POINTS_SCHEMA)
    def get(self, request: Request, customer_id: int) -> Response:
        customer = customer_get(user=api_user(request), pk=customer_id)
        entries = PointsEntry.objects.filter(customer=customer).order_by("-created_at", "-id")[:100]
        return Response(points_payload(points_balance(customer=customer), entries))

    @extend_schema(request=PointsRedeemSerializer, responses={201: POINTS_SCHEMA})
    def post(self, request: Request, customer_id: int) -> Response:
        customer = customer_get(user=api_user(request), pk=customer_id)
        form = PointsRedeemSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        points_redeem(customer=customer, actor=api_user(request), **form.validated_data)
        entries = PointsEntry.objects.filter(customer=customer).order_by("-created_at", "-id")[:100]
        return Response(
            points_payload(points_balance(customer=customer), entries),
            status=status.HTTP_201_CREATED,
        )
