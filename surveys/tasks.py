from __future__ import annotations

import logging

from celery import shared_task

from .choices import CampaignKind
from .models import Invitation
from .services import (
    campaign_remind,
    invitation_for_event,
    invitation_send_email,
    responses_act_on_pending,
)

logger = logging.getLogger(__name__)
TRANSIENT = (ConnectionError, TimeoutError, OSError)


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5, acks_late=True)
def email_invitations(invitation_ids: list[int]) -> int:
    sent = 0
    for invitation in Invitation.objects.filter(
        pk__in=invitation_ids, emailed_at__isnull=True
    ).select_related("customer"):
        sent += invitation_send_email(invitation=invitation)
    logger.info("survey invitations e-mailed", extra={"count": sent})
    return sent


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5, acks_late=True)
def act_on_unhappy_responses() -> int:
    """Every 20 seconds: a care task for the owner of each new detractor or missed
    expectation, so it lands within a minute of the answer."""
    scheduled = responses_act_on_pending()
    if scheduled:
        logger.info("care tasks for unhappy survey responses", extra={"count": scheduled})
    return scheduled


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5, acks_late=True)
def remind_non_responders() -> int:
    """Daily: remind customers who have not answered yet (at most twice)."""
    sent = campaign_remind()
    logger.info("survey reminders sent", extra={"count": sent})
    return sent


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5, acks_late=True)
def invite_after_event(kind: str, customer_id: int, source: str) -> bool:
    if kind not in (CampaignKind.AFTER_COMPLAINT, CampaignKind.AFTER_ORDER):
        return False
    return invitation_for_event(kind=kind, customer_id=customer_id, source=source) is not None
