from __future__ import annotations

import logging

from celery import shared_task

from .services import campaign_remind, responses_act_on_pending

logger = logging.getLogger(__name__)
TRANSIENT = (ConnectionError, TimeoutError, OSError)


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
    """Daily: queue reminders to customers who have not answered yet (at most twice)."""
    queued = campaign_remind()
    logger.info("survey reminders queued", extra={"count": queued})
    return queued
