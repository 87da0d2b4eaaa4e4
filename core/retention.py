"""How long the shared mechanisms keep what they write."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from .models import IdempotentRequest, StashedUpload
from .outbox import outbox_purge

IDEMPOTENCY_KEYS_KEPT = timedelta(hours=24)
UPLOADS_KEPT = timedelta(minutes=30)


def records_purge() -> dict[str, int]:
    """Daily: done outbox messages after a week, idempotency keys after a day, stashed uploads
    after half an hour."""
    now = timezone.now()
    keys, _details = IdempotentRequest.objects.filter(
        created_at__lt=now - IDEMPOTENCY_KEYS_KEPT
    ).delete()
    uploads, _details = StashedUpload.objects.filter(created_at__lt=now - UPLOADS_KEPT).delete()
    return {"outbox_messages": outbox_purge(), "idempotency_keys": keys, "uploads": uploads}
