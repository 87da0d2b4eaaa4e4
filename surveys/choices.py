from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating 1–5")
    NPS = "nps", _("Would recommend 0–10 (NPS)")
    EXPECTATION = "expectation", _("Expected vs. perceived (1–5 each)")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")


class Measures(models.TextChoices):
    """What a question feeds on the satisfaction dashboard (SPEC §5 indicators)."""

    NOTHING = "", _("—")
    AWARENESS = "awareness", _("Awareness (知名度): the first choice means 'knew us'")
    REPURCHASE_INTENT = "repurchase_intent", _("Intent to buy again")


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class CampaignKind(models.TextChoices):
    SEGMENT = "segment", _("To a segment")
    SINGLE = "single", _("To one customer")
    AFTER_COMPLAINT = "after_complaint", _("Automatically after a complaint is evaluated")
    AFTER_ORDER = "after_order", _("Automatically after an order")


AUTOMATIC_KINDS = (CampaignKind.AFTER_COMPLAINT, CampaignKind.AFTER_ORDER)


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")
