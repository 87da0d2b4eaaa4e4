"""Idempotency-Key on API creates: a retry gets the first answer and writes nothing new."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from complaints.models import Complaint
from core.models import IdempotentRequest
from customers.models import Customer, Interaction
from sales.models import Order
from surveys.models import SurveyResponse
from tests.complaints.conftest import RECORD
from tests.conftest import World
from tests.factories import ProductFactory
from tests.surveys.conftest import answers, invite, published

Door = Callable[[World], tuple[str, dict[str, Any], type]]


def customer_door(world: World) -> tuple[str, dict[str, Any], type]:
    return (
        "/api/v1/customers/",
        {"name": "Retry Ltd", "kind": "enterprise", "region": "east"},
        Customer,
    )


def order_door(world: World) -> tuple[str, dict[str, Any], type]:
    product = ProductFactory.create()
    body = {
        "customer": world.own.pk,
        "ordered_on": "2026-01-05",
        "lines": [{"product": product.pk, "quantity": 2}],
    }
    return "/api/v1/orders/", body, Order


def contact_door(world: World) -> tuple[str, dict[str, Any], type]:
    body = {"customer": world.own.pk, "channel": "phone", "summary": "Asked about delivery."}
    return "/api/v1/interactions/", body, Interaction


def complaint_door(world: World) -> tuple[str, dict[str, Any], type]:
    return "/api/v1/complaints/", {"customer": world.own.pk, **RECORD}, Complaint


DOORS = {
    "customers": customer_door,
    "orders": order_door,
    "contacts": contact_door,
    "complaints": complaint_door,
}


@pytest.mark.parametrize("door", DOORS.values(), ids=DOORS.keys())
def test_a_retried_create_gets_the_first_answer_and_writes_nothing_new(world, api_as, door):
    # given a create that went through, and its client never heard the answer
    path, body, model = door(world)
    client = api_as("manager")
    first = client.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY="retry-1")
    count = model.objects.count()

    # when the client retries with the same key
    retry = client.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY="retry-1")

    # then it gets the same answer, marked as replayed, and nothing was written twice
    assert first.status_code == 201, first.content
    assert (retry.status_code, retry.json()) == (201, first.json())
    assert retry["Idempotent-Replayed"] == "true"
    assert model.objects.count() == count


def test_a_retried_survey_submit_gets_the_first_answer(world, api_client):
    # given a customer's answer that went through
    template = published(world)
    url = f"/api/v1/surveys/public/{invite(world, world.own).token}/"
    body = {"answers": answers(template)}
    first = api_client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="phone-retry")

    # when the phone retries on a bad network
    retry = api_client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="phone-retry")
    without_key = api_client.post(url, body, format="json")

    # then the retry is answered as the first was, while a new submit is refused
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert without_key.status_code == 409
    assert SurveyResponse.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(world, api_as):
    # given a customer created with a key
    client = api_as("manager")
    client.post(
        "/api/v1/customers/",
        {"name": "First", "kind": "individual", "region": "east"},
        HTTP_IDEMPOTENCY_KEY="k",
    )

    # when the key comes back with a different request
    reused = client.post(
        "/api/v1/customers/",
        {"name": "Second", "kind": "individual", "region": "east"},
        HTTP_IDEMPOTENCY_KEY="k",
    )

    # then it is refused and nothing is created
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"
    assert not Customer.objects.filter(name="Second").exists()


def test_a_refused_request_does_not_use_up_its_key(world, api_as):
    # given a create refused for a missing field
    client = api_as("manager")
    refused = client.post(
        "/api/v1/customers/", {"kind": "individual", "region": "east"}, HTTP_IDEMPOTENCY_KEY="fix"
    )

    # when the client fixes the request and sends it with the same key
    fixed = client.post(
        "/api/v1/customers/",
        {"kind": "individual", "name": "Fixed", "region": "east"},
        HTTP_IDEMPOTENCY_KEY="fix",
    )

    # then it is created
    assert refused.status_code == 400
    assert fixed.status_code == 201
    assert IdempotentRequest.objects.filter(key="fix").count() == 1


def test_keys_belong_to_their_caller(world, api_as):
    # when two users happen to send the same key
    mine = api_as("manager").post(
        "/api/v1/customers/",
        {"name": "Mine", "kind": "individual", "region": "east"},
        HTTP_IDEMPOTENCY_KEY="same",
    )
    theirs = api_as("colleague").post(
        "/api/v1/customers/",
        {"name": "Theirs", "kind": "individual", "region": "east"},
        HTTP_IDEMPOTENCY_KEY="same",
    )

    # then each gets their own customer
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]


@pytest.mark.parametrize("key", ["", "x" * 201, "tab\there", "键"])
def test_a_malformed_key_is_a_400(world, api_as, key):
    response = api_as("manager").post(
        "/api/v1/customers/",
        {"name": "K", "kind": "individual", "region": "east"},
        HTTP_IDEMPOTENCY_KEY=key,
    )

    assert response.status_code == 400
    assert not Customer.objects.filter(name="K").exists()


@pytest.mark.django_db(transaction=True)
def test_two_retries_at_the_same_moment_create_one_customer(world):
    # given two copies of one request racing on two connections
    answers_seen: list[tuple[int, int]] = []
    start = threading.Barrier(2)

    def send() -> None:
        client = APIClient()
        client.force_authenticate(world.manager)
        start.wait()
        try:
            response = client.post(
                "/api/v1/customers/",
                {"name": "Race Ltd", "kind": "enterprise", "region": "east"},
                format="json",
                HTTP_IDEMPOTENCY_KEY="race",
            )
            answers_seen.append((response.status_code, response.json()["id"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]

    # when both are sent at once
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # then both answer with the same one customer
    assert len(answers_seen) == 2
    assert {status for status, _id in answers_seen} == {201}
    assert len({customer_id for _status, customer_id in answers_seen}) == 1
    assert Customer.objects.filter(name="Race Ltd").count() == 1


def test_the_schema_documents_the_header_on_every_create(db):
    from django.test import Client

    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    for path in (
        "/api/v1/customers/",
        "/api/v1/orders/",
        "/api/v1/interactions/",
        "/api/v1/complaints/",
        "/api/v1/surveys/public/{token}/",
    ):
        names = {p["name"] for p in schema["paths"][path]["post"].get("parameters", [])}
        assert "Idempotency-Key" in names, path
