"""Complaint reads; each starts from Complaint.objects.visible_to(user)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import NotVisible
from sales.models import Order

from .choices import OPEN_STATES, ComplaintState
from .models import Complaint, ComplaintEvent, ComplaintQuerySet
from .workflow import waiting_on_q

if TYPE_CHECKING:
    from accounts.models import User

INBOXES = ("mine", "department", "overdue", "all")


def complaint_list(*, user: User) -> ComplaintQuerySet:
    return Complaint.objects.visible_to(user).select_related(
        "customer", "customer__owner", "department", "recorded_by", "product_category"
    )


def complaint_get(*, user: User, pk: object) -> Complaint:
    try:
        return (
            complaint_list(user=user)
            .select_related("proposed_by", "approved_by")
            .get(pk=int(str(pk)))
        )
    except (Complaint.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotVisible(_("No such complaint.")) from None


def complaint_inbox(*, user: User, box: str) -> ComplaintQuerySet:
    """An inbox: complaints waiting on me, my department's, overdue ones, or all I may see —
    overdue first, then by how soon the current step is due."""
    complaints = complaint_list(user=user)
    if box == "mine":
        complaints = complaints.filter(waiting_on_q(user))
    elif box == "department":
        complaints = complaints.filter(
            Q(department_id=user.department_id) | Q(customer__department_id=user.department_id)
        )
    elif box == "overdue":
        complaints = complaints.filter(state__in=OPEN_STATES, step_deadline__lt=timezone.now())
    return complaints.annotate(
        overdue=Case(
            When(state__in=OPEN_STATES, step_deadline__lt=timezone.now(), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        open_first=Case(
            When(state__in=OPEN_STATES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
    ).order_by("-overdue", "open_first", F("step_deadline").asc(nulls_last=True), "-received_at")


def complaint_history(*, complaint: Complaint) -> list[ComplaintEvent]:
    return list(complaint.events.select_related("actor"))


def approval_queue(*, user: User) -> ComplaintQuerySet:
    """Proposals waiting for this supervisor's decision, oldest first, with what the decision
    needs on one screen: the customer's value and tier and their earlier complaints."""
    if not user.is_supervisor or user.department_id is None:
        return Complaint.objects.none()
    earlier = Complaint.objects.select_related("product_category").order_by("-received_at")
    return (
        complaint_list(user=user)
        .filter(state=ComplaintState.PROPOSED, department_id=user.department_id)
        .exclude(proposed_by_id=user.pk)
        .select_related("proposed_by")
        .annotate(
            customer_revenue=Coalesce(
                Sum("customer__orders__total_amount"),
                Value(0),
                output_field=DecimalField(max_digits=16, decimal_places=2),
            )
        )
        .prefetch_related(
            Prefetch("customer__complaints", queryset=earlier, to_attr="all_complaints")
        )
        .order_by("state_since", "id")
    )


def customer_complaints(*, customer_id: int, user: User, limit: int = 20) -> ComplaintQuerySet:
    return complaint_list(user=user).filter(customer_id=customer_id)[:limit]


def bought_again(after_day: str) -> Exists:
    """An order by the same customer dated after `after_day` (a date annotation)."""
    return Exists(
        Order.objects.filter(
            customer_id=OuterRef("customer_id"), ordered_on__gt=OuterRef(after_day)
        )
    )


def complaint_counts(*, user: User) -> dict[str, int]:
    totals = complaint_list(user=user).aggregate(
        open=Count("id", filter=Q(state__in=OPEN_STATES)),
        overdue=Count("id", filter=Q(state__in=OPEN_STATES, step_deadline__lt=timezone.now())),
        waiting=Count("id", filter=waiting_on_q(user)),
    )
    return {key: value or 0 for key, value in totals.items()}
