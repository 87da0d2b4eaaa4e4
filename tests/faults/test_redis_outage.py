"""Redis stops while web, worker and beat run: every request still answers, nothing is lost,
nothing is doubled, and what should follow each write arrives once Redis is back."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from accounts.models import User
from complaints.models import Complaint
from core.models import OutboxMessage, OutboxState
from customers.models import Customer, Interaction
from integrations.models import WebhookAllowedHost, WebhookEndpoint
from sales.models import Order
from surveys.models import Invitation, SurveyResponse
from surveys.services import campaign_create
from tests.complaints.conftest import RECORD, record, walk
from tests.factories import TEST_PASSWORD, ProductFactory
from tests.surveys.conftest import answers, invite, published

from .mailbox import read as read_mailbox
from .stack import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.real_clock, pytest.mark.django_db(transaction=True)]
# Longer than a busy CI host takes to answer, shorter than the broker retries that once held
# every write for 19 s.
REQUEST_TIMEOUT = 15


class Receiver:
    """An integrator's webhook endpoint on loopback: counts what arrives."""

    def __init__(self) -> None:
        self.events: list[dict[str, object]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.events.append(json.loads(body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    yield running
    running.server.shutdown()
    running.server.server_close()


def test_with_redis_down_every_write_answers_and_its_side_effects_follow_once(
    world, service, deployment, redis_server, mailbox, receiver
):
    # given an installation with an automatic survey after complaints, a webhook for orders,
    # a complaint to judge, one to evaluate and a customer's open survey link
    template = published(world)
    Customer.objects.filter(pk=world.own.pk).update(email="own@example.com")
    campaign_create(
        actor=world.admin, name="After complaints", template=template, kind="after_complaint"
    )
    WebhookAllowedHost.objects.create(host="127.0.0.1", note="test receiver")
    WebhookEndpoint.objects.create(
        name="ERP", url=receiver.url, secret="s3cret", events=["order.created"]
    )
    to_judge = record(world)
    to_evaluate = walk(record(world), world, service, "implemented")
    page_link = invite(world, world.same_department)
    api_link = invite(world, world.other_department)
    product = ProductFactory.create()
    # (hashed as production hashes passwords; the suite's own hasher is a fast one)
    User.objects.filter(pk=world.manager.pk).update(
        password=PBKDF2PasswordHasher().encode(TEST_PASSWORD, "faulttestsalt")
    )
    # and the product running as deployed
    deployment.start_web()
    deployment.start_worker()
    deployment.start_beat()
    base = deployment.base_url
    requests.get(f"{base}/accounts/login/", timeout=30)  # gunicorn's workers have loaded the code

    # when Redis stops
    redis_server.stop()
    tried: list[tuple[str, int, float]] = []

    def attempt(name: str, send: Callable[[], requests.Response]) -> requests.Response:
        started = time.perf_counter()
        response = send()
        tried.append((name, response.status_code, time.perf_counter() - started))
        return response

    # and a manager signs in on the page and through the API, and works
    browser = requests.Session()
    login_page = attempt(
        "login page", lambda: browser.get(f"{base}/accounts/login/", timeout=REQUEST_TIMEOUT)
    )
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text)
    assert csrf, login_page.text[:500]
    signed_in = attempt(
        "login",
        lambda: browser.post(
            f"{base}/accounts/login/",
            data={
                "username": "manager",
                "password": TEST_PASSWORD,
                "csrfmiddlewaretoken": csrf.group(1),
            },
            allow_redirects=False,
            timeout=REQUEST_TIMEOUT,
        ),
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]
    token = attempt(
        "token",
        lambda: requests.post(
            f"{base}/api/v1/auth/token/",
            json={"username": "manager", "password": TEST_PASSWORD},
            timeout=REQUEST_TIMEOUT,
        ),
    ).json()["token"]
    api = requests.Session()
    api.headers["Authorization"] = f"Token {token}"

    def post(path: str, body: dict[str, object], key: str) -> Callable[[], requests.Response]:
        return lambda: api.post(
            f"{base}{path}", json=body, headers={"Idempotency-Key": key}, timeout=REQUEST_TIMEOUT
        )

    attempt(
        "new customer",
        post(
            "/api/v1/customers/",
            {"name": "Outage Ltd", "kind": "enterprise", "region": "east"},
            "c1",
        ),
    )
    attempt(
        "new order",
        post(
            "/api/v1/orders/",
            {
                "customer": world.own.pk,
                "ordered_on": "2026-01-05",
                "lines": [{"product": product.pk, "quantity": 1}],
            },
            "o1",
        ),
    )
    attempt(
        "contact",
        post(
            "/api/v1/interactions/",
            {"customer": world.own.pk, "channel": "phone", "summary": "Outage call"},
            "i1",
        ),
    )
    attempt(
        "new complaint", post("/api/v1/complaints/", {"customer": world.own.pk, **RECORD}, "k1")
    )
    attempt(
        "judge",
        post(
            f"/api/v1/complaints/{to_judge.pk}/transitions/",
            {"action": "judge", "valid": True},
            "j1",
        ),
    )
    attempt(
        "evaluate",
        post(
            f"/api/v1/complaints/{to_evaluate.pk}/transitions/",
            {
                "action": "evaluate",
                "evaluation": "Accepted.",
                "customer_opinion": "satisfied",
                "lessons": "Call ahead.",
            },
            "e1",
        ),
    )
    # and two customers answer their surveys, on the page and through the API
    survey = requests.Session()
    form = attempt(
        "survey page",
        lambda: survey.get(f"{base}/surveys/r/{page_link.token}/", timeout=REQUEST_TIMEOUT),
    )
    form_csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    fields = {**_form_fields(answers(template)), "lang": "en"}
    if form_csrf:
        fields["csrfmiddlewaretoken"] = form_csrf.group(1)
    attempt(
        "survey submit (page)",
        lambda: survey.post(
            f"{base}/surveys/r/{page_link.token}/", data=fields, timeout=REQUEST_TIMEOUT
        ),
    )
    attempt(
        "survey submit (API)",
        lambda: requests.post(
            f"{base}/api/v1/surveys/public/{api_link.token}/",
            json={"answers": answers(template)},
            timeout=REQUEST_TIMEOUT,
        ),
    )
    health = requests.get(f"{base}/health/", timeout=REQUEST_TIMEOUT)

    # then every request answered 2xx/3xx (each within the client's timeout: nothing hangs on
    # the broker), while the health check reports it down
    print("\nrequests while Redis was down:")
    for name, code, seconds in tried:
        print(f"  {name:22} {code}  {seconds * 1000:6.0f} ms")
    failed = [(name, code) for name, code, _s in tried if code >= 400]
    assert not failed, (failed, deployment.log("web")[-3000:])
    assert (health.status_code, health.json()["broker"]) == (503, "down")
    # and the side effects wait in the outbox
    assert OutboxMessage.objects.filter(state=OutboxState.PENDING).exists()

    # when Redis is back
    redis_server.start()

    # then each side effect arrives once: the order's webhook, the survey invitation after the
    # evaluation, e-mailed to the customer
    def delivered() -> bool:
        invited = Invitation.objects.filter(source=f"complaint:{to_evaluate.pk}")
        return (
            len(receiver.events) >= 1
            and invited.filter(emailed_at__isnull=False).exists()
            and not OutboxMessage.objects.filter(state=OutboxState.PENDING).exists()
        )

    wait_for(delivered, timeout=120, what="the side effects after Redis came back", every=1)
    time.sleep(3)  # anything doubled would arrive now
    orders = [event for event in receiver.events if event["event"] == "order.created"]
    invitation_mails = [m for m in read_mailbox(mailbox) if "own@example.com" in str(m["to"])]
    print(
        f"tried {len(tried)}, answered 2xx/3xx {len(tried) - len(failed)}, "
        f"webhooks delivered {len(orders)}, invitations e-mailed {len(invitation_mails)}"
    )
    assert len(orders) == 1
    assert len(invitation_mails) == 1
    # and nothing was written twice
    assert Customer.objects.filter(name="Outage Ltd").count() == 1
    assert Order.objects.filter(customer=world.own).count() == 1
    assert Interaction.objects.filter(summary="Outage call").count() == 1
    assert Complaint.objects.filter(customer=world.own).count() == 3
    assert SurveyResponse.objects.count() == 2
    assert Invitation.objects.filter(source=f"complaint:{to_evaluate.pk}").count() == 1
    assert not OutboxMessage.objects.filter(state=OutboxState.FAILED).exists()


def _form_fields(submitted: dict[str, object]) -> dict[str, object]:
    """The public page's field names for the service's answers."""
    fields: dict[str, object] = {}
    for key, value in submitted.items():
        if isinstance(value, dict):
            fields[f"{key}_expected"] = value["expected"]
            fields[f"{key}_perceived"] = value["perceived"]
        else:
            fields[key] = value
    return fields
