"""Endpoint edits (also from the Django admin) clear the per-process list of subscribed events."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import WebhookEndpoint
from .services import webhook_subscriptions_changed


@receiver(post_save, sender=WebhookEndpoint)
@receiver(post_delete, sender=WebhookEndpoint)
def _endpoints_changed(sender: object, **kwargs: Any) -> None:
    webhook_subscriptions_changed()  # a cache, not a rule: the next event re-reads endpoints
