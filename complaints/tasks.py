from __future__ import annotations

import logging

from celery import shared_task

from .services import complaint_escalate_overdue

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def escalate_overdue_complaints() -> int:
    """Periodic (every 15 minutes): mark overdue complaints escalated, once per breach."""
    escalated = complaint_escalate_overdue()
    logger.info("overdue complaints escalated", extra={"count": escalated})
    return escalated
