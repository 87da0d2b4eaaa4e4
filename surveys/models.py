from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from customers.models import Customer

from .choices import (
    CampaignKind,
    CampaignStatus,
    Measures,
    QuestionKind,
    TemplateStatus,
)

if TYPE_CHECKING:
    from accounts.models import User

TEXT_LIMIT = [MaxLengthValidator(settings.CRM_TEXT_MAX_LENGTH)]


def _in_language(en: str, zh: str, language: str | None = None) -> str:
    language = language or get_language() or "en"
    return (zh or en) if language.startswith("zh") else (en or zh)


class SurveyTemplate(models.Model):
    """One version of a questionnaire. Published versions are frozen: a change makes a new
    version, and responses stay tied to the version they answered."""

    key = models.SlugField(_("template"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    intro_en = models.TextField(_("introduction (English)"), blank=True, validators=TEXT_LIMIT)
    intro_zh = models.TextField(_("introduction (Chinese)"), blank=True, validators=TEXT_LIMIT)
    status = models.CharField(
        _("status"), max_length=20, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="one_template_version"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(status="draft"), name="one_draft_per_template"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_template_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title(None)} v{self.version}"

    def title(self, language: str | None = None) -> str:
        return _in_language(self.title_en, self.title_zh, language)

    def intro(self, language: str | None = None) -> str:
        return _in_language(self.intro_en, self.intro_zh, language)

    @property
    def is_frozen(self) -> bool:
        return self.status != TemplateStatus.DRAFT


class Question(models.Model):
    template = models.ForeignKey(
        SurveyTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    position = models.PositiveIntegerField(_("position"))
    section_en = models.CharField(_("section (English)"), max_length=200, blank=True)
    section_zh = models.CharField(_("section (Chinese)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text_en = models.CharField(_("question (English)"), max_length=500)
    text_zh = models.CharField(_("question (Chinese)"), max_length=500)
    required = models.BooleanField(_("required"), default=True)
    # For choice questions: [{"value": "...", "en": "...", "zh": "..."}, ...]
    options = models.JSONField(_("options"), default=list, blank=True)
    measures = models.CharField(
        _("feeds the indicator"), max_length=30, choices=Measures.choices, blank=True
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="one_question_per_position"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="question_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text(None)

    def text(self, language: str | None = None) -> str:
        return _in_language(self.text_en, self.text_zh, language)

    def section(self, language: str | None = None) -> str:
        return _in_language(self.section_en, self.section_zh, language)

    def option_labels(self, language: str | None = None) -> list[tuple[str, str]]:
        return [
            (
                str(option["value"]),
                _in_language(option.get("en", ""), option.get("zh", ""), language),
            )
            for option in self.options
        ]


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def visible_to(self, user: User) -> CampaignQuerySet:
        """Campaigns the user runs, their department's (supervisors), the company-wide ones an
        administrator runs, all (admins). Results within count only customers the user may see."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin_role:
            return self.all()
        company_wide = Q(created_by__role="admin")
        if user.is_supervisor:
            return self.filter(Q(created_by__department_id=user.department_id) | company_wide)
        return self.filter(Q(created_by=user) | company_wide)


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=200)
    template = models.ForeignKey(
        SurveyTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices)
    # Segment filters, each a list of values: lifecycle_state, tier, region, owner, tag,
    # personality_type (see surveys.services.SEGMENT_FILTERS).
    segment = models.JSONField(_("segment"), default=dict, blank=True)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_after_days = models.PositiveIntegerField(
        _("links expire after (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="single") | Q(customer__isnull=False), name="single_has_customer"
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(status="active", kind__in=["after_complaint", "after_order"]),
                name="one_active_automatic_campaign_per_trigger",
            ),
            models.CheckConstraint(
                condition=Q(expires_after_days__gte=1, expires_after_days__lte=365),
                name="campaign_expiry_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def visible_to(self, user: User) -> InvitationQuerySet:
        return self.filter(customer__in=Customer.objects.visible_to(user))


class Invitation(models.Model):
    """One customer's unguessable, single-use link to answer a campaign's survey."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="invitations"
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    token = models.CharField(_("link token"), max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    source = models.CharField(_("reason"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "customer", "source"], name="one_invitation_per_occasion"
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "responded_at"], name="invitation_progress_idx")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.customer_id}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class ResponseQuerySet(models.QuerySet["SurveyResponse"]):
    def visible_to(self, user: User) -> ResponseQuerySet:
        return self.filter(customer__in=Customer.objects.visible_to(user))


class SurveyResponse(models.Model):
    """A submitted questionnaire; at most one per invitation, whatever the client retries."""

    invitation = models.OneToOneField(
        Invitation, verbose_name=_("invitation"), on_delete=models.CASCADE, related_name="response"
    )
    template = models.ForeignKey(
        SurveyTemplate,
        verbose_name=_("template version"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="survey_responses",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    language = models.CharField(_("language"), max_length=10)
    # Scores kept with the response so lists and the customer page need no recomputation.
    nps = models.PositiveSmallIntegerField(_("would recommend (0–10)"), null=True, blank=True)
    csat = models.DecimalField(_("CSAT"), max_digits=5, decimal_places=4, null=True, blank=True)
    satisfaction_index = models.DecimalField(
        _("satisfaction index"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    # Unhappy (a detractor or perceived below expected) and its care task not yet scheduled:
    # written with the response, so the task survives a broker that is down at submit time.
    care_pending = models.BooleanField(_("care task pending"), default=False)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "-submitted_at"], name="response_customer_idx"),
            models.Index(
                fields=["submitted_at"],
                condition=Q(care_pending=True),
                name="response_care_pending_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(nps__isnull=True) | Q(nps__lte=10), name="response_nps_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id} {self.submitted_at:%Y-%m-%d}"

    @property
    def is_detractor(self) -> bool:
        return self.nps is not None and self.nps <= 6


class Answer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)  # rating / NPS
    expected = models.PositiveSmallIntegerField(_("expected"), null=True, blank=True)
    perceived = models.PositiveSmallIntegerField(_("perceived"), null=True, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True, validators=TEXT_LIMIT)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=10), name="answer_score_range"
            ),
            models.CheckConstraint(
                condition=(Q(expected__isnull=True) | Q(expected__gte=1, expected__lte=5))
                & (Q(perceived__isnull=True) | Q(perceived__gte=1, perceived__lte=5)),
                name="answer_pair_range",
            ),
        ]
        indexes = [models.Index(fields=["question"], name="answer_question_idx")]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_id}"
