"""The nightly churn analysis (流失分析) and lifecycle automation.

For every current and loyal customer: recency, frequency and monetary value over the last year,
the purchase trend (the last 90 days against the 90 before), complaints and satisfaction; a
churn-risk score from 0 to 100 with its reasons; a care reminder when a customer newly becomes
at risk. Before scoring, the configurable rules move customers: no purchase for too long → lost;
repeat buyers → loyal; loyal customers who stopped repeating → current.

SQL hands over one row of sums per customer (orders, complaints, surveys); pandas scores them.
It reads orders, complaints and surveys, so it sits above them; what it concludes (the scores,
the losses, the reminders) is care's data, shown on care's pages (care.risk words the reasons).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from care.models import ChurnScore, CustomerLoss, Reminder, ReminderKind
from care.risk import reason_text
from complaints.choices import ComplaintState
from complaints.models import Complaint
from customers.choices import LifecycleState
from customers.models import Customer
from customers.services import customers_move_lifecycle
from sales.models import Order
from surveys.models import SurveyResponse

from .rollup import rollup_refresh_statistics

SCORED = (LifecycleState.CURRENT, LifecycleState.LOYAL)
# Points each signal can add to the score (they sum to 100).
WEIGHTS = {"recency": 35, "trend": 25, "frequency": 15, "complaints": 15, "satisfaction": 10}
CLOSED_COMPLAINTS = (ComplaintState.CLOSED, ComplaintState.INVALID)
BATCH = 5000


def _frame(rows: Any, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_records(rows, columns=columns).set_index("customer_id")


def _purchases(day: date) -> pd.DataFrame:
    year, d90, d180 = (day - timedelta(days=n) for n in (365, 90, 180))
    return _frame(
        Order.objects.filter(customer__lifecycle_state__in=SCORED)
        .values("customer_id")
        .annotate(
            last=Max("ordered_on"),
            first=Min("ordered_on"),
            orders=Count("id", filter=Q(ordered_on__gt=year)),
            amount=Sum("total_amount", filter=Q(ordered_on__gt=year)),
            recent=Sum("total_amount", filter=Q(ordered_on__gt=d90)),
            prior=Sum("total_amount", filter=Q(ordered_on__gt=d180, ordered_on__lte=d90)),
        )
        .order_by(),
        ["customer_id", "last", "first", "orders", "amount", "recent", "prior"],
    )


def _complaints(day: date) -> pd.DataFrame:
    since = day - timedelta(days=180)
    return _frame(
        Complaint.objects.filter(customer__lifecycle_state__in=SCORED, received_at__date__gt=since)
        .values("customer_id")
        .annotate(
            complaints=Count("id"),
            open_complaints=Count("id", filter=~Q(state__in=CLOSED_COMPLAINTS)),
        )
        .order_by(),
        ["customer_id", "complaints", "open_complaints"],
    )


def _satisfaction(day: date) -> pd.DataFrame:
    since = timezone.make_aware(datetime.combine(day - timedelta(days=365), time.min))
    return _frame(
        SurveyResponse.objects.filter(customer__lifecycle_state__in=SCORED, submitted_at__gte=since)
        .values("customer_id")
        .annotate(nps=Min("nps"), index=Min("satisfaction_index"))
        .order_by(),
        ["customer_id", "nps", "index"],
    )


def score_customers(day: date) -> pd.DataFrame:
    """One row per scored customer: the signals, each signal's points, score and reasons."""
    customers = pd.DataFrame.from_records(
        Customer.objects.filter(lifecycle_state__in=SCORED).values_list("pk", "lifecycle_state"),
        columns=["customer_id", "lifecycle_state"],
    ).set_index("customer_id")
    frame = (
        customers.join(_purchases(day), how="left")
        .join(_complaints(day), how="left")
        .join(_satisfaction(day), how="left")
    )
    for column in ("orders", "complaints", "open_complaints"):
        frame[column] = frame[column].fillna(0).astype(int)
    for column in ("amount", "recent", "prior", "index"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    for column in ("amount", "recent", "prior"):
        frame[column] = frame[column].fillna(0.0)
    frame["nps"] = pd.to_numeric(frame["nps"], errors="coerce")
    last = pd.to_datetime(frame["last"])
    frame["recency"] = (pd.Timestamp(day) - last).dt.days
    lost_after = settings.CRM_LOST_AFTER_DAYS
    frame["trend"] = np.where(
        frame["prior"] > 0,
        (frame["recent"] - frame["prior"]) / frame["prior"].where(frame["prior"] > 0, 1),
        np.nan,
    )
    points = pd.DataFrame(index=frame.index)
    points["recency"] = WEIGHTS["recency"] * (
        frame["recency"].fillna(lost_after) / lost_after
    ).clip(0, 1)
    points["trend"] = WEIGHTS["trend"] * (-frame["trend"].fillna(0)).clip(0, 1)
    points["frequency"] = WEIGHTS["frequency"] * (
        1 - frame["orders"] / settings.CRM_LOYAL_MIN_ORDERS
    ).clip(0, 1)
    points["complaints"] = (
        5 * frame["complaints"].clip(0, 2) + 5 * (frame["open_complaints"] > 0)
    ).clip(0, WEIGHTS["complaints"])
    detractor = (frame["nps"] <= 6).fillna(False).astype(float) * 6
    shortfall = (1 - frame["index"]).clip(0, 1).fillna(0) * 8
    points["satisfaction"] = (detractor + shortfall).clip(0, WEIGHTS["satisfaction"])
    frame["score"] = points.sum(axis=1).round().clip(0, 100).astype(int)
    frame = frame.join(points.add_prefix("points_"))
    return frame


def _reasons(row: Any) -> list[dict[str, Any]]:
    """The top three signals behind a score, as data; words come at display (reason_text)."""
    found = []
    if row.points_recency >= 5 and not pd.isna(row.recency):
        found.append({"code": "recency", "points": row.points_recency, "days": int(row.recency)})
    if row.points_trend >= 3:
        found.append(
            {"code": "trend", "points": row.points_trend, "drop": round(-float(row.trend), 3)}
        )
    if row.points_frequency >= 5:
        found.append({"code": "frequency", "points": row.points_frequency, "orders": row.orders})
    if row.points_complaints > 0:
        found.append(
            {
                "code": "complaints",
                "points": row.points_complaints,
                "complaints": int(row.complaints),
                "open": int(row.open_complaints),
            }
        )
    if row.points_satisfaction > 0:
        found.append(
            {
                "code": "satisfaction",
                "points": row.points_satisfaction,
                "nps": None if pd.isna(row.nps) else int(row.nps),
                "index": None if pd.isna(row.index) else round(float(row.index), 2),
            }
        )
    found.sort(key=lambda reason: -reason["points"])
    for reason in found:
        reason["points"] = round(float(reason["points"]), 1)
        for key, value in list(reason.items()):
            if isinstance(value, np.integer):
                reason[key] = int(value)
    return found[:3]


def lifecycle_automate(*, day: date) -> dict[str, int]:
    """The configurable rules, in bulk, with history."""
    year = day - timedelta(days=365)
    lost_before = day - timedelta(days=settings.CRM_LOST_AFTER_DAYS)
    activity = (
        Customer.objects.filter(lifecycle_state__in=SCORED)
        .annotate(
            last=Max("orders__ordered_on"),
            recent_orders=Count("orders", filter=Q(orders__ordered_on__gt=year)),
        )
        .values_list("pk", "lifecycle_state", "last", "recent_orders")
    )
    to_lost: dict[str, list[int]] = {LifecycleState.CURRENT: [], LifecycleState.LOYAL: []}
    to_loyal: list[int] = []
    to_current: list[int] = []
    for customer_id, state, last, recent in activity.iterator(chunk_size=BATCH):
        if last is not None and last < lost_before:
            to_lost[state].append(customer_id)
        elif state == LifecycleState.CURRENT and recent >= settings.CRM_LOYAL_MIN_ORDERS:
            to_loyal.append(customer_id)
        elif state == LifecycleState.LOYAL and recent < settings.CRM_LOYAL_KEEP_ORDERS:
            to_current.append(customer_id)
    with override(settings.LANGUAGE_CODE):
        lost_reason = _("No purchase for over %(days)d days") % {
            "days": settings.CRM_LOST_AFTER_DAYS
        }
        lost_ids = [
            customer_id
            for state, ids in to_lost.items()
            for customer_id in customers_move_lifecycle(
                from_state=state,
                to_state=LifecycleState.LOST,
                customer_ids=ids,
                reason=lost_reason,
            )
        ]
        # the manager records why; until then the loss waits in their list
        CustomerLoss.objects.bulk_create(
            [CustomerLoss(customer_id=customer_id, lost_on=day) for customer_id in lost_ids],
            ignore_conflicts=True,
            batch_size=2000,
        )
        moved_lost = len(lost_ids)
        moved_loyal = customers_move_lifecycle(
            from_state=LifecycleState.CURRENT,
            to_state=LifecycleState.LOYAL,
            customer_ids=to_loyal,
            reason=_("%(orders)d or more orders in a year")
            % {"orders": settings.CRM_LOYAL_MIN_ORDERS},
        )
        moved_current = customers_move_lifecycle(
            from_state=LifecycleState.LOYAL,
            to_state=LifecycleState.CURRENT,
            customer_ids=to_current,
            reason=_("Fewer than %(orders)d orders in a year")
            % {"orders": settings.CRM_LOYAL_KEEP_ORDERS},
        )
    return {"lost": moved_lost, "loyal": len(moved_loyal), "current": len(moved_current)}


def churn_analyse(*, day: date | None = None) -> dict[str, int]:
    """The nightly job: lifecycle rules, then every current and loyal customer scored;
    rerunning the same day changes nothing more."""
    day = day or timezone.localdate()
    moves = lifecycle_automate(day=day)
    if any(moves.values()):
        rollup_refresh_statistics()
    frame = score_customers(day)
    threshold = settings.CRM_CHURN_AT_RISK_SCORE
    before = dict(
        ChurnScore.objects.filter(at_risk=True).values_list("customer_id", "at_risk_since")
    )
    rows: list[ChurnScore] = []
    newly_at_risk: list[int] = []
    for row in frame.itertuples():
        at_risk = bool(row.score >= threshold)
        since = before.get(row.Index) if at_risk else None
        if at_risk and since is None:
            since = day
            newly_at_risk.append(int(row.Index))
        rows.append(
            ChurnScore(
                customer_id=int(row.Index),
                score=int(row.score),
                reasons=_reasons(row),
                recency_days=None if pd.isna(row.recency) else int(row.recency),
                orders_last_year=int(row.orders),
                amount_last_year=round(float(row.amount), 2),
                amount_last_90=round(float(row.recent), 2),
                amount_prior_90=round(float(row.prior), 2),
                trend=None if pd.isna(row.trend) else round(float(row.trend), 4),
                complaints=int(row.complaints),
                at_risk=at_risk,
                at_risk_since=since,
                computed_on=day,
            )
        )
    fields = [
        "score",
        "reasons",
        "recency_days",
        "orders_last_year",
        "amount_last_year",
        "amount_last_90",
        "amount_prior_90",
        "trend",
        "complaints",
        "at_risk",
        "at_risk_since",
        "computed_on",
    ]
    with transaction.atomic():
        ChurnScore.objects.exclude(customer__lifecycle_state__in=SCORED).delete()
        for start in range(0, len(rows), BATCH):
            ChurnScore.objects.bulk_create(
                rows[start : start + BATCH],
                update_conflicts=True,
                unique_fields=["customer"],
                update_fields=fields,
            )
        reminders = _at_risk_reminders(newly_at_risk, day)
    return {
        **moves,
        "scored": len(rows),
        "at_risk": int((frame["score"] >= threshold).sum()),
        "newly_at_risk": len(newly_at_risk),
        "reminders": reminders,
    }


def _at_risk_reminders(customer_ids: list[int], day: date) -> int:
    if not customer_ids:
        return 0
    scores = ChurnScore.objects.in_bulk(customer_ids)
    created = 0
    with override(settings.LANGUAGE_CODE):
        fresh = []
        for customer in Customer.objects.filter(pk__in=customer_ids).only("pk", "name", "owner_id"):
            churn = scores[customer.pk]
            fresh.append(
                Reminder(
                    owner_id=customer.owner_id,
                    customer=customer,
                    kind=ReminderKind.CHURN_RISK,
                    due_on=day,
                    title=_("%(name)s may be slipping away (risk %(score)d)")
                    % {"name": customer.name, "score": churn.score},
                    detail="; ".join(reason_text(reason) for reason in churn.reasons),
                    source_key=f"churn:{customer.pk}:{churn.at_risk_since}",
                )
            )
        keys = [reminder.source_key for reminder in fresh]
        known = set(
            Reminder.objects.filter(source_key__in=keys).values_list("source_key", flat=True)
        )
        new = [reminder for reminder in fresh if reminder.source_key not in known]
        Reminder.objects.bulk_create(new, ignore_conflicts=True, batch_size=2000)
        created = len(new)
    return created
