"""Automatic surveys: a complaint's evaluation or a new order queues an invitation."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from core import events

from .choices import CampaignKind


@receiver(events.complaint_evaluated)
def _after_complaint(sender: object, complaint_id: int, customer_id: int, **kwargs: Any) -> None:
    from .tasks import invite_after_event

    invite_after_event.delay(CampaignKind.AFTER_COMPLAINT, customer_id, f"complaint:{complaint_id}")


@receiver(events.order_created)
def _after_order(sender: object, order_id: int, customer_id: int, **kwargs: Any) -> None:
    from .tasks import invite_after_event

    invite_after_event.delay(CampaignKind.AFTER_ORDER, customer_id, f"order:{order_id}")
