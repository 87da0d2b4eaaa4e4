"""Domain events become webhook deliveries. Payloads carry no sensitive personal fields: a
receiving system fetches those through the API, under its token's visibility and scopes."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core import events

from .models import WebhookEndpoint
from .services import (
    webhook_event_record,
    webhook_event_wanted,
    webhook_subscriptions_changed,
)


def customer_payload(customer_id: int) -> dict[str, Any] | None:
    from customers.models import Customer

    row = (
        Customer.objects.filter(pk=customer_id)
        .values(
            "id",
            "name",
            "kind",
            "lifecycle_state",
            "tier",
            "owner_id",
            "department_id",
            "region__code",
            "created_at",
        )
        .first()
    )
    if row is None:
        return None
    customer: dict[str, Any] = dict(row)
    customer["region"] = customer.pop("region__code")
    return customer


@receiver(events.customer_created)
def _customer_created(sender: object, customer_id: int, **kwargs: Any) -> None:
    if not webhook_event_wanted("customer.created"):
        return
    payload = customer_payload(customer_id)
    if payload:
        webhook_event_record(event="customer.created", payload=payload)


@receiver(events.customer_lifecycle_changed)
def _lifecycle_changed(
    sender: object, customer_id: int, from_state: str, to_state: str, cause: str, **kwargs: Any
) -> None:
    if not webhook_event_wanted("customer.lifecycle_changed"):
        return
    payload = customer_payload(customer_id)
    if payload:
        payload["change"] = {"from": from_state, "to": to_state, "cause": cause}
        webhook_event_record(event="customer.lifecycle_changed", payload=payload)


@receiver(events.order_created)
def _order_created(sender: object, order_id: int, customer_id: int, **kwargs: Any) -> None:
    if not webhook_event_wanted("order.created"):
        return
    from sales.models import Order

    row = (
        Order.objects.filter(pk=order_id)
        .values(
            "id",
            "number",
            "customer_id",
            "ordered_on",
            "salesperson_id",
            "department_id",
            "region__code",
            "total_amount",
        )
        .first()
    )
    if row is None:
        return
    order: dict[str, Any] = dict(row)
    order["region"] = order.pop("region__code")
    order["total_amount"] = str(order["total_amount"])
    webhook_event_record(event="order.created", payload=order)


def complaint_payload(complaint_id: int) -> dict[str, Any] | None:
    from complaints.models import Complaint

    row = (
        Complaint.objects.filter(pk=complaint_id)
        .values(
            "id",
            "customer_id",
            "category",
            "severity",
            "state",
            "department_id",
            "step_deadline",
            "is_escalated",
            "received_at",
        )
        .first()
    )
    return dict(row) if row else None


@receiver(events.complaint_transitioned)
def _complaint_transitioned(
    sender: object, complaint_id: int, action: str, from_state: str, to_state: str, **kwargs: Any
) -> None:
    if not webhook_event_wanted("complaint.transitioned"):
        return
    payload = complaint_payload(complaint_id)
    if payload:
        payload["transition"] = {"action": action, "from": from_state, "to": to_state}
        webhook_event_record(event="complaint.transitioned", payload=payload)


@receiver(events.complaint_escalated)
def _complaint_escalated(sender: object, complaint_id: int, step: str, **kwargs: Any) -> None:
    if not webhook_event_wanted("complaint.escalated"):
        return
    payload = complaint_payload(complaint_id)
    if payload:
        payload["overdue_step"] = step
        webhook_event_record(event="complaint.escalated", payload=payload)


@receiver(events.survey_response_received)
def _survey_response_received(
    sender: object, response_id: int, customer_id: int, **kwargs: Any
) -> None:
    if not webhook_event_wanted("survey.response_received"):
        return
    from surveys.models import SurveyResponse

    row = (
        SurveyResponse.objects.filter(pk=response_id)
        .values(
            "id",
            "customer_id",
            "template_id",
            "template__key",
            "template__version",
            "invitation__campaign_id",
            "submitted_at",
            "nps",
            "csat",
            "satisfaction_index",
        )
        .first()
    )
    if row is None:
        return
    response: dict[str, Any] = dict(row)
    response["template"] = {
        "id": response.pop("template_id"),
        "key": response.pop("template__key"),
        "version": response.pop("template__version"),
    }
    response["campaign_id"] = response.pop("invitation__campaign_id")
    for score in ("csat", "satisfaction_index"):
        if response[score] is not None:
            response[score] = str(response[score])
    webhook_event_record(event="survey.response_received", payload=response)


@receiver(post_save, sender=WebhookEndpoint)
@receiver(post_delete, sender=WebhookEndpoint)
def _endpoints_changed(sender: object, **kwargs: Any) -> None:
    webhook_subscriptions_changed()  # a cache, not a rule: the next event re-reads endpoints
