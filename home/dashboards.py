"""The home page's dashboards: an account manager's day and a supervisor's department view.

Each figure comes from the owning app's selector (so the same visibility rule applies as on
that app's own page) or from one aggregate query; the page runs a fixed number of queries
however many customers, complaints or managers there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import Role, User
from analytics.models import OrderRollup, report_scope
from analytics.selectors import add_months
from care.models import ChurnScore, Reminder, ReminderStatus
from care.selectors import churn_scores, reminder_inbox
from complaints.choices import OPEN_STATES, ComplaintState
from complaints.models import Complaint
from complaints.selectors import approval_queue, complaint_counts, complaint_inbox
from customers.models import Interaction
from surveys.choices import QuestionKind
from surveys.scores import Scores, nps_of, scores_by_month, visible_answers

LIST_SIZE = 6
TREND_MONTHS = 6
PROMISE_DAYS = 7


@dataclass(frozen=True)
class Change:
    """A figure this period against the previous one."""

    now: Decimal | int
    before: Decimal | int

    @property
    def percent(self) -> float | None:
        if not self.before:
            return None
        return round(100 * (float(self.now) - float(self.before)) / float(self.before), 1)


@dataclass
class ManagerRow:
    """One account manager in the supervisor's comparison."""

    manager: User
    sales: Change
    open_complaints: int = 0
    at_risk: int = 0
    overdue_reminders: int = 0
    nps: float | None = None


@dataclass
class ManagerDay:
    reminders: list[Reminder]
    reminders_due: int
    at_risk: list[ChurnScore]
    at_risk_count: int
    complaints: list[Complaint]
    complaint_counts: dict[str, int]
    promises: list[Interaction]
    satisfaction: list[tuple[date, Scores]]
    sales: Change
    orders: Change


@dataclass
class DepartmentView:
    waiting: list[Complaint]
    approvals: list[Complaint]
    approvals_count: int
    overdue: list[Complaint]
    complaint_counts: dict[str, int]
    satisfaction: list[tuple[date, Scores]]
    complaints_received: Change
    complaints_closed: Change
    compensation: Change
    sales: Change
    orders: Change
    managers: list[ManagerRow] = field(default_factory=list)


def _aware(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _sales(user: User) -> tuple[Change, Change]:
    """Sales of this calendar month so far against last month, from the rollup (one query)."""
    today = timezone.localdate()
    this_month, last_month = add_months(today, 0), add_months(today, -1)
    totals = (
        OrderRollup.objects.visible_to(user)
        .filter(month__in=[this_month, last_month])
        .aggregate(
            amount_now=Sum("amount", filter=Q(month=this_month)),
            amount_before=Sum("amount", filter=Q(month=last_month)),
            orders_now=Sum("order_count", filter=Q(month=this_month)),
            orders_before=Sum("order_count", filter=Q(month=last_month)),
        )
    )
    return (
        Change(totals["amount_now"] or Decimal(0), totals["amount_before"] or Decimal(0)),
        Change(totals["orders_now"] or 0, totals["orders_before"] or 0),
    )


def _department_complaints(user: User) -> Any:
    """The complaints a user's figures cover: for a department, those about its customers and
    those it handles (a service department's work is other departments' customers); for a
    manager, their customers'; for an admin, all. Always within what the user may see."""
    complaints = Complaint.objects.visible_to(user)
    scope = report_scope(user)
    if scope is None:
        return complaints.none()
    if "department" in scope:
        department = scope["department"]
        return complaints.filter(
            Q(department_id=department) | Q(customer__department_id=department)
        )
    if "owner" in scope:
        return complaints.filter(customer__owner_id=scope["owner"])
    return complaints


def manager_day(*, user: User) -> ManagerDay:
    """What an account manager should do today and how their customers are doing."""
    today = timezone.localdate()
    reminders = reminder_inbox(user=user, horizon_days=0)
    at_risk = churn_scores(user=user, at_risk_only=True).filter(customer__owner=user)
    waiting = complaint_inbox(user=user, box="mine")
    promises = (
        Interaction.objects.visible_to(user)
        .filter(Q(user=user) | Q(customer__owner=user))
        .filter(promise_due__gte=today, promise_due__lte=today + timedelta(days=PROMISE_DAYS))
        .select_related("customer")
        .order_by("promise_due", "id")
    )
    sales, orders = _sales(user)
    return ManagerDay(
        reminders=list(reminders[:LIST_SIZE]),
        reminders_due=reminders.count(),
        at_risk=list(at_risk[:LIST_SIZE]),
        at_risk_count=at_risk.count(),
        complaints=list(waiting[:LIST_SIZE]),
        complaint_counts=complaint_counts(user=user),
        promises=list(promises[: LIST_SIZE * 2]),
        satisfaction=scores_by_month(user=user, months=TREND_MONTHS),
        sales=sales,
        orders=orders,
    )


def _complaint_figures(user: User) -> tuple[Change, Change, Change, dict[str, int]]:
    """Complaints received and closed, and compensation granted, this month against last;
    how many are open and overdue now (one query)."""
    today = timezone.localdate()
    this_month, last_month = _aware(add_months(today, 0)), _aware(add_months(today, -1))
    complaints = _department_complaints(user)
    totals = complaints.aggregate(
        open=Count("id", filter=Q(state__in=OPEN_STATES)),
        overdue=Count("id", filter=Q(state__in=OPEN_STATES, step_deadline__lt=timezone.now())),
        received_now=Count("id", filter=Q(received_at__gte=this_month)),
        received_before=Count(
            "id", filter=Q(received_at__gte=last_month, received_at__lt=this_month)
        ),
        closed_now=Count("id", filter=Q(closed_at__gte=this_month)),
        closed_before=Count("id", filter=Q(closed_at__gte=last_month, closed_at__lt=this_month)),
        compensation_now=Sum("compensation_amount", filter=Q(closed_at__gte=this_month)),
        compensation_before=Sum(
            "compensation_amount", filter=Q(closed_at__gte=last_month, closed_at__lt=this_month)
        ),
    )
    return (
        Change(totals["received_now"], totals["received_before"]),
        Change(totals["closed_now"], totals["closed_before"]),
        Change(
            totals["compensation_now"] or Decimal(0), totals["compensation_before"] or Decimal(0)
        ),
        {"open": totals["open"], "overdue": totals["overdue"]},
    )


def _managers_compared(user: User) -> list[ManagerRow]:
    """The department's account managers side by side: five grouped queries in all."""
    scope = report_scope(user)
    if scope is None or "owner" in scope:
        return []
    managers = User.objects.filter(role=Role.MANAGER, is_active=True).select_related("department")
    if "department" in scope:
        managers = managers.filter(department_id=scope["department"])
    rows = {m.pk: ManagerRow(manager=m, sales=Change(Decimal(0), Decimal(0))) for m in managers}
    if not rows:
        return []
    today = timezone.localdate()
    this_month, last_month = add_months(today, 0), add_months(today, -1)
    owners = list(rows)
    sales = (
        OrderRollup.objects.visible_to(user)
        .filter(month__in=[this_month, last_month], customer_owner_id__in=owners)
        .values("customer_owner_id")
        .annotate(
            now=Sum("amount", filter=Q(month=this_month)),
            before=Sum("amount", filter=Q(month=last_month)),
        )
    )
    for row in sales:
        rows[row["customer_owner_id"]].sales = Change(
            row["now"] or Decimal(0), row["before"] or Decimal(0)
        )
    complaints = (
        Complaint.objects.visible_to(user)
        .filter(state__in=OPEN_STATES, customer__owner_id__in=owners)
        .values("customer__owner_id")
        .annotate(n=Count("id"))
    )
    for row in complaints:
        rows[row["customer__owner_id"]].open_complaints = row["n"]
    risky = (
        churn_scores(user=user, at_risk_only=True)
        .filter(customer__owner_id__in=owners)
        .order_by()
        .values("customer__owner_id")
        .annotate(n=Count("customer_id"))
    )
    for row in risky:
        rows[row["customer__owner_id"]].at_risk = row["n"]
    overdue = (
        Reminder.objects.visible_to(user)
        .filter(owner_id__in=owners, status=ReminderStatus.OPEN, due_on__lt=today)
        .values("owner_id")
        .annotate(n=Count("id"))
    )
    for row in overdue:
        rows[row["owner_id"]].overdue_reminders = row["n"]
    since = _aware(today - timedelta(days=90))
    nps = (
        visible_answers(user)
        .filter(
            question__kind=QuestionKind.NPS,
            score__isnull=False,
            response__submitted_at__gte=since,
            response__customer__owner_id__in=owners,
        )
        .values("response__customer__owner_id")
        .annotate(
            answers=Count("id"),
            promoters=Count("id", filter=Q(score__gte=9)),
            detractors=Count("id", filter=Q(score__lte=6)),
        )
    )
    for row in nps:
        rows[row["response__customer__owner_id"]].nps = nps_of(
            row["promoters"], row["detractors"], row["answers"]
        )
    return sorted(rows.values(), key=lambda r: (-r.sales.now, str(r.manager)))


def department_view(*, user: User) -> DepartmentView:
    """A supervisor's (or admin's) department at a glance; department staff see the complaint
    part of it."""
    sees_sales = not user.is_department_staff
    waiting = complaint_inbox(user=user, box="mine")
    if user.is_supervisor:  # their proposals to decide are listed as approvals
        waiting = waiting.exclude(state=ComplaintState.PROPOSED)
    approvals = approval_queue(user=user)
    overdue = complaint_inbox(user=user, box="overdue").filter(
        pk__in=_department_complaints(user).values("pk")
    )
    received, closed, compensation, counts = _complaint_figures(user)
    if sees_sales:
        sales, orders = _sales(user)
    else:
        sales, orders = Change(Decimal(0), Decimal(0)), Change(0, 0)
    return DepartmentView(
        waiting=list(waiting[:LIST_SIZE]),
        approvals=list(approvals[:LIST_SIZE]),
        approvals_count=approvals.count(),
        overdue=list(overdue[:LIST_SIZE]),
        complaint_counts=counts,
        satisfaction=scores_by_month(user=user, months=TREND_MONTHS),
        complaints_received=received,
        complaints_closed=closed,
        compensation=compensation,
        sales=sales,
        orders=orders,
        managers=_managers_compared(user) if sees_sales else [],
    )
