from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from customers.choices import InteractionChannel
from customers.models import Customer

from ..choices import (
    CauseCategory,
    CompensationKind,
    ComplaintCategory,
    CustomerOpinion,
    Severity,
)
from ..models import Complaint, ComplaintEvent
from ..workflow import TRANSITIONS, allowed_actions

TEXT_MAX = settings.CRM_TEXT_MAX_LENGTH


class ComplaintEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = ComplaintEvent
        fields = [
            "id",
            "action",
            "from_state",
            "to_state",
            "actor",
            "actor_name",
            "comment",
            "changes",
            "at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor_name(self, event: ComplaintEvent) -> str | None:
        return str(event.actor) if event.actor_id else None


class ComplaintSerializer(serializers.ModelSerializer):
    """A complaint with what the requesting user may do next and its full history."""

    customer_name = serializers.CharField(source="customer.name", read_only=True)
    department_name = serializers.CharField(
        source="department.name", read_only=True, default=None, allow_null=True
    )
    allowed_actions = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Complaint
        fields = [
            "id",
            "customer",
            "customer_name",
            "channel",
            "content",
            "category",
            "severity",
            "customer_request",
            "product_category",
            "received_at",
            "recorded_by",
            "resolved_on_the_spot",
            "state",
            "state_since",
            "step_deadline",
            "is_overdue",
            "is_escalated",
            "reopen_count",
            "invalid_explanation",
            "department",
            "department_name",
            "cause_category",
            "cause_detail",
            "resolution_actions",
            "compensation_kind",
            "compensation_amount",
            "proposed_by",
            "approved_by",
            "implementation",
            "implemented_on",
            "evaluation",
            "customer_opinion",
            "customer_opinion_note",
            "lessons",
            "closed_at",
            "allowed_actions",
            "history",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=list(TRANSITIONS)))
    )
    def get_allowed_actions(self, complaint: Complaint) -> list[str]:
        return allowed_actions(self.context["request"].user, complaint)

    @extend_schema_field(ComplaintEventSerializer(many=True))
    def get_history(self, complaint: Complaint) -> list[dict[str, Any]]:
        if not self.context.get("with_history", True):
            return []
        events = getattr(complaint, "prefetched_events", None)
        if events is None:
            events = list(complaint.events.select_related("actor"))
        return ComplaintEventSerializer(events, many=True).data  # type: ignore[return-value]


class ComplaintCreateSerializer(serializers.Serializer):
    """Step 1: record the complaint."""

    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.none())
    channel = serializers.ChoiceField(choices=InteractionChannel.choices)
    category = serializers.ChoiceField(choices=ComplaintCategory.choices)
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.NORMAL)
    content = serializers.CharField(max_length=TEXT_MAX)
    customer_request = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    product_category = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    received_at = serializers.DateTimeField(required=False)
    resolved_on_the_spot = serializers.BooleanField(default=False)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            fields["customer"].queryset = Customer.objects.visible_to(request.user)  # type: ignore[attr-defined]
        return fields


class TransitionSerializer(serializers.Serializer):
    """One step: `action` plus the fields that step asks for (see the workflow table)."""

    action = serializers.ChoiceField(choices=list(TRANSITIONS))
    valid = serializers.BooleanField(required=False, help_text="judge")
    explanation = serializers.CharField(
        required=False, allow_blank=True, help_text="judge (when not valid)"
    )
    department = serializers.IntegerField(required=False, help_text="assign")
    cause_category = serializers.ChoiceField(
        choices=CauseCategory.choices, required=False, help_text="analyse"
    )
    cause_detail = serializers.CharField(required=False, help_text="analyse")
    resolution_actions = serializers.CharField(required=False, help_text="propose")
    compensation_kind = serializers.ChoiceField(
        choices=CompensationKind.choices, required=False, help_text="propose"
    )
    compensation_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, help_text="propose"
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, help_text="approve, reject (required), close"
    )
    implementation = serializers.CharField(required=False, help_text="implement")
    implemented_on = serializers.DateField(required=False, help_text="implement")
    evaluation = serializers.CharField(required=False, help_text="evaluate")
    customer_opinion = serializers.ChoiceField(
        choices=CustomerOpinion.choices, required=False, help_text="evaluate"
    )
    customer_opinion_note = serializers.CharField(
        required=False, allow_blank=True, help_text="evaluate"
    )
    lessons = serializers.CharField(required=False, allow_blank=True, help_text="evaluate")
    reason = serializers.CharField(required=False, help_text="reopen")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=TEXT_MAX)
