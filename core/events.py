"""Domain events other apps react to, delivered through the outbox.

A service publishes an event inside its transaction; every subscriber that wants it gets its
own outbox message, written in that same transaction. So a subscriber runs only after the
commit, sees committed data, is retried until it succeeds, and never stops another subscriber
by failing. Subscribers name their handler by dotted path (a function taking the event's fields
as keyword arguments) in their app's `ready()`; the publisher imports none of them.

    customer.created            customer_id
    customer.lifecycle_changed  customer_id, from_state, to_state, cause
    order.created               order_id, customer_id
    complaint.transitioned      complaint_id, action, from_state, to_state
    complaint.escalated         complaint_id, step
    complaint.evaluated         complaint_id, customer_id: the evaluation step is done
    survey.response_received    response_id, customer_id
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .outbox import Message, outbox_enqueue_many

Payload = Mapping[str, Any]


@dataclass(frozen=True)
class Event:
    name: str
    fields: tuple[str, ...]


CUSTOMER_CREATED = Event("customer.created", ("customer_id",))
CUSTOMER_LIFECYCLE_CHANGED = Event(
    "customer.lifecycle_changed", ("customer_id", "from_state", "to_state", "cause")
)
ORDER_CREATED = Event("order.created", ("order_id", "customer_id"))
COMPLAINT_TRANSITIONED = Event(
    "complaint.transitioned", ("complaint_id", "action", "from_state", "to_state")
)
COMPLAINT_ESCALATED = Event("complaint.escalated", ("complaint_id", "step"))
COMPLAINT_EVALUATED = Event("complaint.evaluated", ("complaint_id", "customer_id"))
SURVEY_RESPONSE_RECEIVED = Event("survey.response_received", ("response_id", "customer_id"))
EVENTS = (
    CUSTOMER_CREATED,
    CUSTOMER_LIFECYCLE_CHANGED,
    ORDER_CREATED,
    COMPLAINT_TRANSITIONED,
    COMPLAINT_ESCALATED,
    COMPLAINT_EVALUATED,
    SURVEY_RESPONSE_RECEIVED,
)


@dataclass(frozen=True)
class Subscription:
    event: Event
    handler: str  # dotted path of the function to run
    # Asked at publish time, in the publishing process: False writes no message at all
    # (nobody listens to webhooks, the event is not the one this subscriber cares about).
    wants: Callable[[Payload], bool] | None = None


_subscriptions: dict[str, list[Subscription]] = {event.name: [] for event in EVENTS}


def subscribe(
    event: Event, handler: str, *, wants: Callable[[Payload], bool] | None = None
) -> None:
    """Register a handler (from an AppConfig.ready); registering it again changes nothing."""
    listeners = _subscriptions[event.name]
    if all(existing.handler != handler for existing in listeners):
        listeners.append(Subscription(event, handler, wants))


def unsubscribe(event: Event, handler: str) -> None:
    _subscriptions[event.name] = [s for s in _subscriptions[event.name] if s.handler != handler]


def subscriptions(event: Event) -> list[Subscription]:
    return list(_subscriptions[event.name])


def publish(event: Event, **payload: Any) -> None:
    """Inside the transaction that makes the change: one outbox message per interested
    subscriber, run after the commit."""
    publish_many(event, [payload])


def publish_many(event: Event, payloads: Sequence[Payload]) -> None:
    for payload in payloads:
        if tuple(sorted(payload)) != tuple(sorted(event.fields)):
            raise TypeError(f"{event.name} carries {event.fields}, got {tuple(payload)}")
    outbox_enqueue_many(
        [
            Message(subscription.handler, dict(payload))
            for payload in payloads
            for subscription in _subscriptions[event.name]
            if subscription.wants is None or subscription.wants(payload)
        ]
    )
