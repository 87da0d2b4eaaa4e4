from __future__ import annotations

import logging

from celery import shared_task

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
