"""Demo data for care: points for the demo's orders (loaded around the services), then the
jobs of the demo's last night and this morning, so the inbox, the at-risk list and the lost
customers' list have something to show."""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.conf import settings

from analytics.churn import churn_analyse
from care.models import PointsEntry, PointsKind
from care.reminders_daily import care_reminders_for_day
from sales.models import Order

POINTS_FOR_AT_MOST = 200_000  # orders; the scale benchmark's millions skip the points ledger


def seed_care(builder: Any, report: Any) -> None:
    orders = Order.objects.values_list("pk", "customer_id", "total_amount", "ordered_on")
    if orders.count() <= POINTS_FOR_AT_MOST:
        rate = Decimal(settings.CRM_POINTS_PER_YUAN)
        valid = timedelta(days=settings.CRM_POINTS_VALID_DAYS)
        entries = []
        for order_id, customer_id, amount, ordered_on in orders.iterator(chunk_size=5000):
            points = int((amount * rate).to_integral_value(ROUND_DOWN))
            if points > 0:
                entries.append(
                    PointsEntry(
                        customer_id=customer_id,
                        kind=PointsKind.PURCHASE,
                        points=points,
                        remaining=points,
                        expires_on=ordered_on + valid,
                        order_id=order_id,
                        source_key=f"order:{order_id}",
                    )
                )
        PointsEntry.objects.bulk_create(entries, batch_size=5000, ignore_conflicts=True)
    if builder.nightly_jobs:
        churn_analyse()
    care_reminders_for_day()
