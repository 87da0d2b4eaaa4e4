"""Celery tasks of the care jobs: each takes no data, calls one service, logs what it did and
retries transient failures with backoff. Scheduled in crm/schedules.py."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from .digest import care_digests_send
from .loyalty import points_expire
from .reminders_daily import care_reminders_for_day

logger = logging.getLogger(__name__)
RETRY: dict[str, Any] = {
    "autoretry_for": (ConnectionError, TimeoutError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
    "acks_late": True,
}


@shared_task(**RETRY)
def schedule_care_reminders() -> dict[str, int]:
    outcome = care_reminders_for_day()
    logger.info("care reminders scheduled", extra=outcome)
    return outcome


@shared_task(**RETRY)
def expire_points() -> int:
    expired = points_expire()
    logger.info("points expired", extra={"points": expired})
    return expired


@shared_task(**RETRY)
def send_care_digests() -> int:
    sent = care_digests_send()
    logger.info("care digests sent", extra={"count": sent})
    return sent
