"""Bad input to the customer API: a 400 naming the field, and nothing written (or half-written).

Absurd ids answer 404, never 500. The page forms are in test_forms.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from customers.models import (
    Customer,
    ImportantDate,
    Interaction,
    KeyContact,
    LifecycleChange,
    Tag,
)
from customers.services import customer_update
from tests.conftest import World
from tests.factories import make_customer
from tests.helpers import api_error_fields, row_counts

ARCHIVE = (Customer, ImportantDate, KeyContact, Tag, Interaction, LifecycleChange)
VALID: dict[str, Any] = {"name": "Valid Co", "kind": "enterprise", "region": "east"}
TOO_LONG = "x" * 4001


def _date(**values: Any) -> dict[str, Any]:
    return {"kind": "anniversary", "calendar": "solar", "month": 5, "day": 1, **values}


def _contact(**values: Any) -> dict[str, Any]:
    return {"name": "Li Ming", "decision_role": "decision_maker", **values}


Payload = Callable[[World], dict[str, Any]]

# (id, payload given the world, the one field the 400 must name)
CREATE_CASES: list[tuple[str, Payload, str]] = [
    ("name missing", lambda w: {**VALID, "name": ""}, "name"),
    ("name over 200", lambda w: {**VALID, "name": "n" * 201}, "name"),
    ("kind not a choice", lambda w: {**VALID, "kind": "alien"}, "kind"),
    ("region unknown", lambda w: {**VALID, "region": "atlantis"}, "region"),
    ("has_money not a boolean", lambda w: {**VALID, "has_money": "maybe"}, "has_money"),
    ("has_need a list", lambda w: {**VALID, "has_need": [True]}, "has_need"),
    ("taboos over 4000", lambda w: {**VALID, "taboos": TOO_LONG}, "taboos"),
    ("family over 4000", lambda w: {**VALID, "family": TOO_LONG}, "family"),
    ("email malformed", lambda w: {**VALID, "email": "not-an-email"}, "email"),
    ("tier not a choice", lambda w: {**VALID, "tier": "platinum"}, "tier"),
    ("industry not a choice", lambda w: {**VALID, "industry": "piracy"}, "industry"),
    ("source not a choice", lambda w: {**VALID, "source": "telepathy"}, "source"),
    (
        "personality not a choice",
        lambda w: {**VALID, "personality_type": "grumpy"},
        "personality_type",
    ),
    ("state not a choice", lambda w: {**VALID, "lifecycle_state": "banana"}, "lifecycle_state"),
    ("owner unknown", lambda w: {**VALID, "owner": 987654}, "owner"),
    ("owner not a number", lambda w: {**VALID, "owner": "boss"}, "owner"),
    ("owner is department staff", lambda w: {**VALID, "owner": w.staff.pk}, "owner"),
    ("owner is a colleague", lambda w: {**VALID, "owner": w.colleague.pk}, "owner"),
    (
        "referrer unknown",
        lambda w: {**VALID, "source": "referral", "referred_by": 987654},
        "referred_by",
    ),
    (
        "referrer hidden from the manager",
        lambda w: {**VALID, "source": "referral", "referred_by": w.other_department.pk},
        "referred_by",
    ),
    (
        "referrer without referral source",
        lambda w: {**VALID, "source": "phone", "referred_by": w.own.pk},
        "source",
    ),
    ("tags not a list", lambda w: {**VALID, "tags": "vip"}, "tags"),
    ("tag over 50", lambda w: {**VALID, "tags": ["t" * 51]}, "tags[0]"),
    ("more than 20 tags", lambda w: {**VALID, "tags": [f"t{i}" for i in range(21)]}, "tags"),
    (
        "30 February",
        lambda w: {**VALID, "important_dates": [_date(kind="birthday", month=2, day=30)]},
        "important_dates[0].day",
    ),
    (
        "31 April",
        lambda w: {**VALID, "important_dates": [_date(month=4, day=31)]},
        "important_dates[0].day",
    ),
    (
        "lunar day 31",
        lambda w: {**VALID, "important_dates": [_date(calendar="lunar", month=8, day=31)]},
        "important_dates[0].day",
    ),
    (
        "month 13",
        lambda w: {**VALID, "important_dates": [_date(month=13)]},
        "important_dates[0].month",
    ),
    (
        "year 1800",
        lambda w: {**VALID, "important_dates": [_date(year=1800)]},
        "important_dates[0].year",
    ),
    (
        "solar leap month",
        lambda w: {**VALID, "important_dates": [_date(is_leap_month=True)]},
        "important_dates[0].is_leap_month",
    ),
    (
        "two birthdays",
        lambda w: {
            **VALID,
            "important_dates": [
                _date(kind="birthday", month=1, day=1),
                _date(kind="birthday", calendar="lunar", month=1, day=1),
            ],
        },
        "important_dates",
    ),
    (
        "date kind not a choice",
        lambda w: {**VALID, "important_dates": [_date(kind="nameday")]},
        "important_dates[0].kind",
    ),
    (
        "contact without a name",
        lambda w: {**VALID, "key_contacts": [_contact(name="")]},
        "key_contacts[0].name",
    ),
    (
        "contact role not a choice",
        lambda w: {**VALID, "key_contacts": [_contact(decision_role="king")]},
        "key_contacts[0].decision_role",
    ),
    (
        "contact email malformed",
        lambda w: {**VALID, "key_contacts": [_contact(email="nope")]},
        "key_contacts[0].email",
    ),
    (
        "contact notes over 4000",
        lambda w: {**VALID, "key_contacts": [_contact(notes=TOO_LONG)]},
        "key_contacts[0].notes",
    ),
    ("null character in name", lambda w: {**VALID, "name": "Bad\x00Co"}, "name"),
]


@pytest.mark.parametrize(
    ("payload", "field"), [pytest.param(p, f, id=i) for i, p, f in CREATE_CASES]
)
def test_customer_create_rejects_bad_input_naming_the_field_and_writes_nothing(
    world, api_as, payload, field
):
    # given
    before = row_counts(*ARCHIVE)

    # when
    response = api_as("manager").post("/api/v1/customers/", payload(world), format="json")

    # then
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert api_error_fields(response) == {field}
    assert row_counts(*ARCHIVE) == before


def test_the_valid_payload_of_the_bad_input_cases_is_accepted(world, api_as):
    # given the payload every bad case starts from, with one of everything
    payload = {
        **VALID,
        "tags": ["vip"],
        "important_dates": [_date(kind="birthday", month=2, day=29)],
        "key_contacts": [_contact(email="li@example.com")],
        "source": "referral",
        "referred_by": world.own.pk,
    }

    # when
    response = api_as("manager").post("/api/v1/customers/", payload, format="json")

    # then so each case above fails for its own reason only
    assert response.status_code == 201, response.content
    assert Customer.objects.get(pk=response.json()["id"]).referred_by == world.own


UpdatePayload = Callable[[World, Customer], dict[str, Any]]

# (id, PATCH body given the world and another customer of the manager's, the field the 400 names)
UPDATE_CASES: list[tuple[str, UpdatePayload, str]] = [
    ("name empty", lambda w, other: {"name": ""}, "name"),
    ("name over 200", lambda w, other: {"name": "n" * 201}, "name"),
    ("kind not a choice", lambda w, other: {"kind": "alien"}, "kind"),
    ("region unknown", lambda w, other: {"region": "atlantis"}, "region"),
    ("has_money not a boolean", lambda w, other: {"has_money": "maybe"}, "has_money"),
    ("taboos over 4000", lambda w, other: {"taboos": TOO_LONG}, "taboos"),
    ("tier not a choice", lambda w, other: {"tier": "platinum"}, "tier"),
    ("owner unknown", lambda w, other: {"owner": 987654}, "owner"),
    ("manager reassigns", lambda w, other: {"owner": w.colleague.pk}, "owner"),
    (
        "referrer unknown",
        lambda w, other: {"source": "referral", "referred_by": 987654},
        "referred_by",
    ),
    (
        "referrer hidden from the manager",
        lambda w, other: {"source": "referral", "referred_by": w.same_department.pk},
        "referred_by",
    ),
    ("referrer without referral source", lambda w, other: {"referred_by": other.pk}, "source"),
    (
        "referrer is the customer",
        lambda w, other: {"source": "referral", "referred_by": w.own.pk},
        "referred_by",
    ),
    ("tags null", lambda w, other: {"tags": None}, "tags"),
    (
        "30 February",
        lambda w, other: {"important_dates": [_date(kind="birthday", month=2, day=30)]},
        "important_dates[0].day",
    ),
    (
        "lunar day 31",
        lambda w, other: {"important_dates": [_date(calendar="lunar", month=1, day=31)]},
        "important_dates[0].day",
    ),
    (
        "two birthdays",
        lambda w, other: {
            "important_dates": [_date(kind="birthday"), _date(kind="birthday", month=6)]
        },
        "important_dates",
    ),
    ("contacts null", lambda w, other: {"key_contacts": None}, "key_contacts"),
]


@pytest.mark.parametrize(
    ("payload", "field"), [pytest.param(p, f, id=i) for i, p, f in UPDATE_CASES]
)
def test_customer_patch_rejects_bad_input_naming_the_field_and_changes_nothing(
    world, api_as, payload, field
):
    # given the manager's customer with a date, a contact and a tag, and a second customer
    customer = customer_update(
        customer=world.own,
        actor=world.manager,
        attributes={},
        tag_names=["vip"],
        important_dates=[_date()],
        key_contacts=[_contact()],
    )
    other = make_customer(owner=world.manager, name="Another of the manager's")
    before = (Customer.objects.filter(pk=customer.pk).values().get(), row_counts(*ARCHIVE))

    # when
    response = api_as("manager").patch(
        f"/api/v1/customers/{customer.pk}/", payload(world, other), format="json"
    )

    # then
    assert response.status_code == 400, response.content
    assert api_error_fields(response) == {field}
    assert (Customer.objects.filter(pk=customer.pk).values().get(), row_counts(*ARCHIVE)) == before


def test_referrer_without_referral_source_names_the_source_on_create(world, api_as):
    # given a referrer the manager may see, but the wrong acquisition source
    payload = {**VALID, "source": "meeting", "referred_by": world.own.pk}

    # when
    response = api_as("manager").post("/api/v1/customers/", payload, format="json")

    # then
    assert response.status_code == 400
    assert api_error_fields(response) == {"source"}
    assert not Customer.objects.filter(name="Valid Co").exists()


def test_supervisor_assigns_owners_inside_the_department_only(world, api_as):
    # given
    api = api_as("supervisor")

    # when
    inside = api.post("/api/v1/customers/", {**VALID, "owner": world.colleague.pk}, format="json")
    outside = api.post("/api/v1/customers/", {**VALID, "owner": world.outsider.pk}, format="json")

    # then
    assert inside.status_code == 201
    assert inside.json()["owner"] == world.colleague.pk
    assert inside.json()["department"] == world.colleague.department_id
    assert outside.status_code == 400
    assert api_error_fields(outside) == {"owner"}
    assert Customer.objects.filter(owner=world.outsider).count() == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/customers/"),
        ("patch", "/api/v1/customers/{own}/"),
        ("put", "/api/v1/customers/{own}/"),
        ("post", "/api/v1/customers/{own}/lifecycle/"),
        ("post", "/api/v1/interactions/"),
        ("post", "/api/v1/orders/"),
        ("post", "/api/v1/auth/token/"),
    ],
)
def test_malformed_json_is_a_400_parse_error_and_writes_nothing(world, api_as, method, path):
    # given
    before = (Customer.objects.filter(pk=world.own.pk).values().get(), row_counts(*ARCHIVE))

    # when
    response = getattr(api_as("manager"), method)(
        path.format(own=world.own.pk), '{"name": "Broken', content_type="application/json"
    )

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert (Customer.objects.filter(pk=world.own.pk).values().get(), row_counts(*ARCHIVE)) == before


@pytest.mark.parametrize("body", [[1, 2, 3], "just a string", 42])
def test_a_body_that_is_not_an_object_is_400(world, api_as, body):
    # given
    before = row_counts(*ARCHIVE)

    # when
    response = api_as("manager").post("/api/v1/customers/", body, format="json")

    # then
    assert response.status_code == 400
    assert api_error_fields(response) == {"non_field_errors"}
    assert row_counts(*ARCHIVE) == before


HUGE = "99999999999999999999"


@pytest.mark.parametrize("pk", [HUGE, "abc", "-1", "0", "1.5"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/customers/{pk}/"),
        ("patch", "/api/v1/customers/{pk}/"),
        ("post", "/api/v1/customers/{pk}/lifecycle/"),
        ("get", "/api/v1/customers/{pk}/lifecycle-history/"),
        ("get", "/api/v1/interactions/{pk}/"),
        ("get", "/api/v1/orders/{pk}/"),
        ("get", "/api/v1/products/{pk}/"),
        ("get", "/api/v1/users/{pk}/"),
    ],
)
def test_absurd_ids_in_api_paths_answer_404_not_500(world, api_as, method, path, pk):
    # given
    client = api_as("admin")

    # when
    response = getattr(client, method)(
        path.format(pk=pk), {"to_state": "target", "reason": "x"}, format="json"
    )

    # then
    assert response.status_code == 404


@pytest.mark.parametrize("pk", [HUGE, "abc", "-1", "0"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/customers/{pk}/"),
        ("get", "/customers/{pk}/edit/"),
        ("post", "/customers/{pk}/lifecycle/"),
        ("post", "/customers/{pk}/interactions/"),
        ("get", "/orders/{pk}/"),
    ],
)
def test_absurd_ids_in_page_paths_answer_404_not_500(world, page_as, method, path, pk):
    # given
    client = page_as("admin")

    # when
    response = getattr(client, method)(path.format(pk=pk))

    # then
    assert response.status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "lifecycle_state=banana",
        "tier=diamond",
        "value_class=Z",
        "kind=robot",
        "owner=abc",
        f"owner={HUGE}",
        "region=nowhere",
        "tag=nonexistent",
        "source=telepathy",
        "personality_type=grumpy",
        "industry=piracy",
        "ordering=password",
        "q=" + "q" * 101,
    ],
)
def test_bad_list_filters_are_400_naming_the_filter(world, api_as, query):
    # given
    name = query.split("=")[0]

    # when
    response = api_as("manager").get(f"/api/v1/customers/?{query}")

    # then
    assert response.status_code == 400
    assert api_error_fields(response) == {name}


@pytest.mark.parametrize("query", ["lifecycle_state=banana&page=999", f"owner={HUGE}", "page=abc"])
def test_the_list_page_survives_nonsense_parameters(world, page_as, query):
    # when
    response = page_as("manager").get(f"/customers/?{query}")

    # then
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["abc", "0", HUGE])
def test_a_page_number_that_does_not_exist_is_404_in_the_api(world, api_as, page):
    # when
    response = api_as("manager").get("/api/v1/customers/", {"page": page})

    # then
    assert response.status_code == 404


# (id, body, the one field the 400 must name)
INTERACTION_CASES = [
    ("summary empty", {"channel": "phone", "summary": ""}, "summary"),
    ("summary missing", {"channel": "phone"}, "summary"),
    ("summary over 4000", {"channel": "phone", "summary": TOO_LONG}, "summary"),
    ("channel not a choice", {"channel": "pigeon", "summary": "x"}, "channel"),
    (
        "due date without a promise",
        {"channel": "phone", "summary": "x", "promise_due": "2026-12-01"},
        "promise",
    ),
    (
        "occurred in the future",
        {"channel": "phone", "summary": "x", "occurred_at": "2099-01-01T00:00:00Z"},
        "occurred_at",
    ),
    (
        "occurred_at not a time",
        {"channel": "phone", "summary": "x", "occurred_at": "yesterday"},
        "occurred_at",
    ),
    (
        "promise_due not a date",
        {"channel": "phone", "summary": "x", "promise": "p", "promise_due": "2026-02-30"},
        "promise_due",
    ),
    ("customer not a number", {"customer": "abc", "channel": "phone", "summary": "x"}, "customer"),
    ("customer unknown", {"customer": HUGE, "channel": "phone", "summary": "x"}, "customer"),
]


@pytest.mark.parametrize(
    ("payload", "field"), [pytest.param(p, f, id=i) for i, p, f in INTERACTION_CASES]
)
def test_contact_log_rejects_bad_input_naming_the_field_and_writes_nothing(
    world, api_as, payload, field
):
    # given
    before = row_counts(*ARCHIVE)

    # when
    response = api_as("manager").post(
        "/api/v1/interactions/", {"customer": world.own.pk, **payload}, format="json"
    )

    # then
    assert response.status_code == 400, response.content
    assert api_error_fields(response) == {field}
    assert row_counts(*ARCHIVE) == before


def test_contact_log_records_the_promise_and_who_logged_it(world, api_as):
    # given
    body = {
        "customer": world.own.pk,
        "channel": "visit",
        "summary": "Visited the office",
        "promise": "Send samples",
        "promise_due": "2026-12-01",
    }

    # when
    response = api_as("manager").post("/api/v1/interactions/", body, format="json")

    # then
    assert response.status_code == 201, response.content
    interaction = Interaction.objects.get()
    assert (interaction.user, interaction.promise, str(interaction.promise_due)) == (
        world.manager,
        "Send samples",
        "2026-12-01",
    )
