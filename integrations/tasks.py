from __future__ import annotations

import logging

from celery import shared_task

from .services import MAX_ATTEMPTS, backoff_seconds, webhook_deliver, webhook_retry_due

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=MAX_ATTEMPTS, acks_late=True)
def deliver_webhook(self, delivery_id: int) -> None:
    finished = webhook_deliver(delivery_id=delivery_id)
    if finished or self.request.is_eager:
        # In-process (no broker) there is no waiting: retry_due_webhooks picks it up later.
        return
    raise self.retry(countdown=backoff_seconds(self.request.retries))


@shared_task(acks_late=True)
def retry_due_webhooks() -> int:
    queued = webhook_retry_due()
    logger.info("webhook deliveries re-queued", extra={"count": queued})
    return queued
