"""What the care app does after other apps' events (outbox handlers, subscribed in apps.py)."""

from __future__ import annotations

from django.utils import timezone

from core.events import Payload
from customers.choices import LifecycleCause, LifecycleState

from .services import customer_loss_open


def wants_loss(payload: Payload) -> bool:
    # the churn job opens the losses of its own bulk moves itself
    return (
        payload["to_state"] == LifecycleState.LOST and payload["cause"] != LifecycleCause.AUTOMATIC
    )


def customer_lost(*, customer_id: int, from_state: str, to_state: str, cause: str) -> None:
    customer_loss_open(customer_id=customer_id, lost_on=timezone.localdate())
