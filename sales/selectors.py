from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from core.errors import NotVisible

from .models import Order, OrderLine, OrderQuerySet

if TYPE_CHECKING:
    from accounts.models import User


def order_list(*, user: User) -> OrderQuerySet:
    return Order.objects.visible_to(user).select_related(
        "customer", "salesperson", "department", "region"
    )


def order_list_with_lines(*, user: User) -> OrderQuerySet:
    return order_list(user=user).prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.select_related("product", "category"))
    )


def order_get(*, user: User, pk: object) -> Order:
    try:
        return order_list_with_lines(user=user).get(pk=int(str(pk)))
    except (Order.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotVisible(_("No such order.")) from None
