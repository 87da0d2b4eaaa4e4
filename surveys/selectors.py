"""Survey reads; campaigns by who runs them, responses by customer visibility."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.errors import NotVisible

from .choices import AUTOMATIC_KINDS, CampaignStatus
from .models import (
    Campaign,
    CampaignQuerySet,
    Invitation,
    ResponseQuerySet,
    SurveyResponse,
    SurveyTemplate,
)

if TYPE_CHECKING:
    from accounts.models import User


def campaign_list(*, user: User) -> CampaignQuerySet:
    return (
        Campaign.objects.visible_to(user)
        .select_related("template", "created_by", "customer")
        .annotate(
            invited=Count("invitations", distinct=True),
            answered=Count(
                "invitations", filter=Q(invitations__responded_at__isnull=False), distinct=True
            ),
        )
    )


def campaign_get(*, user: User, pk: object) -> Campaign:
    try:
        return campaign_list(user=user).get(pk=int(str(pk)))
    except (Campaign.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotVisible(_("No such campaign.")) from None


def template_get(*, pk: object) -> SurveyTemplate:
    try:
        return SurveyTemplate.objects.prefetch_related("questions").get(pk=int(str(pk)))
    except (SurveyTemplate.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotVisible(_("No such template.")) from None


def campaign_invitations(*, campaign: Campaign, user: User, limit: int = 200) -> list[Invitation]:
    return list(
        Invitation.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("customer")
        .order_by("responded_at", "customer__name")[:limit]
    )


def response_list(*, user: User) -> ResponseQuerySet:
    return SurveyResponse.objects.visible_to(user).select_related(
        "customer", "template", "invitation__campaign"
    )


# Whether an automatic survey is active, per process for a few seconds: every order asks.
ACTIVE_TTL = 5.0
_active: tuple[float, frozenset[str]] = (0.0, frozenset())


def automatic_survey_active(kind: str) -> bool:
    global _active
    read_at, kinds = _active
    if time.monotonic() - read_at > ACTIVE_TTL:
        kinds = frozenset(
            Campaign.objects.filter(
                kind__in=AUTOMATIC_KINDS,
                status=CampaignStatus.ACTIVE,
            ).values_list("kind", flat=True)
        )
        _active = (time.monotonic(), kinds)
    return kind in kinds


def automatic_surveys_changed() -> None:
    global _active
    _active = (0.0, frozenset())
