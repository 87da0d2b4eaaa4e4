"""Customer list filters, shared by the page and the API so both filter the same way."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.models import Role, User

from .choices import (
    AcquisitionSource,
    CustomerKind,
    Industry,
    LifecycleState,
    PersonalityType,
    ServiceTier,
    ValueClass,
)
from .models import NOT_SET, Customer, Interaction, Region, Tag
from .policies import customer_sensitive_visible_q


def owner_choices(request: HttpRequest | None) -> QuerySet[User]:
    return owner_choices_for(getattr(request, "user", None))


def owner_choices_for(user: User | None) -> QuerySet[User]:
    """The owners a viewer may filter by: their department's, or everyone's for an admin."""
    owners = User.objects.filter(role__in=[Role.MANAGER, Role.SUPERVISOR]).order_by(
        "first_name", "last_name", "username"
    )
    if user is None or not user.is_authenticated:
        return owners.none()
    if user.is_admin_role:
        return owners
    if user.is_manager or user.department_id is None:
        return owners.filter(pk=user.pk)
    return owners.filter(department_id=user.department_id)


def visible_customers(request: HttpRequest | None) -> QuerySet[Customer]:
    """Choices for a ?customer= filter: an invisible customer is as unknown as a missing one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Customer.objects.none()
    return Customer.objects.visible_to(user)


class InteractionFilter(django_filters.FilterSet):
    customer = django_filters.ModelChoiceFilter(queryset=visible_customers, label=_("Customer"))

    class Meta:
        model = Interaction
        fields = ["customer", "channel", "user"]


@extend_schema_field(OpenApiTypes.STR)
class RegionCodeFilter(django_filters.ModelMultipleChoiceFilter):
    """Regions by code (?region=east&region=south; ?region=none: customers without one)."""


class CustomerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=100)
    # distinct=False: these filters join nothing, and DISTINCT would make every page sort twice.
    lifecycle_state = django_filters.MultipleChoiceFilter(
        choices=LifecycleState.choices, label=_("Lifecycle state"), distinct=False
    )
    tier = django_filters.MultipleChoiceFilter(
        choices=ServiceTier.choices, label=_("Service tier"), distinct=False
    )
    value_class = django_filters.MultipleChoiceFilter(
        choices=ValueClass.choices, label=_("Value class"), distinct=False
    )
    kind = django_filters.ChoiceFilter(choices=CustomerKind.choices, label=_("Kind"))
    region = RegionCodeFilter(
        field_name="region__code",
        queryset=Region.objects.all(),
        to_field_name="code",
        label=_("Region"),
        distinct=False,
        null_value="none",
        null_label=NOT_SET,
    )
    owner = django_filters.ModelChoiceFilter(queryset=owner_choices, label=_("Account manager"))
    tag = django_filters.ModelMultipleChoiceFilter(
        queryset=Tag.objects.all(), to_field_name="name", method="filter_tags", label=_("Tag")
    )
    source = django_filters.MultipleChoiceFilter(
        choices=AcquisitionSource.choices, label=_("Acquisition source"), distinct=False
    )
    personality_type = django_filters.MultipleChoiceFilter(
        choices=PersonalityType.choices, label=_("Personality type"), distinct=False
    )
    industry = django_filters.ChoiceFilter(choices=Industry.choices, label=_("Industry"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("created_at", "created_at"),
            ("lifecycle_changed_at", "lifecycle_changed_at"),
            ("updated_at", "updated_at"),
        ),
        field_labels={
            "name": _("Name"),
            "created_at": _("Created"),
            "lifecycle_changed_at": _("State since"),
            "updated_at": _("Last updated"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Customer
        fields: list[str] = []

    def search(self, queryset: QuerySet[Customer], name: str, value: str) -> QuerySet[Customer]:
        value = value.strip()
        if not value:
            return queryset
        match = Q(name__icontains=value)
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            # Contacts are sensitive: searching by them only finds rows the viewer may see them on.
            match |= (
                Q(phone__contains=value) | Q(email__iexact=value)
            ) & customer_sensitive_visible_q(user)
        return queryset.filter(match)

    def filter_tags(
        self, queryset: QuerySet[Customer], name: str, value: Any
    ) -> QuerySet[Customer]:
        if not value:
            return queryset
        tagged = Customer.tags.through.objects.filter(
            customer_id=OuterRef("pk"), tag__in=list(value)
        )
        return queryset.filter(Exists(tagged))
