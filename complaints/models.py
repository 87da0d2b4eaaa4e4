from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.choices import InteractionChannel
from customers.models import Customer

from .choices import (
    OPEN_STATES,
    CauseCategory,
    CompensationKind,
    ComplaintCategory,
    ComplaintState,
    CustomerOpinion,
    Severity,
)

if TYPE_CHECKING:
    from accounts.models import User

TEXT_LIMIT = [MaxLengthValidator(settings.CRM_TEXT_MAX_LENGTH)]


class ComplaintQuerySet(models.QuerySet["Complaint"]):
    def visible_to(self, user: User) -> ComplaintQuerySet:
        """Complaints about customers the user may see (Customer.objects.visible_to, which also
        lets the responsible department see the customers it handles complaints for)."""
        return self.filter(customer__in=Customer.objects.visible_to(user))

    def open(self) -> ComplaintQuerySet:
        return self.filter(state__in=OPEN_STATES)


class Complaint(models.Model):
    """A customer complaint and where it stands in the eight-step process (complaints.workflow)."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="complaints"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=InteractionChannel.choices)
    content = models.TextField(_("what the customer says"), validators=TEXT_LIMIT)
    category = models.CharField(_("category"), max_length=20, choices=ComplaintCategory.choices)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.NORMAL
    )
    customer_request = models.TextField(
        _("what the customer asks for"), blank=True, validators=TEXT_LIMIT
    )
    product_category = models.ForeignKey(
        "sales.ProductCategory",
        verbose_name=_("product category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_on_the_spot = models.BooleanField(_("resolved on the spot (当场解决)"), default=False)

    state = models.CharField(
        _("state"), max_length=20, choices=ComplaintState.choices, default=ComplaintState.RECORDED
    )
    state_since = models.DateTimeField(_("in this step since"), default=timezone.now)
    step_deadline = models.DateTimeField(_("step due by"), null=True, blank=True)
    is_escalated = models.BooleanField(_("escalated"), default=False)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    # Step 2: validity
    invalid_explanation = models.TextField(
        _("explanation to the customer"), blank=True, validators=TEXT_LIMIT
    )
    # Step 3: responsible department
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    # Step 4: cause
    cause_category = models.CharField(
        _("cause"), max_length=30, choices=CauseCategory.choices, blank=True
    )
    cause_detail = models.TextField(_("cause analysis"), blank=True, validators=TEXT_LIMIT)
    # Step 5: resolution
    resolution_actions = models.TextField(_("resolution"), blank=True, validators=TEXT_LIMIT)
    compensation_kind = models.CharField(
        _("compensation"), max_length=20, choices=CompensationKind.choices, blank=True
    )
    compensation_amount = models.DecimalField(
        _("compensation amount"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Step 6: decision
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Step 7: implementation
    implementation = models.TextField(_("what was done"), blank=True, validators=TEXT_LIMIT)
    implemented_on = models.DateField(_("done on"), null=True, blank=True)
    # Step 8: evaluation
    evaluation = models.TextField(_("summary"), blank=True, validators=TEXT_LIMIT)
    customer_opinion = models.CharField(
        _("customer's opinion"), max_length=20, choices=CustomerOpinion.choices, blank=True
    )
    customer_opinion_note = models.TextField(
        _("in the customer's words"), blank=True, validators=TEXT_LIMIT
    )
    lessons = models.TextField(_("lessons learned"), blank=True, validators=TEXT_LIMIT)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["state", "step_deadline"], name="complaint_due_idx"),
            models.Index(fields=["department", "state"], name="complaint_dept_state_idx"),
            models.Index(fields=["customer", "-received_at"], name="complaint_customer_idx"),
            models.Index(fields=["department", "customer"], name="complaint_dept_customer_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ComplaintState.values), name="complaint_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(compensation_amount__gte=0), name="complaint_compensation_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(reopen_count__lte=1), name="complaint_reopened_at_most_once"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["assigned", "analysed", "proposed", "approved"])
                | Q(department__isnull=False),
                name="complaint_worked_by_a_department",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["closed", "invalid"]) | Q(closed_at__isnull=False),
                name="complaint_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.customer_id} {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and self.step_deadline and self.step_deadline < timezone.now())


class ComplaintEvent(models.Model):
    """The audit trail: every step, field change and comment, append-only (complaints.audit)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True, validators=TEXT_LIMIT)
    changes = models.JSONField(_("fields changed"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint", "at"], name="complaint_event_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action}"


class StepDeadline(models.Model):
    """How long a step may take, per severity (及时准确); editable by admins."""

    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    state = models.CharField(_("step"), max_length=20, choices=ComplaintState.choices)
    hours = models.PositiveIntegerField(_("hours"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("step deadline")
        verbose_name_plural = _("step deadlines")
        ordering = ["severity", "state"]
        constraints = [
            models.UniqueConstraint(fields=["severity", "state"], name="one_deadline_per_step"),
            models.CheckConstraint(condition=Q(hours__gte=1), name="deadline_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.severity}/{self.state}: {self.hours}h"


class Escalation(models.Model):
    """One row per breached step: makes escalation happen once, however often the job runs."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="escalations"
    )
    state = models.CharField(_("step"), max_length=20, choices=ComplaintState.choices)
    step_started_at = models.DateTimeField(_("step started at"))
    deadline = models.DateTimeField(_("was due by"))
    escalated_at = models.DateTimeField(_("escalated at"), default=timezone.now)
    notified = models.JSONField(_("supervisors notified"), default=list)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-escalated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "state", "step_started_at"], name="one_escalation_per_breach"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.state}"


def customers_handled_by(user: User) -> QuerySet[Any]:
    """The customers with a complaint routed to the user's department: staff and supervisors
    there work those complaints, so they may see those customers (a grant to
    Customer.objects.visible_to, registered in ComplaintsConfig.ready)."""
    department_id = user.department_id
    if department_id is None:
        return Complaint.objects.none().values("customer_id")
    return Complaint.objects.filter(department_id=department_id).values("customer_id")
