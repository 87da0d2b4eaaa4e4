"""Reads of the customer archive. Each one starts from Customer.objects.visible_to(user)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Min, Sum
from django.utils.translation import gettext as _

from core.errors import NotVisible

from .models import Customer, CustomerQuerySet, LifecycleChange

if TYPE_CHECKING:
    from accounts.models import User


def customer_list(*, user: User) -> CustomerQuerySet:
    return (
        Customer.objects.visible_to(user)
        .select_related("owner", "department", "region")
        .prefetch_related("tags")
    )


def customer_get(*, user: User, pk: object, for_detail: bool = False) -> Customer:
    queryset = Customer.objects.visible_to(user).select_related(
        "owner", "department", "region", "referred_by"
    )
    if for_detail:
        queryset = queryset.prefetch_related("tags", "important_dates", "key_contacts")
    try:
        return queryset.get(pk=int(str(pk)))
    except (Customer.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotVisible(_("No such customer.")) from None


@dataclass(frozen=True)
class PurchaseSummary:
    order_count: int
    total_amount: Decimal
    first_order_on: date | None
    last_order_on: date | None


def customer_purchase_summary(*, customer: Customer) -> PurchaseSummary:
    totals = customer.orders.aggregate(
        order_count=Count("id"),
        total_amount=Sum("total_amount"),
        first_order_on=Min("ordered_on"),
        last_order_on=Max("ordered_on"),
    )
    return PurchaseSummary(
        order_count=totals["order_count"] or 0,
        total_amount=totals["total_amount"] or Decimal("0"),
        first_order_on=totals["first_order_on"],
        last_order_on=totals["last_order_on"],
    )


def customer_lifecycle_history(*, customer: Customer, limit: int = 50) -> list[LifecycleChange]:
    return list(customer.lifecycle_changes.select_related("actor")[:limit])
