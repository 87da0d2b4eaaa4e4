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


class ChurnScore(models.Model):
    """The nightly churn analysis (流失分析) of one current or loyal customer."""

    customer = models.OneToOneField(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="churn_score",
    )
    score = models.PositiveSmallIntegerField(_("churn risk (0–100)"))
    reasons = models.JSONField(_("reasons"), default=list)  # [{"code", "points", ...values}]
    recency_days = models.PositiveIntegerField(_("days since last purchase"), null=True)
    orders_last_year = models.PositiveIntegerField(_("orders in the last year"), default=0)
    amount_last_year = models.DecimalField(
        _("spent in the last year"), max_digits=18, decimal_places=2, default=0
    )
    amount_last_90 = models.DecimalField(
        _("spent in the last 90 days"), max_digits=18, decimal_places=2, default=0
    )
    amount_prior_90 = models.DecimalField(
        _("spent in the 90 days before"), max_digits=18, decimal_places=2, default=0
    )
    trend = models.FloatField(_("purchase trend"), null=True)  # −1 … +∞, last 90 vs prior 90
    complaints = models.PositiveIntegerField(_("complaints in 180 days"), default=0)
    at_risk = models.BooleanField(_("at risk"), default=False)
    at_risk_since = models.DateField(_("at risk since"), null=True, blank=True)
    computed_on = models.DateField(_("computed on"))

    class Meta:
        verbose_name = _("churn score")
        verbose_name_plural = _("churn scores")
        indexes = [models.Index(fields=["at_risk", "-score"], name="churn_at_risk_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=100), name="churn_score_at_most_100")
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.score}"


class LossReason(models.TextChoices):
    PENDING = "", _("Not recorded yet")
    PRICE = "price", _("Price")
    COMPETITOR = "competitor", _("Went to a competitor")
    QUALITY = "quality", _("Product quality")
    SERVICE = "service", _("Service")
    NO_NEED = "no_need", _("No longer needs it")
    MOVED = "moved", _("Moved away or closed")
    OTHER = "other", _("Other")


class CustomerLoss(models.Model):
    """A customer becoming lost, and why, as the account manager records it."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="losses"
    )
    lost_on = models.DateField(_("lost on"))
    reason = models.CharField(
        _("reason"), max_length=20, choices=LossReason.choices, blank=True, default=""
    )
    note = models.TextField(
        _("note"), blank=True, validators=[MaxLengthValidator(settings.CRM_TEXT_MAX_LENGTH)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lost customer")
        verbose_name_plural = _("lost customers")
        ordering = ["-lost_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "lost_on"], name="one_loss_per_day"),
            models.CheckConstraint(
                condition=Q(reason__in=LossReason.values), name="loss_reason_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.lost_on}"


class PointsKind(models.TextChoices):
    PURCHASE = "purchase", _("Earned by a purchase")
    REFERRAL = "referral", _("Earned by a referral")
    REDEEM = "redeem", _("Redeemed")
    EXPIRE = "expire", _("Expired")


class PointsEntry(models.Model):
    """The points ledger (积分制): append-only; earnings keep what is left of them, so
    redemptions use the oldest points first and expiry takes only what is unused."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="points"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PointsKind.choices)
    points = models.IntegerField(_("points"))  # + earned, − redeemed or expired
    remaining = models.PositiveIntegerField(_("unused"), default=0)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    order = models.ForeignKey(
        "sales.Order",
        verbose_name=_("order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    referred = models.ForeignKey(
        Customer,
        verbose_name=_("referred customer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    source_key = models.CharField(_("source"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points ledger")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "created_at"], name="points_customer_idx"),
            models.Index(fields=["expires_on"], name="points_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind__in=["purchase", "referral"], points__gt=0))
                | (Q(kind__in=["redeem", "expire"], points__lt=0, remaining=0)),
                name="points_sign_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(remaining__lte=models.F("points")) | Q(points__lt=0),
                name="points_remaining_within_earned",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.points:+d}"


class CareDigest(models.Model):
    """That a manager's morning digest went out, so a rerun of the day sends none again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("care digest")
        verbose_name_plural = _("care digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
