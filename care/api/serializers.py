from __future__ import annotations

from typing import Any

from rest_framework import serializers

from customers.choices import InteractionChannel

from ..models import ChurnScore, CustomerLoss, LossReason, PointsEntry, Reminder
from ..risk import reason_text


class ReminderSerializer(serializers.ModelSerializer[Reminder]):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    effective_due_on = serializers.DateField(read_only=True)
    advice = serializers.SerializerMethodField()

    class Meta:
        model = Reminder
        fields = [
            "id",
            "owner",
            "customer",
            "customer_name",
            "kind",
            "title",
            "detail",
            "due_on",
            "effective_due_on",
            "status",
            "snoozed_until",
            "closed_at",
            "closing_note",
            "interaction",
            "advice",
        ]
        read_only_fields = fields

    def get_advice(self, reminder: Reminder) -> dict[str, str]:
        from ..selectors import care_advice

        advice = care_advice(reminder=reminder, user=self.context["request"].user)
        return {
            "service": advice.service,
            "likes": advice.likes,
            "avoid": advice.avoid,
            "gift_rule": advice.gift_rule,
        }


class ReminderDoneSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=InteractionChannel.choices)
    summary = serializers.CharField(max_length=4000)


class ReminderSnoozeSerializer(serializers.Serializer):
    until = serializers.DateField()


class ReminderDismissSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class ChurnScoreSerializer(serializers.ModelSerializer[ChurnScore]):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    reasons_text = serializers.SerializerMethodField()

    class Meta:
        model = ChurnScore
        fields = [
            "customer",
            "customer_name",
            "score",
            "at_risk",
            "at_risk_since",
            "reasons",
            "reasons_text",
            "recency_days",
            "orders_last_year",
            "amount_last_year",
            "amount_last_90",
            "amount_prior_90",
            "trend",
            "complaints",
            "computed_on",
        ]
        read_only_fields = fields

    def get_reasons_text(self, churn: ChurnScore) -> list[str]:
        return [reason_text(reason) for reason in churn.reasons]


class PointsEntrySerializer(serializers.ModelSerializer[PointsEntry]):
    class Meta:
        model = PointsEntry
        fields = [
            "id",
            "kind",
            "points",
            "remaining",
            "expires_on",
            "order",
            "referred",
            "note",
            "created_at",
        ]
        read_only_fields = fields


class PointsRedeemSerializer(serializers.Serializer):
    points = serializers.IntegerField(min_value=1, max_value=10_000_000)
    note = serializers.CharField(max_length=200)


class CustomerLossSerializer(serializers.ModelSerializer[CustomerLoss]):
    customer_name = serializers.CharField(source="customer.name", read_only=True)

    class Meta:
        model = CustomerLoss
        fields = ["id", "customer", "customer_name", "lost_on", "reason", "note", "recorded_at"]
        read_only_fields = fields


class LossReasonSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=[c for c in LossReason.choices if c[0]])
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


def points_payload(balance: int, entries: Any) -> dict[str, Any]:
    return {"balance": balance, "entries": PointsEntrySerializer(entries, many=True).data}
