from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import money
from customers.models import Customer
from customers.timeline import TimelineEntry, register_source

if TYPE_CHECKING:
    from accounts.models import User


@register_source
def order_entries(customer: Customer, user: User, limit: int) -> Iterable[TimelineEntry]:
    orders = customer.orders.select_related("salesperson").order_by("-ordered_on", "-id")[:limit]
    zone = timezone.get_current_timezone()
    for order in orders:
        # An order is dated, not timed: place it at the end of its day.
        at = timezone.make_aware(datetime.combine(order.ordered_on, time(23, 59)), zone)
        yield TimelineEntry(
            at=at,
            kind="order",
            title=_("Order %(number)s") % {"number": order.number},
            detail=_("Amount %(amount)s") % {"amount": money(order.total_amount)},
            actor=str(order.salesperson),
            url=reverse("sales:order-detail", args=[order.pk]),
            date_only=True,
        )
