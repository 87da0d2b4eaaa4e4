from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User

from ..choices import LifecycleState, ValueClass
from ..fields import EDITABLE_FIELDS
from ..masking import KEY_CONTACT_SENSITIVE_FIELDS, SENSITIVE_FIELDS, mask_value
from ..models import (
    Customer,
    ImportantDate,
    Interaction,
    KeyContact,
    LifecycleChange,
    Province,
    Region,
)
from ..personality import personality_guide
from ..policies import customer_sensitive_visible_to
from ..services import PROVINCES, REGIONS

TEXT_MAX = settings.CRM_TEXT_MAX_LENGTH


class VisibleCustomerField(serializers.PrimaryKeyRelatedField):
    """A customer by id among those the requesting user may see (Customer.objects.visible_to):
    any other id is as unknown as a missing one."""

    queryset = Customer.objects.none()  # what the schema reads; requests use get_queryset

    def get_queryset(self) -> QuerySet[Customer]:
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return Customer.objects.none()
        return Customer.objects.visible_to(request.user)


class LocalizedNameSerializer(serializers.ModelSerializer):
    """Reference data named in both languages; `name` is the one in the reader's language."""

    name = serializers.CharField(read_only=True)


class ProvinceSerializer(LocalizedNameSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())

    class Meta:
        model = Province
        fields = ["id", *PROVINCES.fields, "name"]


class RegionSerializer(LocalizedNameSerializer):
    provinces = ProvinceSerializer(many=True, read_only=True)

    class Meta:
        model = Region
        fields = ["id", *REGIONS.fields, "name", "provinces"]


class ImportantDateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportantDate
        fields = ["kind", "label", "calendar", "year", "month", "day", "is_leap_month"]


class KeyContactSerializer(serializers.ModelSerializer):
    notes = serializers.CharField(max_length=TEXT_MAX, allow_blank=True, required=False)

    class Meta:
        model = KeyContact
        fields = ["name", "title", "decision_role", "phone", "email", "notes"]


class TagNamesField(serializers.ListField):
    """Tags travel as a list of names; unknown names are created."""

    child = serializers.CharField(max_length=50)

    def to_representation(self, value: Any) -> list[str]:
        return [tag.name for tag in value.all()]


class CustomerSerializer(serializers.ModelSerializer):
    """One customer. Sensitive personal fields are masked unless the viewer is the owner,
    one of the owner's supervisors, or an admin (`sensitive_masked` says which)."""

    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), required=False, allow_null=True
    )
    region_name = serializers.CharField(
        source="region.name", read_only=True, default=None, allow_null=True
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False
    )
    owner_name = serializers.CharField(source="owner.__str__", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    referred_by = VisibleCustomerField(required=False, allow_null=True)
    lifecycle_state = serializers.ChoiceField(
        choices=LifecycleState.choices,
        required=False,
        help_text=_("Set on create only; change it later through the lifecycle endpoint."),
    )
    tags = TagNamesField(required=False, max_length=20)
    man_code = serializers.CharField(read_only=True)
    man_action = serializers.SerializerMethodField()
    personality_service = serializers.SerializerMethodField()
    important_dates = ImportantDateSerializer(many=True, required=False)
    key_contacts = KeyContactSerializer(many=True, required=False)
    sensitive_masked = serializers.SerializerMethodField()
    value_class = serializers.ChoiceField(
        choices=ValueClass.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("ABC class from the 80/20/30 analysis; empty until first computed."),
    )

    class Meta:
        model = Customer
        fields = [
            "id",
            *EDITABLE_FIELDS,
            "region_name",
            "owner",
            "owner_name",
            "department",
            "department_name",
            "lifecycle_state",
            "lifecycle_changed_at",
            "man_code",
            "man_action",
            "man_assessed_at",
            "personality_service",
            "value_class",
            "tags",
            "important_dates",
            "key_contacts",
            "sensitive_masked",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "department",
            "value_class",
            "lifecycle_changed_at",
            "man_assessed_at",
            "created_at",
            "updated_at",
        ]

    def _sensitive_visible(self, instance: Customer) -> bool:
        cache = cast("dict[str, dict[int, bool]]", self.context).setdefault("_sensitive", {})
        if instance.pk not in cache:
            cache[instance.pk] = customer_sensitive_visible_to(
                self.context["request"].user, instance
            )
        return bool(cache[instance.pk])

    def get_man_action(self, instance: Customer) -> str:
        return str(instance.man_advice.action)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_personality_service(self, instance: Customer) -> str | None:
        guide = personality_guide(instance.personality_type)
        return str(guide.service) if guide else None

    def get_sensitive_masked(self, instance: Customer) -> bool:
        return not self._sensitive_visible(instance)

    def to_representation(self, instance: Customer) -> dict[str, Any]:
        representation = super().to_representation(instance)
        if not self._sensitive_visible(instance):
            for field in SENSITIVE_FIELDS:
                representation[field] = mask_value(field, representation.get(field) or "")
            for contact in representation.get("key_contacts") or []:
                for field in KEY_CONTACT_SENSITIVE_FIELDS:
                    contact[field] = mask_value(field, contact.get(field) or "")
        return representation


class LifecycleChangeSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = LifecycleChange
        fields = [
            "id",
            "from_state",
            "to_state",
            "cause",
            "reason",
            "actor",
            "actor_name",
            "changed_at",
        ]

    def get_actor_name(self, change: LifecycleChange) -> str | None:
        return str(change.actor) if change.actor_id else None


class LifecycleChangeRequestSerializer(serializers.Serializer):
    to_state = serializers.ChoiceField(choices=LifecycleState.choices)
    reason = serializers.CharField(max_length=TEXT_MAX)


class InteractionSerializer(serializers.ModelSerializer):
    customer = VisibleCustomerField()
    user_name = serializers.CharField(source="user.__str__", read_only=True)
    summary = serializers.CharField(max_length=TEXT_MAX)
    promise = serializers.CharField(max_length=TEXT_MAX, allow_blank=True, required=False)
    next_step = serializers.CharField(max_length=TEXT_MAX, allow_blank=True, required=False)

    class Meta:
        model = Interaction
        fields = [
            "id",
            "customer",
            "channel",
            "occurred_at",
            "user",
            "user_name",
            "summary",
            "promise",
            "promise_due",
            "next_step",
            "created_at",
        ]
        read_only_fields = ["user", "created_at"]
        extra_kwargs = {"occurred_at": {"required": False}}
