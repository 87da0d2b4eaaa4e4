"""Webhooks: signed JSON, retried, logged, replayable, and never sent where admins did not allow."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from rest_framework.test import APIClient

from complaints.models import Complaint
from complaints.services import complaint_escalate_overdue, complaint_transition
from customers.services import customer_change_lifecycle
from integrations.egress import destination_verdict
from integrations.models import WebhookAllowedHost, WebhookDelivery, WebhookEndpoint
from integrations.services import webhook_deliver, webhook_event_record, webhook_replay
from surveys.models import SurveyTemplate
from surveys.services import response_submit
from tests.complaints.conftest import due, record
from tests.factories import make_customer, make_order
from tests.surveys.conftest import answers, invite

SECRET = "shh-its-a-secret"


class Receiver:
    """A real HTTP server on loopback that records what it receives and answers `status`."""

    def __init__(self) -> None:
        self.status = 200
        self.received: list[tuple[dict[str, str], bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((dict(self.headers), body))
                self.send_response(outer.status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    yield running
    running.stop()


@pytest.fixture
def endpoint(db, receiver):
    WebhookAllowedHost.objects.create(host="127.0.0.1", note="test receiver")
    return WebhookEndpoint.objects.create(
        name="ERP",
        url=receiver.url,
        secret=SECRET,
        events=["customer.created", "customer.lifecycle_changed", "order.created"],
    )


def _verify(headers: dict[str, str], body: bytes) -> bool:
    expected = hmac.new(
        SECRET.encode(), headers["X-CRM-Timestamp"].encode() + b"." + body, hashlib.sha256
    )
    return hmac.compare_digest(headers["X-CRM-Signature"], f"sha256={expected.hexdigest()}")


def test_events_arrive_signed_as_json(
    world, endpoint, receiver, django_capture_on_commit_callbacks
):
    # when a customer is created, moved and buys
    with django_capture_on_commit_callbacks(execute=True):
        customer = make_customer(owner=world.manager, name="Hooked Ltd", phone="13900000000")
    with django_capture_on_commit_callbacks(execute=True):
        customer_change_lifecycle(
            customer=customer, actor=world.manager, to_state="target", reason="Key"
        )
    with django_capture_on_commit_callbacks(execute=True):
        make_order(customer=customer)

    # then each arrives once (the first order also makes the target current), verifiable,
    # without sensitive fields
    events = [json.loads(body)["event"] for _headers, body in receiver.received]
    assert events == [
        "customer.created",
        "customer.lifecycle_changed",
        "customer.lifecycle_changed",
        "order.created",
    ]
    for headers, body in receiver.received:
        assert _verify(headers, body)
        assert headers["Content-Type"] == "application/json"
    created = json.loads(receiver.received[0][1])
    assert created["object"]["name"] == "Hooked Ltd"
    assert "13900000000" not in receiver.received[0][1].decode()
    assert WebhookDelivery.objects.filter(status="succeeded").count() == len(receiver.received)


def test_unsubscribed_events_and_inactive_endpoints_send_nothing(world, endpoint, receiver):
    endpoint.events = ["order.created"]
    endpoint.save()

    webhook_event_record(event="customer.created", payload={"id": 1})
    endpoint.is_active = False
    endpoint.save()
    webhook_event_record(event="order.created", payload={"id": 2})

    assert not WebhookDelivery.objects.exists()


def test_a_failing_receiver_is_retried_and_logged_until_it_answers(world, endpoint, receiver):
    # given a receiver that errors
    receiver.status = 503
    delivery = webhook_event_record(event="order.created", payload={"id": 7})[0]

    # when the first attempts fail and a later one succeeds
    first = webhook_deliver(delivery_id=delivery.pk)
    second = webhook_deliver(delivery_id=delivery.pk)
    receiver.status = 200
    third = webhook_deliver(delivery_id=delivery.pk)

    # then retries were asked for, every attempt is in the log, and it is delivered once
    delivery.refresh_from_db()
    assert (first, second, third) == (False, False, True)
    assert [a.status_code for a in delivery.log.all()] == [503, 503, 200]
    assert delivery.status == "succeeded"
    assert delivery.attempts == 3
    ids = {json.loads(body)["event_id"] for _h, body in receiver.received}
    assert ids == {str(delivery.event_id)}


def test_a_receiver_that_is_down_loses_nothing(world, endpoint, receiver):
    # given the receiver is down for every attempt
    receiver.stop()
    delivery = webhook_event_record(event="order.created", payload={"id": 8})[0]
    from integrations.services import MAX_ATTEMPTS
    from integrations.tasks import deliver_webhook

    while not webhook_deliver(delivery_id=delivery.pk):
        delivery.refresh_from_db()
        assert delivery.status == "retrying"
        assert delivery.next_attempt_at is not None
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.log.count() == delivery.attempts == MAX_ATTEMPTS

    # when it is back and an admin replays from the log
    back = Receiver()
    try:
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=back.url)
        api = APIClient()
        api.force_authenticate(world.admin)
        response = api.post(f"/api/v1/webhooks/deliveries/{delivery.pk}/replay/")
        deliver_webhook.delay(delivery.pk)

        # then the same event arrives
        delivery.refresh_from_db()
        assert response.status_code == 202
        assert delivery.status == "succeeded"
        assert json.loads(back.received[0][1])["event_id"] == str(delivery.event_id)
    finally:
        back.stop()


@pytest.mark.parametrize(
    ("allowed", "url", "verdict"),
    [
        ([], "http://127.0.0.1:9/x", False),
        (["hooks.example.com"], "http://127.0.0.1:9/x", False),
        (["localhost"], "http://localhost:9/x", False),  # resolves to loopback, not listed as such
        (["127.0.0.1"], "http://127.0.0.1:9/x", True),
        (["127.0.0.1"], "ftp://127.0.0.1/x", False),
        (["127.0.0.1"], "http://user:pw@127.0.0.1/x", False),
        (["*.example.com"], "http://example.com/x", False),
    ],
)
def test_outgoing_requests_only_go_where_admins_allowed(db, allowed, url, verdict):
    for host in allowed:
        WebhookAllowedHost.objects.create(host=host)

    assert destination_verdict(url).allowed is verdict


def test_refused_destination_is_logged_and_never_contacted(world, receiver):
    endpoint = WebhookEndpoint.objects.create(
        name="Sneaky", url=receiver.url, secret=SECRET, events=["order.created"]
    )  # no allow-list entry
    delivery = webhook_event_record(event="order.created", payload={"id": 9})[0]

    finished = webhook_deliver(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert finished is True
    assert delivery.status == "failed"
    assert "allow-list" in delivery.last_error
    assert receiver.received == []
    assert endpoint.deliveries.count() == 1


def test_delivery_log_is_for_admins_only(world, endpoint, api_as):
    delivery = webhook_event_record(event="order.created", payload={"id": 10})[0]

    assert api_as("manager").get("/api/v1/webhooks/deliveries/").status_code == 403
    assert (
        api_as("supervisor").post(f"/api/v1/webhooks/deliveries/{delivery.pk}/replay/").status_code
        == 403
    )
    listing = api_as("admin").get("/api/v1/webhooks/deliveries/").json()
    assert listing["results"][0]["id"] == delivery.pk


def test_replay_of_a_delivery_in_flight_is_a_conflict(world, endpoint):
    delivery = webhook_event_record(event="order.created", payload={"id": 11})[0]

    from core.errors import IllegalStateChange

    with pytest.raises(IllegalStateChange):
        webhook_replay(delivery=delivery, actor=world.admin)


def test_due_retries_are_requeued_and_in_process_jobs_never_raise(world, endpoint, receiver):
    # given a delivery whose receiver failed once, with its next attempt due
    from django.utils import timezone

    from integrations.services import backoff_seconds
    from integrations.tasks import deliver_webhook, retry_due_webhooks

    receiver.status = 500
    delivery = webhook_event_record(event="order.created", payload={"id": 12})[0]
    deliver_webhook.delay(delivery.pk)  # in-process: one attempt, no exception
    delivery.refresh_from_db()
    assert delivery.status == "retrying"
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())

    # when the receiver recovers and the sweep runs
    receiver.status = 200
    queued = retry_due_webhooks.delay().get()

    # then
    delivery.refresh_from_db()
    assert queued == 1
    assert delivery.status == "succeeded"
    assert 10 <= backoff_seconds(0) <= 12
    assert backoff_seconds(20) <= 3600 * 1.2


def test_complaint_and_survey_events_arrive_with_their_state(
    world, service, receiver, django_capture_on_commit_callbacks
):
    # given an endpoint for the complaint and survey events
    WebhookAllowedHost.objects.create(host="127.0.0.1", note="test receiver")
    WebhookEndpoint.objects.create(
        name="Service desk",
        url=receiver.url,
        secret=SECRET,
        events=["complaint.transitioned", "complaint.escalated", "survey.response_received"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        complaint = record(world)

    # when the complaint is judged, then overdue, and a survey is answered
    with django_capture_on_commit_callbacks(execute=True):
        complaint_transition(
            complaint=complaint, actor=world.manager, action="judge", values={"valid": "true"}
        )
    with django_capture_on_commit_callbacks(execute=True):
        escalated = complaint_escalate_overdue(
            now=due(Complaint.objects.get()) + timedelta(hours=1)
        )
    invitation = invite(world, world.own)
    with django_capture_on_commit_callbacks(execute=True):
        response_submit(token=invitation.token, submitted=answers(SurveyTemplate.objects.get()))

    # then each arrives once, signed, carrying the change but no sensitive fields
    bodies = [json.loads(body) for _headers, body in receiver.received]
    assert escalated == 1
    assert [body["event"] for body in bodies] == [
        "complaint.transitioned",  # recorded
        "complaint.transitioned",  # judged
        "complaint.escalated",
        "survey.response_received",
    ]
    assert all(_verify(headers, body) for headers, body in receiver.received)
    assert bodies[1]["object"]["transition"] == {
        "action": "judge",
        "from": "recorded",
        "to": "accepted",
    }
    assert bodies[2]["object"]["overdue_step"] == "accepted"
    assert bodies[3]["object"]["customer_id"] == world.own.pk
    assert bodies[3]["object"]["template"]["version"] == 1
    assert "content" not in bodies[1]["object"]
