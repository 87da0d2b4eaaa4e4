"""No object is reachable by guessing its id: every object type, through every door (page, API,
action), for every role, follows the one graded-authorization table (tests/customers/access.py).
Reports and exports, which take no object id, cover exactly the customers the table allows."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Department
from analytics.churn import churn_analyse
from care.models import ChurnScore, PointsEntry, Reminder
from care.services import reminder_schedule
from complaints.models import Complaint
from complaints.services import complaint_record
from customers.models import Interaction, Province, Region
from sales.models import Order, Product, ProductCategory
from surveys.models import SurveyResponse
from surveys.services import response_submit
from tests.complaints.conftest import RECORD
from tests.conftest import World
from tests.customers.access import ACCESS, HIDDEN, RELATIONS, matrix
from tests.factories import (
    DepartmentFactory,
    ProductCategoryFactory,
    ProductFactory,
    RegionFactory,
    make_interaction,
    make_order,
)
from tests.surveys.conftest import answers, invite

# Each relation's customer buys a different number of 100.00 units, so a report's total tells
# exactly whose orders it counted.
UNITS = {"own": 1, "same_department": 2, "other_department": 4}


@pytest.fixture
def objects(world: World) -> dict[str, dict[str, Any]]:
    """One of every object type about each of the world's three customers, made by services."""
    product = ProductFactory.create(list_price=Decimal("100.00"), unit_cost=Decimal("60.00"))
    made: dict[str, dict[str, Any]] = {}
    for relation in RELATIONS:
        customer = world.customer(relation)
        invitation = invite(world, customer)
        made[relation] = {
            "customer": customer,
            "order": make_order(customer=customer, product=product, quantity=UNITS[relation]),
            "interaction": make_interaction(customer=customer, summary=f"Call {relation}"),
            "complaint": complaint_record(customer=customer, actor=customer.owner, values=RECORD),
            "response": response_submit(
                token=invitation.token, submitted=answers(invitation.campaign.template)
            ),
            "reminder": reminder_schedule(
                customer=customer,
                kind="contact_gap",
                due_on=timezone.localdate(),
                title=f"Call {relation}",
                source_key=f"idor:{relation}",
            )[0],
        }
    churn_analyse()
    for relation in RELATIONS:
        made[relation]["churn"] = ChurnScore.objects.get(customer=made[relation]["customer"])
    return made


# (object type, door, URL pattern filled from the object)
READ_DOORS: list[tuple[str, str]] = [
    ("customer", "/customers/{customer.pk}/"),
    ("customer", "/api/v1/customers/{customer.pk}/"),
    ("customer", "/api/v1/customers/{customer.pk}/lifecycle-history/"),
    ("customer", "/api/v1/customers/{customer.pk}/points/"),
    ("order", "/orders/{order.pk}/"),
    ("order", "/api/v1/orders/{order.pk}/"),
    ("interaction", "/api/v1/interactions/{interaction.pk}/"),
    ("complaint", "/complaints/{complaint.pk}/"),
    ("complaint", "/api/v1/complaints/{complaint.pk}/"),
    ("response", "/api/v1/surveys/responses/{response.pk}/"),
    ("reminder", "/api/v1/reminders/{reminder.pk}/"),
    ("churn", "/api/v1/churn-scores/{churn.customer_id}/"),
]


def _door_url(pattern: str, made: dict[str, Any]) -> str:
    return pattern.format(**made)


@pytest.mark.parametrize(("kind", "pattern"), READ_DOORS, ids=[d[1] for d in READ_DOORS])
@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_every_object_is_found_exactly_when_its_customer_is_visible(
    objects, page_as, api_as, kind, pattern, viewer, relation, access
):
    # given an object of this type about the relation's customer
    url = _door_url(pattern, objects[relation])
    client = api_as(viewer) if url.startswith("/api/") else page_as(viewer)

    # when the viewer asks for it by id
    answer = client.get(url)

    # then it is there exactly when the table says so, and otherwise indistinguishable from
    # an id that does not exist
    if access == HIDDEN:
        assert answer.status_code == 404, url
        assert answer.status_code == client.get(_door_url(pattern, _missing())).status_code
    else:
        assert answer.status_code == 200, url


def _missing() -> dict[str, Any]:
    class Nothing:
        pk = 987_654_321
        customer_id = 987_654_321

    return dict.fromkeys(
        ("customer", "order", "interaction", "complaint", "response", "reminder", "churn"),
        Nothing(),
    )


# Writes by id: each must refuse a hidden object with 404 before looking at the input, and
# change nothing.
WRITE_DOORS: list[tuple[str, str, dict[str, Any]]] = [
    ("reminder", "/api/v1/reminders/{reminder.pk}/done/", {"channel": "phone", "summary": "x"}),
    ("reminder", "/api/v1/reminders/{reminder.pk}/dismiss/", {}),
    ("reminder", "/care/reminders/{reminder.pk}/dismiss/", {}),
    (
        "complaint",
        "/api/v1/complaints/{complaint.pk}/transitions/",
        {"action": "judge", "valid": True},
    ),
    ("complaint", "/complaints/{complaint.pk}/judge/", {"judge-valid": "true"}),
    ("complaint", "/api/v1/complaints/{complaint.pk}/comments/", {"text": "Hello"}),
    ("customer", "/api/v1/customers/{customer.pk}/points/", {"points": 1, "note": "x"}),
    ("customer", "/customers/{customer.pk}/interactions/", {"channel": "phone", "summary": "x"}),
]


@pytest.mark.parametrize(("kind", "pattern", "body"), WRITE_DOORS, ids=[d[1] for d in WRITE_DOORS])
@pytest.mark.parametrize(("viewer", "relation", "access"), matrix(only=(HIDDEN,)))
def test_writes_to_a_hidden_object_are_404_and_change_nothing(
    objects, page_as, api_as, kind, pattern, body, viewer, relation, access
):
    # given a hidden object and a count of everything a write could add or change
    url = _door_url(pattern, objects[relation])
    before = _state(objects[relation])
    client = api_as(viewer) if url.startswith("/api/") else page_as(viewer)

    # when the viewer writes to it by id
    answer = (
        client.post(url, body, format="json") if url.startswith("/api/") else client.post(url, body)
    )

    # then: not found, nothing written
    assert answer.status_code == 404, url
    assert _state(objects[relation]) == before


def _state(made: dict[str, Any]) -> tuple[Any, ...]:
    reminder = Reminder.objects.get(pk=made["reminder"].pk)
    complaint = Complaint.objects.get(pk=made["complaint"].pk)
    return (
        reminder.status,
        complaint.state,
        complaint.events.count(),
        Interaction.objects.filter(customer=made["customer"]).count(),
        PointsEntry.objects.filter(customer=made["customer"]).count(),
    )


def _visible_relations(viewer: str) -> set[str]:
    return {
        relation
        for relation, access in zip(RELATIONS, ACCESS[viewer], strict=True)
        if access != HIDDEN
    }


def _expected_amount(viewer: str) -> Decimal:
    return sum((Decimal(100 * UNITS[r]) for r in _visible_relations(viewer)), Decimal(0))


@pytest.mark.parametrize("viewer", list(ACCESS))
def test_reports_count_exactly_the_visible_customers(objects, api_as, page_as, viewer):
    # given orders worth 100, 200 and 400 by the three customers
    api, page = api_as(viewer), page_as(viewer)
    expected = _expected_amount(viewer)

    # when the viewer reads the consumption report through every door
    report = api.get("/api/v1/analytics/consumption/?rows=department").json()
    exported = _body(page.get("/analytics/consumption/export.csv?rows=department"))
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    sheet = load_workbook(
        io.BytesIO(_body(page.get("/analytics/consumption/export.xlsx?rows=department"))),
        read_only=True,
    ).active
    value = api.get("/api/v1/analytics/value/").json()

    # then each counts the visible customers' orders and nothing else
    assert Decimal(str(report["totals"]["amount"])) == expected
    total_row = rows[-1]
    assert Decimal(total_row[rows[0].index("Amount")]) == expected
    sheet_rows = list(sheet.iter_rows(values_only=True))
    assert Decimal(str(sheet_rows[-1][list(sheet_rows[0]).index("Amount")])) == expected
    assert Decimal(str(value["revenue"])) == expected


@pytest.mark.parametrize("viewer", list(ACCESS))
def test_exports_and_lists_hold_exactly_the_visible_customers_objects(
    objects, api_as, page_as, viewer
):
    api, page = api_as(viewer), page_as(viewer)
    visible = {objects[r]["customer"].name for r in _visible_relations(viewer)}
    everyone = {objects[r]["customer"].name for r in RELATIONS}

    # when the viewer exports customers and orders and lists every object type
    customers_csv = _body(page.get("/customers/export.csv")).decode("utf-8-sig")
    orders_csv = _body(page.get("/orders/export.csv")).decode("utf-8-sig")
    lines_page = _body(page.get("/analytics/consumption/lines/")).decode()
    listed = {
        "orders": {row["customer"] for row in _results(api, "/api/v1/orders/")},
        "interactions": {row["customer"] for row in _results(api, "/api/v1/interactions/")},
        "complaints": {row["customer"] for row in _results(api, "/api/v1/complaints/")},
        "responses": {row["customer"] for row in _results(api, "/api/v1/surveys/responses/")},
        "reminders": {
            row["customer"] for row in _results(api, "/api/v1/reminders/?scope=department")
        },
    }

    # then every export and list holds the visible customers' objects and no one else's
    for name in everyone:
        assert (name in customers_csv) == (name in visible), ("customers export", name)
        assert (name in orders_csv) == (name in visible), ("orders export", name)
        assert (name.replace("'", "&#x27;") in lines_page) == (name in visible), ("lines", name)
    visible_ids = {objects[r]["customer"].pk for r in _visible_relations(viewer)}
    for kind, customers in listed.items():
        assert {_customer_id(c) for c in customers} <= visible_ids, kind
    assert {_customer_id(c) for c in listed["orders"]} == visible_ids


def _body(answer: Any) -> bytes:
    assert answer.status_code == 200
    if answer.streaming:
        return b"".join(answer.streaming_content)
    return answer.content


def _results(api: Any, url: str) -> list[dict[str, Any]]:
    answer = api.get(url)
    assert answer.status_code == 200, url
    body = answer.json()
    return body["results"] if isinstance(body, dict) else body


def _customer_id(value: Any) -> int:
    return value["id"] if isinstance(value, dict) else int(value)


def test_the_fixture_made_one_of_everything(objects):
    assert Order.objects.count() == 3
    assert SurveyResponse.objects.count() == 3
    assert ChurnScore.objects.count() == 3


# Reference data takes no customer: everyone signed in reads it through the API, only admins
# change it (pages and API); anyone else gets 403 and nothing changes.
REFERENCE_KINDS = {
    "departments": Department,
    "regions": Region,
    "provinces": Province,
    "product-categories": ProductCategory,
    "products": Product,
}


def _unused_row(slug: str) -> Any:
    """A row of the kind nothing points at, so the admin's delete goes through."""
    if slug == "departments":
        return DepartmentFactory.create(name="Unused department")
    if slug == "regions":
        return RegionFactory.create(code="unused")
    if slug == "provinces":
        return Province.objects.create(
            code="cn-xx", name_en="Unused", name_zh="未用", region=RegionFactory.create()
        )
    if slug == "product-categories":
        return ProductCategoryFactory.create(code="unused")
    return ProductFactory.create()


# (method, URL pattern, body, the admin's answer); {slug} and {pk} are filled in
REFERENCE_WRITE_DOORS: list[tuple[str, str, dict[str, Any], int]] = [
    ("get", "/reference/", {}, 200),
    ("get", "/reference/{slug}/", {}, 200),
    ("get", "/reference/{slug}/new/", {}, 200),
    ("get", "/reference/{slug}/{pk}/", {}, 200),
    ("post", "/reference/{slug}/{pk}/active/", {"active": "0"}, 302),
    ("post", "/reference/{slug}/{pk}/delete/", {}, 302),
    ("post", "/api/v1/{slug}/", {}, 400),  # empty body: the admin gets past the permission
    ("patch", "/api/v1/{slug}/{pk}/", {"is_active": False}, 200),
    ("delete", "/api/v1/{slug}/{pk}/", {}, 204),
]


@pytest.mark.parametrize(
    ("slug", "method", "pattern", "body", "admin_answer"),
    [
        pytest.param(slug, *door, id=f"{slug}: {door[0]} {door[1]}")
        for slug in REFERENCE_KINDS
        for door in REFERENCE_WRITE_DOORS
        # provinces have no active flag to switch
        if not (slug == "provinces" and door[1].endswith("/active/"))
    ],
)
def test_only_admins_change_reference_data_through_any_door(
    world, page_as, api_as, slug, method, pattern, body, admin_answer
):
    # given an unused row of the kind
    model = REFERENCE_KINDS[slug]
    row = _unused_row(slug)
    url = pattern.format(slug=slug, pk=row.pk)
    before = list(model._default_manager.order_by("pk").values())

    for viewer in ACCESS:
        if viewer == "admin":
            continue
        client = api_as(viewer) if url.startswith("/api/") else page_as(viewer)
        # when anyone but an admin tries it
        answer = getattr(client, method)(
            url, body, **({"format": "json"} if url.startswith("/api/") else {})
        )
        # then 403, nothing changed
        assert answer.status_code == 403, (viewer, url)
        assert list(model._default_manager.order_by("pk").values()) == before

    # and the admin is let through
    admin = api_as("admin") if url.startswith("/api/") else page_as("admin")
    answer = getattr(admin, method)(
        url, body, **({"format": "json"} if url.startswith("/api/") else {})
    )
    assert answer.status_code == admin_answer, (url, answer.content[:500])


@pytest.mark.parametrize("slug", list(REFERENCE_KINDS))
def test_everyone_reads_reference_data_through_the_api(world, api_as, slug):
    row = _unused_row(slug)
    for viewer in ACCESS:
        client = api_as(viewer)
        assert client.get(f"/api/v1/{slug}/").status_code == 200, viewer
        assert client.get(f"/api/v1/{slug}/{row.pk}/").status_code == 200, viewer
        assert client.get(f"/api/v1/{slug}/987654321/").status_code == 404, viewer
