"""A region is optional: a customer is taken without one on the page, through the API and by
import, and every list, filter and export names the missing region "Not set"."""

from __future__ import annotations

from customers.imports import customer_import
from customers.models import Customer
from tests.customers.test_forms import customer_form
from tests.customers.test_import_export import _rows
from tests.factories import make_customer, make_order
from tests.helpers import csv_rows


def test_the_api_takes_a_customer_with_name_kind_and_phone_only(world, api_as):
    # when a manager posts the least a customer needs
    response = api_as("manager").post(
        "/api/v1/customers/",
        {"name": "First Customer", "kind": "individual", "phone": "13800000001"},
        format="json",
    )

    # then the customer is saved without a region
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["region"], body["region_name"]) == (None, None)
    assert Customer.objects.get(pk=body["id"]).region_id is None


def test_the_api_clears_a_region_with_null(world, api_as):
    # when the owner patches the region away
    response = api_as("manager").patch(
        f"/api/v1/customers/{world.own.pk}/", {"region": None}, format="json"
    )

    # then
    assert response.status_code == 200
    world.own.refresh_from_db()
    assert world.own.region_id is None


def test_the_page_takes_a_customer_without_a_region_and_shows_it_as_not_set(world, page_as):
    # given the new-customer page offers "Not set" as the empty choice
    client = page_as("manager")
    assert (
        '<option value="" selected>Not set</option>'
        in client.get("/customers/new/").content.decode()
    )

    # when the form is sent with no region
    response = client.post("/customers/new/", customer_form("", name="No Region Ltd"))

    # then the customer is saved and its page says the region is not set
    assert response.status_code == 302
    customer = Customer.objects.get(name="No Region Ltd")
    assert customer.region_id is None
    detail = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "<dt>Region</dt><dd>Not set</dd>" in detail


def test_an_import_needs_no_region_column_nor_value(world):
    # given one file without the column and one with a blank and an unknown code
    without_column = _rows("Plain Co,enterprise\n", header="name,kind\n")
    blank_and_unknown = _rows(
        "Blank Co,enterprise,\nMars Co,enterprise,mars\n", "name,kind,region\n"
    )

    # when both are imported
    first = customer_import(actor=world.manager, rows=without_column, dry_run=False)
    second = customer_import(actor=world.manager, rows=blank_and_unknown, dry_run=True)

    # then a missing region is no problem, an unknown code still is
    assert first.written
    assert Customer.objects.get(name="Plain Co").region_id is None
    assert {(p.line, p.field) for p in second.problems} == {(3, "region")}
    assert second.created == 1


def test_the_region_filter_finds_the_customers_without_one(world, page_as, api_as):
    # given one of the manager's customers has no region
    lost = make_customer(owner=world.manager, name="Somewhere Ltd", region=None)

    # when the list is filtered by "Not set", on the page and through the API
    page = page_as("manager").get("/customers/", {"region": "none"}).content.decode()
    listed = api_as("manager").get("/api/v1/customers/", {"region": "none"}).json()["results"]

    # then exactly that customer is listed
    assert [row["id"] for row in listed] == [lost.pk]
    assert "Somewhere Ltd" in page
    assert world.own.name not in page


def test_export_and_order_pages_say_not_set(world, page_as):
    # given a customer without a region who bought once
    customer = make_customer(owner=world.manager, name="Nowhere Co", region=None)
    order = make_order(customer=customer)

    # when the manager exports customers and opens the orders
    rows = csv_rows(page_as("manager").get("/customers/export.csv"))
    orders = page_as("manager").get("/orders/").content.decode()
    detail = page_as("manager").get(f"/orders/{order.pk}/").content.decode()

    # then the order kept "no region" and every surface says "Not set"
    assert order.region_id is None
    assert order.lines.get().region_id is None
    row = next(r for r in rows if r[1] == "Nowhere Co")
    assert row[rows[0].index("Region")] == "Not set"
    assert 'data-label="Region">Not set</td>' in orders
    assert "Not set" in detail
