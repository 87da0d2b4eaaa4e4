from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.http import api_user
from core.idempotency import IDEMPOTENCY_PARAMETER, idempotent
from core.periods import report_period
from customers.filters import visible_customers

from ..analytics import complaint_analytics
from ..choices import ComplaintCategory, ComplaintState, Severity
from ..models import Complaint, ComplaintEvent
from ..selectors import complaint_get, complaint_inbox, complaint_list
from ..services import complaint_comment, complaint_record, complaint_transition
from .serializers import (
    CommentSerializer,
    ComplaintCreateSerializer,
    ComplaintEventSerializer,
    ComplaintSerializer,
    TransitionSerializer,
)


def form_values(raw: Any) -> dict[str, Any]:
    """JSON values as the step forms read them (booleans as "true"/"false")."""
    if not hasattr(raw, "items"):
        return {}
    values = {}
    for key, value in raw.items():
        if key == "action":
            continue
        values[key] = (
            {True: "true", False: "false"}.get(value, value) if isinstance(value, bool) else value
        )
    return values


class ComplaintFilter(filters.FilterSet):
    customer = filters.ModelChoiceFilter(queryset=visible_customers)
    state = filters.MultipleChoiceFilter(choices=ComplaintState.choices, distinct=False)
    severity = filters.MultipleChoiceFilter(choices=Severity.choices, distinct=False)
    category = filters.MultipleChoiceFilter(choices=ComplaintCategory.choices, distinct=False)
    inbox = filters.ChoiceFilter(
        choices=[("mine", "mine"), ("department", "department"), ("overdue", "overdue")],
        method="filter_inbox",
        label="inbox",
    )

    class Meta:
        model = Complaint
        fields = ["department", "is_escalated"]

    def filter_inbox(
        self, queryset: QuerySet[Complaint], name: str, value: str
    ) -> QuerySet[Complaint]:
        inbox = complaint_inbox(user=self.request.user, box=value)
        return queryset.filter(pk__in=inbox.values("pk"))


class ComplaintViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Complaint]
):
    """Complaints about customers you may see (and those routed to your department).

    Create = step 1; every later step is `POST …/{id}/transitions/` with an `action`."""

    scope_area = "complaints"
    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilter
    ordering_fields = ["received_at", "step_deadline", "state_since"]
    ordering = ["-received_at", "-id"]

    def get_queryset(self) -> QuerySet[Complaint]:
        return complaint_list(user=api_user(self.request)).prefetch_related(
            Prefetch(
                "events",
                queryset=ComplaintEvent.objects.select_related("actor"),
                to_attr="prefetched_events",
            )
        )

    def get_object(self) -> Complaint:
        return complaint_get(user=api_user(self.request), pk=self.kwargs["pk"])

    @extend_schema(
        request=ComplaintCreateSerializer,
        responses={201: ComplaintSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    @idempotent
    def create(self, request: Request) -> Response:
        """Step 1: record a complaint (记录投诉内容)."""
        serializer = ComplaintCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        values = form_values(request.data)
        values.pop("customer", None)
        complaint = complaint_record(
            customer=serializer.validated_data["customer"], actor=api_user(request), values=values
        )
        complaint = complaint_get(user=api_user(request), pk=complaint.pk)
        return Response(self.get_serializer(complaint).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TransitionSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        """Take a step: 409 if not possible now, 403 if not yours to take, 400 for bad fields."""
        complaint = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        complaint = complaint_transition(
            complaint=complaint,
            actor=api_user(request),
            action=serializer.validated_data["action"],
            values=form_values(request.data),
        )
        complaint = complaint_get(user=api_user(request), pk=complaint.pk)
        return Response(self.get_serializer(complaint).data)

    @extend_schema(request=CommentSerializer, responses={201: ComplaintEventSerializer})
    @action(detail=True, methods=["post"])
    def comments(self, request: Request, pk: str | None = None) -> Response:
        """Add a comment to the complaint's trail."""
        complaint = self.get_object()
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        complaint_comment(
            complaint=complaint,
            actor=api_user(request),
            comment=serializer.validated_data["comment"],
        )
        event = complaint.events.order_by("-id").first()
        return Response(ComplaintEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("date_from", date, description="Default: 365 days ago"),
            OpenApiParameter("date_to", date, description="Default: today"),
        ],
        responses=inline_serializer(
            "ComplaintAnalytics",
            {
                "date_from": serializers.DateField(),
                "date_to": serializers.DateField(),
                "total": serializers.IntegerField(),
                "on_the_spot_rate": serializers.FloatField(),
                "breach_rate": serializers.FloatField(),
                "by_segment": serializers.DictField(
                    child=serializers.ListField(child=serializers.DictField())
                ),
                "by_cause": serializers.ListField(child=serializers.DictField()),
                "step_hours": serializers.ListField(child=serializers.DictField()),
                "retention": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    @action(detail=False, methods=["get"])
    def analytics(self, request: Request) -> Response:
        """Complaint rate by segment, region, product category and cause; time per step; deadline
        breach rate; on-the-spot rate; who bought again after a complaint."""
        date_from, date_to = report_period(request.query_params)
        report = complaint_analytics(user=api_user(request), date_from=date_from, date_to=date_to)
        return Response(
            {
                "date_from": report.date_from,
                "date_to": report.date_to,
                "total": report.total,
                "on_the_spot_rate": report.on_the_spot_rate,
                "breach_rate": report.breach_rate,
                "by_segment": {
                    name: [
                        {
                            "key": r.key,
                            "label": r.label,
                            "complaints": r.complaints,
                            "customers": r.customers,
                            "per_hundred": r.per_hundred,
                        }
                        for r in rows
                    ]
                    for name, rows in report.by_segment.items()
                },
                "by_cause": [
                    {"key": k, "label": label, "complaints": n, "share": share}
                    for k, label, n, share in report.by_cause
                ],
                "step_hours": [
                    {"state": k, "label": label, "average_hours": hours, "steps": n}
                    for k, label, hours, n in report.step_hours
                ],
                "retention": report.retention,
            }
        )
