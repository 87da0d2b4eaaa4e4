"""The outbox's Celery tasks: hand-over after commit and the sweep, both safe to run twice."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from .outbox import outbox_run, outbox_sweep
from .retention import records_purge

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_outbox(self: Any, message_ids: list[int]) -> int:
    # The task id is the claimer: a redelivery after a lost worker takes over its own claims.
    return outbox_run(ids=message_ids, claimer=f"task-{self.request.id}")


@shared_task(acks_late=True, ignore_result=True)
def sweep_outbox() -> int:
    handed_over = outbox_sweep()
    if handed_over:
        logger.info("outbox: messages handed over by the sweep", extra={"count": handed_over})
    return handed_over


@shared_task(acks_late=True, ignore_result=True)
def purge_records() -> dict[str, int]:
    purged = records_purge()
    logger.info("expired records purged", extra=purged)
    return purged
