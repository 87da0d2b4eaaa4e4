from __future__ import annotations

import logging

from celery import shared_task

from .churn import churn_analyse
from .value import value_class_refresh

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def refresh_value_classes() -> dict[str, int]:
    """Nightly: the ABC value class of every customer; rerunning changes nothing more."""
    outcome = value_class_refresh()
    logger.info("value classes refreshed", extra=outcome)
    return outcome


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    acks_late=True,
)
def analyse_churn() -> dict[str, int]:
    """Nightly: the lifecycle rules, then churn-risk scores and reminders."""
    outcome = churn_analyse()
    logger.info("churn analysed", extra=outcome)
    return outcome
