"""Points (积分制) and referrals: earned per amount spent and per referral that buys, redeemed
oldest first, expiring after a configurable period. The ledger is append-only."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import IllegalStateChange, InvalidInput, NotAllowed
from customers.models import Customer
from customers.policies import customer_is_editable_by

from .models import PointsEntry, PointsKind

if TYPE_CHECKING:
    from accounts.models import User
    from sales.models import Order


def points_balance(*, customer: Customer) -> int:
    return int(
        PointsEntry.objects.filter(customer=customer).aggregate(total=Sum("points"))["total"] or 0
    )


def _expiry(day: date) -> date:
    return day + timedelta(days=settings.CRM_POINTS_VALID_DAYS)


def points_earn_for_order(*, order: Order, first_order: bool) -> list[PointsEntry]:
    """Inside the order's transaction: points for the buyer, and on a referred customer's
    first order, the referral reward for whoever referred them. Once per order."""
    earned: list[PointsEntry] = []
    points = int(
        (order.total_amount * Decimal(settings.CRM_POINTS_PER_YUAN)).to_integral_value(ROUND_DOWN)
    )
    if points > 0:
        earned.append(
            PointsEntry(
                customer_id=order.customer_id,
                kind=PointsKind.PURCHASE,
                points=points,
                remaining=points,
                expires_on=_expiry(order.ordered_on),
                order=order,
                source_key=f"order:{order.pk}",
            )
        )
    referrer_id = order.customer.referred_by_id
    if first_order and referrer_id and settings.CRM_REFERRAL_POINTS > 0:
        earned.append(
            PointsEntry(
                customer_id=referrer_id,
                kind=PointsKind.REFERRAL,
                points=settings.CRM_REFERRAL_POINTS,
                remaining=settings.CRM_REFERRAL_POINTS,
                expires_on=_expiry(order.ordered_on),
                referred_id=order.customer_id,
                order=order,
                source_key=f"referral:{order.customer_id}",
            )
        )
    return PointsEntry.objects.bulk_create(earned, ignore_conflicts=True)


def _consume(customer_id: int, points: int) -> None:
    """Use up `points` from the oldest unused earnings (rows locked by the caller)."""
    left = points
    for entry in (
        PointsEntry.objects.select_for_update()
        .filter(customer_id=customer_id, remaining__gt=0)
        .order_by("expires_on", "id")
    ):
        taken = min(entry.remaining, left)
        PointsEntry.objects.filter(pk=entry.pk).update(remaining=F("remaining") - taken)
        left -= taken
        if left == 0:
            return


@transaction.atomic
def points_redeem(*, customer: Customer, actor: User, points: int, note: str) -> PointsEntry:
    if not customer_is_editable_by(actor, customer):
        raise NotAllowed(_("Only the account manager or their supervisor redeems points."))
    if not isinstance(points, int) or points <= 0 or points > 10_000_000:
        raise InvalidInput(
            _("The redemption could not be saved."),
            field_errors={"points": [_("A whole number of points above zero.")]},
        )
    note = (note or "").strip()
    if not note or len(note) > 200:
        raise InvalidInput(
            _("The redemption could not be saved."),
            field_errors={"note": [_("Say what the points were exchanged for (200 characters).")]},
        )
    Customer.objects.select_for_update().filter(pk=customer.pk).first()  # one redemption at a time
    balance = points_balance(customer=customer)
    if points > balance:
        raise IllegalStateChange(_("Only %(balance)d points are available.") % {"balance": balance})
    _consume(customer.pk, points)
    return PointsEntry.objects.create(
        customer=customer,
        kind=PointsKind.REDEEM,
        points=-points,
        note=note,
        created_by=actor,
        source_key=f"redeem:{customer.pk}:{timezone.now().timestamp()}:{points}",
    )


def points_expire(*, day: date | None = None) -> int:
    """The daily job: unused points past their date expire; rerunning expires nothing more."""
    day = day or timezone.localdate()
    expired = 0
    with transaction.atomic():
        due = list(
            PointsEntry.objects.select_for_update()
            .filter(expires_on__lt=day, remaining__gt=0)
            .values_list("pk", "customer_id", "remaining", "expires_on")
        )
        PointsEntry.objects.bulk_create(
            [
                PointsEntry(
                    customer_id=customer_id,
                    kind=PointsKind.EXPIRE,
                    points=-remaining,
                    note=_("Earned points unused by %(day)s") % {"day": expires_on},
                    source_key=f"expire:{pk}",
                )
                for pk, customer_id, remaining, expires_on in due
            ],
            batch_size=2000,
        )
        PointsEntry.objects.filter(pk__in=[row[0] for row in due]).update(remaining=0)
        expired = sum(row[2] for row in due)
    return expired
