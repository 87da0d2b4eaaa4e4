"""Complaint analytics, computed in the database over the complaints the user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.choices import CustomerKind, LifecycleState, ServiceTier
from customers.models import Customer

from .choices import OPEN_STATES, CauseCategory, ComplaintState
from .models import Complaint, ComplaintEvent, Escalation
from .selectors import bought_again

if TYPE_CHECKING:
    from accounts.models import User

STEP_ACTIONS = (
    "judge",
    "assign",
    "analyse",
    "propose",
    "approve",
    "reject",
    "implement",
    "evaluate",
    "close",
    "reopen",
)


@dataclass
class RateRow:
    key: str
    label: str
    complaints: int
    customers: int

    @property
    def per_hundred(self) -> float:
        return round(100 * self.complaints / self.customers, 2) if self.customers else 0.0


@dataclass
class ComplaintAnalytics:
    date_from: date
    date_to: date
    total: int = 0
    on_the_spot_rate: float = 0.0
    breach_rate: float = 0.0
    by_segment: dict[str, list[RateRow]] = field(default_factory=dict)
    by_cause: list[tuple[str, str, int, float]] = field(default_factory=list)
    step_hours: list[tuple[str, str, float, int]] = field(default_factory=list)
    retention: list[dict[str, Any]] = field(default_factory=list)


def _window(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(date_from, time.min), zone)
    end = timezone.make_aware(datetime.combine(date_to + timedelta(days=1), time.min), zone)
    return start, end


def _rates(complaints: Any, customers: Any, path: str, labels: dict[str, str]) -> list[RateRow]:
    counted = dict(complaints.values_list(f"customer__{path}").annotate(n=Count("id")).order_by())
    population = dict(customers.values_list(path).annotate(n=Count("id")).order_by())
    return [
        RateRow(
            str(key), labels.get(str(key), str(key)), counted.get(key, 0), population.get(key, 0)
        )
        for key in sorted(set(population) | set(counted), key=lambda k: str(k))
    ]


def complaint_analytics(*, user: User, date_from: date, date_to: date) -> ComplaintAnalytics:
    start, end = _window(date_from, date_to)
    complaints = Complaint.objects.visible_to(user).filter(
        received_at__gte=start, received_at__lt=end
    )
    customers = Customer.objects.visible_to(user)
    report = ComplaintAnalytics(date_from=date_from, date_to=date_to)
    totals = complaints.aggregate(
        total=Count("id"),
        on_the_spot=Count("id", filter=Q(resolved_on_the_spot=True)),
    )
    report.total = totals["total"]
    if report.total:
        report.on_the_spot_rate = round(100 * totals["on_the_spot"] / report.total, 1)
        breached = (
            Escalation.objects.filter(complaint__in=complaints)
            .values("complaint")
            .distinct()
            .count()
        )
        report.breach_rate = round(100 * breached / report.total, 1)

    from customers.models import Region  # labels in the user's language
    from sales.models import ProductCategory

    report.by_segment = {
        "tier": _rates(complaints, customers, "tier", {k: str(v) for k, v in ServiceTier.choices}),
        "lifecycle_state": _rates(
            complaints, customers, "lifecycle_state", {k: str(v) for k, v in LifecycleState.choices}
        ),
        "kind": _rates(complaints, customers, "kind", {k: str(v) for k, v in CustomerKind.choices}),
        "region": _rates(
            complaints,
            customers,
            "region_id",
            {str(pk): name for pk, name in Region.objects.names().items()},
        ),
    }
    by_category = dict(
        complaints.values_list("product_category").annotate(n=Count("id")).order_by()
    )
    categories = {str(c.pk): c.name for c in ProductCategory.objects.all()}
    buyers = dict(
        customers.filter(orders__lines__category__isnull=False)
        .values_list("orders__lines__category")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    report.by_segment["product_category"] = [
        RateRow(str(key), categories.get(str(key), _("Not specified")), count, buyers.get(key, 0))
        for key, count in sorted(by_category.items(), key=lambda kv: str(kv[0]))
    ]

    causes = (
        complaints.exclude(cause_category="")
        .values_list("cause_category")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    labelled = dict(CauseCategory.choices)
    analysed = sum(n for _key, n in causes)
    report.by_cause = [
        (key, str(labelled.get(key, key)), n, round(100 * n / analysed, 1) if analysed else 0.0)
        for key, n in causes
    ]

    previous = (
        ComplaintEvent.objects.filter(complaint_id=OuterRef("complaint_id"), at__lt=OuterRef("at"))
        .exclude(action__in=["comment", "escalate"])
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    durations = (
        ComplaintEvent.objects.filter(complaint__in=complaints, action__in=STEP_ACTIONS)
        .annotate(entered=Subquery(previous))
        .values("from_state")
        .annotate(
            average=Avg(ExpressionWrapper(F("at") - F("entered"), output_field=DurationField())),
            steps=Count("id"),
        )
        .order_by("from_state")
    )
    states = dict(ComplaintState.choices)
    report.step_hours = [
        (
            row["from_state"],
            str(states.get(row["from_state"], row["from_state"])),
            round(row["average"].total_seconds() / 3600, 1) if row["average"] else 0.0,
            row["steps"],
        )
        for row in durations
    ]

    groups = {
        "on_the_spot": (_("Resolved on the spot"), Q(resolved_on_the_spot=True), "received_at"),
        "later": (
            _("Resolved later"),
            Q(resolved_on_the_spot=False, state=ComplaintState.CLOSED),
            "closed_at",
        ),
        "unresolved": (
            _("Not resolved"),
            Q(resolved_on_the_spot=False)
            & (Q(state=ComplaintState.INVALID) | Q(state__in=OPEN_STATES)),
            "received_at",
        ),
    }
    for key, (label, condition, moment) in groups.items():
        counts = (
            complaints.filter(condition)
            .annotate(moment_day=TruncDate(moment))
            .annotate(came_back=bought_again("moment_day"))
            .aggregate(
                complainants=Count("customer", distinct=True),
                returned=Count("customer", distinct=True, filter=Q(came_back=True)),
            )
        )
        share = (
            round(100 * counts["returned"] / counts["complainants"], 1)
            if counts["complainants"]
            else 0.0
        )
        report.retention.append(
            {
                "key": key,
                "label": str(label),
                "complainants": counts["complainants"],
                "bought_again": counts["returned"],
                "share": share,
            }
        )
    return report
