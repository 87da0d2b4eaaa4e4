"""Domain events the care app reacts to (after commit)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from core import events
from customers.choices import LifecycleCause, LifecycleState

from .services import customer_loss_open


@receiver(events.customer_lifecycle_changed)
def _customer_lost(
    sender: object, customer_id: int, to_state: str, cause: str, **kwargs: Any
) -> None:
    # the churn job opens the losses of its own bulk moves itself
    if to_state == LifecycleState.LOST and cause != LifecycleCause.AUTOMATIC:
        customer_loss_open(customer_id=customer_id, lost_on=timezone.localdate())
