"""Sensitive personal fields: the owner, their department's supervisors and admins read them;
everyone else who may see the customer (department staff) reads masks — in the API, on the
pages and in the export. Searching by a contact only finds what the viewer may read."""

from __future__ import annotations

from typing import Any

import pytest

from customers.masking import KEY_CONTACT_SENSITIVE_FIELDS, SENSITIVE_FIELDS, mask_value
from customers.services import customer_update
from tests.helpers import csv_rows

from .access import FULL, READ_ONLY, RELATIONS, matrix

VISIBLE = matrix(only=(READ_ONLY, FULL))


def secret_values(relation: str) -> dict[str, Any]:
    """Sensitive values unique to each customer, so one never shows up for another."""
    n = RELATIONS.index(relation)
    return {
        "phone": f"1391234567{n}",
        "email": f"secret.person{n}@example.com",
        "address": f"{n}8 Hidden Lane",
        "messaging_id": f"wx_hidden_{n}",
        "taboos": f"Never mention the number four, case {n}",
        "beliefs": f"Feng shui before signing, case {n}",
        "life_background": f"Raised in a fishing village, case {n}",
        "values": f"Long-term trust above price, case {n}",
        "family": f"Twin daughters at university, case {n}",
    }


def contact_values(relation: str) -> dict[str, str]:
    n = RELATIONS.index(relation)
    return {"phone": f"1370000111{n}", "email": f"li.ming{n}@example.com"}


@pytest.fixture
def secretive(world):
    """Every world customer gets sensitive values and a key contact, written by its owner."""
    for relation in RELATIONS:
        customer = world.customer(relation)
        customer_update(
            customer=customer,
            actor=customer.owner,
            attributes={"kind": "enterprise", **secret_values(relation)},
            key_contacts=[
                {"name": "Li Ming", "decision_role": "decision_maker", **contact_values(relation)}
            ],
        )
    return world


def test_the_fixture_covers_every_sensitive_field():
    # given / when
    covered = set(secret_values("own"))

    # then adding a field to SENSITIVE_FIELDS without test data fails here
    assert covered == set(SENSITIVE_FIELDS)
    assert set(contact_values("own")) == set(KEY_CONTACT_SENSITIVE_FIELDS)


@pytest.mark.parametrize(("viewer", "relation", "access"), VISIBLE)
def test_api_returns_sensitive_fields_raw_only_to_owner_supervisor_and_admin(
    secretive, api_as, viewer, relation, access
):
    # given
    customer = secretive.customer(relation)

    # when
    body = api_as(viewer).get(f"/api/v1/customers/{customer.pk}/").json()

    # then
    for field, raw in secret_values(relation).items():
        assert body[field] == (raw if access == FULL else mask_value(field, raw)), field
    for field, raw in contact_values(relation).items():
        expected = raw if access == FULL else mask_value(field, raw)
        assert body["key_contacts"][0][field] == expected, field
    assert body["sensitive_masked"] is (access == READ_ONLY)
    assert body["name"] == customer.name  # the rest of the archive is not masked


@pytest.mark.parametrize(("viewer", "relation", "access"), VISIBLE)
def test_api_list_masks_like_the_detail(secretive, api_as, viewer, relation, access):
    # given
    customer = secretive.customer(relation)

    # when
    results = api_as(viewer).get("/api/v1/customers/").json()["results"]

    # then
    row = next(row for row in results if row["id"] == customer.pk)
    raw = secret_values(relation)
    assert row["phone"] == (raw["phone"] if access == FULL else mask_value("phone", raw["phone"]))
    assert row["taboos"] == (raw["taboos"] if access == FULL else mask_value("taboos", "x"))
    assert row["sensitive_masked"] is (access == READ_ONLY)


@pytest.mark.parametrize(("viewer", "relation", "access"), VISIBLE)
def test_customer_page_shows_raw_sensitive_values_only_to_owner_supervisor_and_admin(
    secretive, page_as, viewer, relation, access
):
    # given
    customer = secretive.customer(relation)

    # when
    html = page_as(viewer).get(f"/customers/{customer.pk}/").content.decode()

    # then
    for field, raw in {**secret_values(relation), **contact_values(relation)}.items():
        assert (raw in html) is (access == FULL), field
    if access == READ_ONLY:
        assert mask_value("phone", secret_values(relation)["phone"]) in html
        assert mask_value("email", contact_values(relation)["email"]) in html


@pytest.mark.parametrize(("viewer", "relation", "access"), VISIBLE)
def test_customer_list_page_masks_the_phone_for_read_only_viewers(
    secretive, page_as, viewer, relation, access
):
    # given
    phone = secret_values(relation)["phone"]

    # when
    html = page_as(viewer).get("/customers/").content.decode()

    # then
    assert (phone in html) is (access == FULL)
    assert (mask_value("phone", phone) in html) is (access == READ_ONLY)


@pytest.mark.parametrize(("viewer", "relation", "access"), VISIBLE)
def test_csv_export_masks_contacts_like_the_pages(secretive, page_as, viewer, relation, access):
    # given
    customer = secretive.customer(relation)

    # when
    rows = csv_rows(page_as(viewer).get("/customers/export.csv"))

    # then
    header, *data = rows
    row = dict(zip(header, next(r for r in data if r[0] == str(customer.pk)), strict=True))
    raw = secret_values(relation)
    for field, column in (("phone", "Phone"), ("email", "E-mail"), ("address", "Address")):
        expected = raw[field] if access == FULL else mask_value(field, raw[field])
        assert row[column] == expected, field
    if access == READ_ONLY:
        everything = "\n".join(",".join(r) for r in rows)
        assert not [value for value in raw.values() if value in everything]


@pytest.mark.parametrize(
    ("viewer", "found"),
    [("manager", True), ("supervisor", True), ("admin", True), ("staff", False)],
)
@pytest.mark.parametrize("field", ["phone", "email"])
def test_search_by_contact_finds_a_customer_only_for_viewers_who_may_read_it(
    secretive, page_as, api_as, viewer, found, field
):
    # given the manager's customer, which all four viewers may see
    customer = secretive.own
    needle = secret_values("own")[field]

    # when
    api = api_as(viewer).get("/api/v1/customers/", {"q": needle}).json()["results"]
    page = page_as(viewer).get("/customers/", {"q": needle}).content.decode()
    export = csv_rows(page_as(viewer).get("/customers/export.csv", {"q": needle}))

    # then
    assert (customer.pk in [row["id"] for row in api]) is found
    assert (f'href="/customers/{customer.pk}/"' in page) is found
    assert (str(customer.pk) in [row[0] for row in export[1:]]) is found


def test_search_by_a_part_of_the_phone_does_not_probe_masked_digits(secretive, api_as):
    # given the staff sees "139****5670": the hidden middle digits must not be searchable
    hidden_digits = secret_values("own")["phone"][3:7]

    # when
    results = api_as("staff").get("/api/v1/customers/", {"q": hidden_digits}).json()["results"]

    # then
    assert results == []


def test_read_only_viewer_still_finds_the_customer_by_name(secretive, api_as):
    # given
    customer = secretive.own

    # when
    results = api_as("staff").get("/api/v1/customers/", {"q": customer.name}).json()["results"]

    # then
    assert [row["id"] for row in results] == [customer.pk]


@pytest.mark.parametrize("viewer", ["other_supervisor", "outsider"])
def test_hidden_customers_leak_no_sensitive_value_anywhere(secretive, page_as, api_as, viewer):
    # given the manager's customer is hidden from the West department
    customer = secretive.own

    # when
    detail = api_as(viewer).get(f"/api/v1/customers/{customer.pk}/")
    listing = page_as(viewer).get("/customers/").content.decode()
    export = "\n".join(",".join(r) for r in csv_rows(page_as(viewer).get("/customers/export.csv")))

    # then
    assert detail.status_code == 404
    for value in secret_values("own").values():
        assert value not in listing
        assert value not in export


@pytest.mark.parametrize(
    ("field", "value", "masked"),
    [
        ("phone", "13912345678", "139****5678"),
        ("phone", "12345", "******"),
        ("email", "zhang@example.com", "z***@example.com"),
        ("email", "no-at-sign", "******"),
        ("taboos", "anything", "******"),
        ("family", "", ""),
        ("phone", "", ""),
    ],
)
def test_mask_keeps_just_enough_to_recognise_a_contact(field, value, masked):
    # given / when
    result = mask_value(field, value)

    # then
    assert result == masked
