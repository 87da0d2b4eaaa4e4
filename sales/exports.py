"""Order export: one row per order line, for the orders the viewer may see, streamed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Order, OrderLine

if TYPE_CHECKING:
    pass

FIELDS = (
    "order__number",
    "ordered_on",
    "customer_id",
    "customer__name",
    "salesperson__username",
    "department__name",
    "region__code",
    "product__sku",
    "product__name",
    "category__code",
    "quantity",
    "unit_price",
    "amount",
)


def order_export_header() -> list[str]:
    return [
        _("Order number"),
        _("Order date"),
        _("Customer ID"),
        _("Customer"),
        _("Salesperson"),
        _("Department"),
        _("Region"),
        _("SKU"),
        _("Product"),
        _("Product category"),
        _("Quantity"),
        _("Unit price"),
        _("Amount"),
    ]


def order_export_rows(*, orders: QuerySet[Order]) -> Iterator[tuple[object, ...]]:
    lines = (
        OrderLine.objects.filter(order__in=orders.values("pk"))
        .order_by("ordered_on", "order_id", "id")
        .values_list(*FIELDS)
    )
    yield from lines.iterator(chunk_size=5000)
