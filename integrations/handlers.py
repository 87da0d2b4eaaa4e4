"""Domain events become webhook deliveries (outbox handlers, subscribed in apps.py). Payloads
carry no sensitive personal fields: a receiving system fetches those through the API, under its
token's visibility and scopes."""

from __future__ import annotations

from typing import Any

from .services import webhook_event_record


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


def customer_created(*, customer_id: int) -> None:
    payload = customer_payload(customer_id)
    if payload:
        webhook_event_record(event="customer.created", payload=payload)


def customer_lifecycle_changed(
    *, customer_id: int, from_state: str, to_state: str, cause: str
) -> None:
    payload = customer_payload(customer_id)
    if payload:
        payload["change"] = {"from": from_state, "to": to_state, "cause": cause}
        webhook_event_record(event="customer.lifecycle_changed", payload=payload)


def order_created(*, order_id: int, customer_id: int) -> None:
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


def complaint_transitioned(
    *, complaint_id: int, action: str, from_state: str, to_state: str
) -> None:
    payload = complaint_payload(complaint_id)
    if payload:
        payload["transition"] = {"action": action, "from": from_state, "to": to_state}
        webhook_event_record(event="complaint.transitioned", payload=payload)


def complaint_escalated(*, complaint_id: int, step: str) -> None:
    payload = complaint_payload(complaint_id)
    if payload:
        payload["overdue_step"] = step
        webhook_event_record(event="complaint.escalated", payload=payload)


def survey_response_received(*, response_id: int, customer_id: int) -> None:
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
