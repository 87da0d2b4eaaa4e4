from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.models import Customer

if TYPE_CHECKING:
    from accounts.models import User


class ReminderKind(models.TextChoices):
    BIRTHDAY = "birthday", _("Birthday")
    ANNIVERSARY = "anniversary", _("Anniversary")
    HONOUR_DAY = "honour_day", _("Honour day")
    HOLIDAY = "holiday", _("Holiday greeting")
    CONTACT_GAP = "contact_gap", _("Time to get in touch")
    PROMISE_DUE = "promise_due", _("Promise falling due")
    COMPLAINT_FOLLOW_UP = "complaint_follow_up", _("Complaint follow-up")
    COMPLAINT_ESCALATED = "complaint_escalated", _("Overdue complaint")
    SATISFACTION_ALERT = "satisfaction_alert", _("Dissatisfied customer")
    CHURN_RISK = "churn_risk", _("Churn risk")
    OTHER = "other", _("Other")


class ReminderStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SNOOZED = "snoozed", _("Snoozed")
    DONE = "done", _("Done")
    DISMISSED = "dismissed", _("Dismissed")


class ReminderQuerySet(models.QuerySet["Reminder"]):
    def visible_to(self, user: User) -> ReminderQuerySet:
        """Reminders about customers the user may see (Customer.objects.visible_to)."""
        return self.filter(customer__in=Customer.objects.visible_to(user))

    def pending(self) -> ReminderQuerySet:
        return self.filter(status__in=[ReminderStatus.OPEN, ReminderStatus.SNOOZED])


class Reminder(models.Model):
    """A care task in an account manager's inbox (客户关怀). `source_key` makes scheduling
    idempotent: whatever schedules the same occasion twice gets the same row back."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("for"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(
        _("detail"), blank=True, validators=[MaxLengthValidator(settings.CRM_TEXT_MAX_LENGTH)]
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReminderStatus.choices, default=ReminderStatus.OPEN
    )
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    source_key = models.CharField(_("source"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closing_note = models.TextField(_("note"), blank=True)
    interaction = models.ForeignKey(
        "customers.Interaction",
        verbose_name=_("logged contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"], name="reminder_inbox_idx"),
            models.Index(fields=["customer", "-due_on"], name="reminder_customer_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="snoozed") | Q(snoozed_until__isnull=False),
                name="reminder_snooze_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "snoozed"]) | Q(closed_at__isnull=False),
                name="reminder_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def effective_due_on(self) -> date:
        if self.status == ReminderStatus.SNOOZED and self.snoozed_until:
            return self.snoozed_until
        return self.due_on
