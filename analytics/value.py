"""The 80/20/30 analysis (SPEC §3): customers ranked by the profit they contribute — revenue −
cost of goods − cost to serve (complaint compensation granted, and contact effort) — the share
of profit made by the top 20 %, the unprofitable bottom and what it consumes, the Pareto curve,
and the ABC value class written back to every customer nightly.

The database sums per customer; pandas ranks those sums (one row per customer, never a line).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from complaints.choices import ComplaintState
from complaints.models import Complaint
from customers.choices import ValueClass
from customers.models import Customer, Interaction
from sales.models import OrderLine

from .models import report_scope
from .rollup import rollup_refresh_statistics, rollup_shift_customers

# Compensation counts once a supervisor granted it.
GRANTED = (
    ComplaintState.APPROVED,
    ComplaintState.IMPLEMENTED,
    ComplaintState.EVALUATED,
    ComplaintState.CLOSED,
)
PARETO_POINTS = 20


def _scope_q(user: Any | None, prefix: str) -> Q | None:
    """The report scope on a model that reaches the customer through `prefix`."""
    if user is None:
        return Q()
    scope = report_scope(user)
    if scope is None:
        return None
    if "department" in scope:
        return Q(**{f"{prefix}department_id": scope["department"]})
    if "owner" in scope:
        return Q(**{f"{prefix}owner_id": scope["owner"]})
    return Q()


def customer_profits(*, user: Any | None, since: date, until: date) -> pd.DataFrame:
    """One row per customer who bought in the period: revenue, cogs, compensation, contacts,
    cost_to_serve, profit (floats, in currency units). `user` None: every customer."""
    columns = ["revenue", "cogs", "compensation", "contacts", "cost_to_serve", "profit"]
    scope = _scope_q(user, "customer__")
    if scope is None:
        return pd.DataFrame(columns=columns, dtype=float)
    sales = pd.DataFrame.from_records(
        OrderLine.objects.filter(scope, ordered_on__gte=since, ordered_on__lte=until)
        .values("customer_id")
        .annotate(revenue=Sum("amount"), cogs=Sum("cost"))
        .order_by(),
        columns=["customer_id", "revenue", "cogs"],
    )
    if sales.empty:
        return pd.DataFrame(columns=columns, dtype=float)
    compensation = pd.DataFrame.from_records(
        Complaint.objects.filter(
            scope,
            state__in=GRANTED,
            compensation_amount__isnull=False,
            received_at__date__gte=since,
            received_at__date__lte=until,
        )
        .values("customer_id")
        .annotate(compensation=Sum("compensation_amount"))
        .order_by(),
        columns=["customer_id", "compensation"],
    )
    contacts = pd.DataFrame.from_records(
        Interaction.objects.filter(
            scope, occurred_at__date__gte=since, occurred_at__date__lte=until
        )
        .values("customer_id")
        .annotate(contacts=Count("id"))
        .order_by(),
        columns=["customer_id", "contacts"],
    )
    frame = (
        sales.set_index("customer_id")
        .join(compensation.set_index("customer_id"), how="left")
        .join(contacts.set_index("customer_id"), how="left")
        .fillna(0)
    )
    frame = frame.astype(float)
    frame["cost_to_serve"] = frame["compensation"] + frame["contacts"] * float(
        Decimal(settings.CRM_CONTACT_COST)
    )
    frame["profit"] = frame["revenue"] - frame["cogs"] - frame["cost_to_serve"]
    return frame[columns].sort_values("profit", ascending=False)


def value_classes(frame: pd.DataFrame) -> pd.Series:
    """A: the top share of buyers by profit (if profitable); C: unprofitable; B: the rest."""
    ranked = frame["profit"].rank(method="first", ascending=False)
    top = max(1, round(len(frame) * settings.CRM_VALUE_CLASS_A_SHARE)) if len(frame) else 0
    classes = pd.Series(ValueClass.B.value, index=frame.index)
    classes[(ranked <= top) & (frame["profit"] > 0)] = ValueClass.A.value
    classes[frame["profit"] <= 0] = ValueClass.C.value
    return classes


@dataclass
class ValueAnalysis:
    since: date
    until: date
    customers: int
    revenue: float
    profit: float
    cost_to_serve: float
    top_share_of_customers: float
    top_share_of_profit: float | None
    unprofitable_customers: int
    unprofitable_share_of_customers: float | None
    unprofitable_loss: float
    unprofitable_share_of_revenue: float | None
    unprofitable_share_of_cost_to_serve: float | None
    profit_without_unprofitable: float
    pareto: list[tuple[float, float]]  # (share of customers, cumulative share of profit)
    classes: dict[str, int]
    top: list[dict[str, Any]]
    bottom: list[dict[str, Any]]


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 6) if whole else None


def value_analysis(*, user: Any, since: date, until: date) -> ValueAnalysis:
    frame = customer_profits(user=user, since=since, until=until)
    count = len(frame)
    top_n = max(1, round(count * settings.CRM_VALUE_CLASS_A_SHARE)) if count else 0
    total_profit = float(frame["profit"].sum()) if count else 0.0
    losing = frame[frame["profit"] < 0]
    cumulative = frame["profit"].cumsum() if count else pd.Series(dtype=float)
    pareto: list[tuple[float, float]] = [(0.0, 0.0)]
    if count and total_profit:
        for step in range(1, PARETO_POINTS + 1):
            reached = max(1, round(count * step / PARETO_POINTS))
            pareto.append(
                (step / PARETO_POINTS, round(float(cumulative.iloc[reached - 1]) / total_profit, 4))
            )
    classes = value_classes(frame) if count else pd.Series(dtype=str)
    names = dict(
        Customer.objects.filter(
            pk__in=[*frame.index[:10].tolist(), *frame.index[-10:].tolist()]
        ).values_list("pk", "name")
    )

    def listed(rows: pd.DataFrame) -> list[dict[str, Any]]:
        return [
            {
                "customer_id": int(customer_id),
                "name": names.get(int(customer_id), ""),
                "revenue": round(float(row["revenue"]), 2),
                "cost_to_serve": round(float(row["cost_to_serve"]), 2),
                "profit": round(float(row["profit"]), 2),
                "value_class": classes.get(customer_id, ""),
            }
            for customer_id, row in rows.iterrows()
        ]

    return ValueAnalysis(
        since=since,
        until=until,
        customers=count,
        revenue=round(float(frame["revenue"].sum()), 2) if count else 0.0,
        profit=round(total_profit, 2),
        cost_to_serve=round(float(frame["cost_to_serve"].sum()), 2) if count else 0.0,
        top_share_of_customers=settings.CRM_VALUE_CLASS_A_SHARE,
        top_share_of_profit=_share(float(frame["profit"].iloc[:top_n].sum()), total_profit)
        if count
        else None,
        unprofitable_customers=len(losing),
        unprofitable_share_of_customers=_share(len(losing), count),
        unprofitable_loss=round(float(losing["profit"].sum()), 2),
        unprofitable_share_of_revenue=_share(
            float(losing["revenue"].sum()), float(frame["revenue"].sum()) if count else 0.0
        ),
        unprofitable_share_of_cost_to_serve=_share(
            float(losing["cost_to_serve"].sum()),
            float(frame["cost_to_serve"].sum()) if count else 0.0,
        ),
        profit_without_unprofitable=round(total_profit - float(losing["profit"].sum()), 2),
        pareto=pareto,
        classes={key: int((classes == key).sum()) for key in ValueClass.values},
        top=listed(frame.iloc[:10]),
        bottom=listed(frame.iloc[::-1].iloc[:10]),
    )


def value_class_refresh(*, until: date | None = None, move_rollups: bool = True) -> dict[str, int]:
    """Write every customer's ABC class from the last year's profit (the nightly job). Only
    changed customers are written, and the rollups move with them in the same transaction
    (unless the caller rebuilds them anyway, as the demo loader does)."""
    until = until or timezone.localdate()
    since = until - timedelta(days=365)
    frame = customer_profits(user=None, since=since, until=until)
    wanted: dict[int, str] = (
        {int(key): str(value) for key, value in value_classes(frame).items()} if len(frame) else {}
    )
    current = dict(
        Customer.objects.filter(Q(pk__in=list(wanted)) | ~Q(value_class="")).values_list(
            "pk", "value_class"
        )
    )
    changes: dict[tuple[str, str], list[int]] = {}
    for customer_id in set(current) | set(wanted):
        before, target = current.get(customer_id, ""), wanted.get(customer_id, "")
        if before != target:
            changes.setdefault((before, target), []).append(customer_id)
    changed = [customer_id for ids in changes.values() for customer_id in ids]
    with transaction.atomic():
        for (before, target), ids in changes.items():
            for start in range(0, len(ids), 5000):
                chunk = ids[start : start + 5000]
                Customer.objects.filter(pk__in=chunk).update(value_class=target)
                if move_rollups:
                    rollup_shift_customers(
                        customer_ids=chunk, column="customer_value_class", old=before, new=target
                    )
        if move_rollups and changed:
            rollup_refresh_statistics()
    return {
        "customers": len(wanted),
        "changed": len(changed),
        **{key: sum(1 for value in wanted.values() if value == key) for key in ValueClass.values},
    }
