"""Reads of the care app, each over what the viewer may see (Customer.objects.visible_to)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.errors import NotVisible
from customers.models import Customer, Region
from customers.personality import personality_guide
from customers.policies import customer_sensitive_visible_to

from .models import ChurnScore, CustomerLoss, LossReason, Reminder, ReminderStatus

GIFT_RULE = gettext_lazy(
    "A good gift is rare locally, worth more than it costs, worth keeping, easy to show, "
    "and tied to a moment you shared."
)


def reminder_inbox(
    *, user: User, scope: str = "mine", horizon_days: int | None = None
) -> QuerySet[Reminder]:
    """Open reminders due by the horizon (overdue first): the user's own, or with
    scope=department every reminder the user may see."""
    horizon = timezone.localdate() + timedelta(
        days=settings.CRM_CARE_LEAD_DAYS if horizon_days is None else horizon_days
    )
    reminders = Reminder.objects.visible_to(user)
    if scope != "department":
        reminders = reminders.filter(owner=user)
    return (
        reminders.filter(
            Q(status=ReminderStatus.OPEN, due_on__lte=horizon)
            | Q(status=ReminderStatus.SNOOZED, snoozed_until__lte=horizon)
        )
        .select_related("customer", "owner")
        .order_by("due_on", "id")
    )


def reminder_get(*, user: User, pk: Any) -> Reminder:
    reminder = (
        Reminder.objects.visible_to(user).select_related("customer", "owner").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if reminder is None:
        raise NotVisible(_("No such reminder."))
    return reminder


@dataclass(frozen=True)
class CareAdvice:
    """What to keep in mind for this customer: personality advice and gift hints (SPEC §8)."""

    service: str
    likes: str
    avoid: str
    gift_rule: str


def care_advice(*, reminder: Reminder, user: User) -> CareAdvice:
    customer = reminder.customer
    guide = personality_guide(customer.personality_type)
    sees_sensitive = customer_sensitive_visible_to(user, customer)
    return CareAdvice(
        service=str(guide.service) if guide else "",
        likes=customer.preferences,
        avoid=customer.taboos if sees_sensitive else "",
        gift_rule=str(GIFT_RULE),
    )


def churn_scores(*, user: User, at_risk_only: bool = False) -> QuerySet[ChurnScore]:
    scores = ChurnScore.objects.filter(customer__in=Customer.objects.visible_to(user))
    if at_risk_only:
        scores = scores.filter(at_risk=True)
    return scores.select_related("customer", "customer__owner").order_by("-score", "customer_id")


def purchase_drops(*, user: User, limit: int = 50) -> QuerySet[ChurnScore]:
    """The customers whose spending dropped most (last 90 days against the 90 before)."""
    return (
        ChurnScore.objects.filter(
            customer__in=Customer.objects.visible_to(user), trend__isnull=False, trend__lt=0
        )
        .select_related("customer", "customer__owner")
        .order_by("trend", "-amount_prior_90")[:limit]
    )


def losses(*, user: User) -> QuerySet[CustomerLoss]:
    return (
        CustomerLoss.objects.filter(customer__in=Customer.objects.visible_to(user))
        .select_related("customer", "customer__owner", "customer__region", "recorded_by")
        .order_by("-lost_on", "-id")
    )


def loss_get(*, user: User, pk: Any) -> CustomerLoss:
    loss = losses(user=user).filter(pk=pk).first() if str(pk).isdigit() else None
    if loss is None:
        raise NotVisible(_("No such lost customer."))
    return loss


@dataclass(frozen=True)
class LossReport:
    by_reason: list[tuple[str, int]]
    by_region: list[tuple[str, int]]
    by_manager: list[tuple[str, int]]


def loss_report(*, user: User, since: date | None = None) -> LossReport:
    """Lost customers by reason, region and manager (three GROUP BYs)."""
    rows = losses(user=user)
    if since is not None:
        rows = rows.filter(lost_on__gte=since)
    reasons = dict(LossReason.choices)
    by_reason = [
        (str(reasons.get(row["reason"], row["reason"])), row["n"])
        for row in rows.values("reason").annotate(n=Count("id")).order_by("-n")
    ]
    regions = Region.objects.names()
    by_region = [
        (regions.get(row["customer__region_id"], ""), row["n"])
        for row in rows.values("customer__region_id").annotate(n=Count("id")).order_by("-n")
    ]
    counts = list(rows.values("customer__owner_id").annotate(n=Count("id")).order_by("-n"))
    owners = User.objects.in_bulk([row["customer__owner_id"] for row in counts])
    by_manager = [
        (str(owners[row["customer__owner_id"]]), row["n"])
        for row in counts
        if row["customer__owner_id"] in owners
    ]
    return LossReport(by_reason=by_reason, by_region=by_region, by_manager=by_manager)
