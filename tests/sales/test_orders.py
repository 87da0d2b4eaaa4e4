"""Consumption records: line amounts and totals, prices, attributes frozen at the time of sale,
and the rules on input (service and API), with nothing half-written."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from core.errors import InvalidInput, NotAllowed
from customers.models import LifecycleChange
from customers.services import customer_update
from sales.models import Order, OrderLine, Product
from sales.services import order_create
from tests.factories import ProductFactory, RegionFactory
from tests.helpers import api_error_fields, row_counts

RECORDS = (Order, OrderLine, LifecycleChange)


def _yesterday() -> str:
    return str(timezone.localdate() - timedelta(days=1))


@pytest.mark.parametrize(
    ("quantity", "list_price", "unit_price", "amount"),
    [
        (1, "100.00", None, "100.00"),
        (3, "19.99", None, "59.97"),
        (2, "100.00", "80.50", "161.00"),
        (7, "0.10", None, "0.70"),
        (1_000, "1234.56", None, "1234560.00"),
        (5, "100.00", "0.00", "0.00"),
    ],
)
def test_line_amount_is_quantity_times_unit_price_defaulting_to_list_price(
    world, quantity, list_price, unit_price, amount
):
    # given
    product = ProductFactory.create(list_price=Decimal(list_price))
    line: dict[str, Any] = {"product": product, "quantity": quantity}
    if unit_price is not None:
        line["unit_price"] = Decimal(unit_price)

    # when
    order = order_create(
        actor=world.manager, customer=world.own, ordered_on=timezone.localdate(), lines=[line]
    )

    # then
    saved = order.lines.get()
    assert saved.unit_price == Decimal(unit_price or list_price)
    assert saved.amount == Decimal(amount)
    assert order.total_amount == Decimal(amount)


def test_order_totals_are_the_sums_of_its_lines(world):
    # given
    sofa = ProductFactory.create(list_price=Decimal("1999.90"), unit_cost=Decimal("1200.00"))
    lamp = ProductFactory.create(list_price=Decimal("99.50"), unit_cost=Decimal("40.00"))
    tea = ProductFactory.create(list_price=Decimal("0.35"), unit_cost=Decimal("0.10"))

    # when
    order = order_create(
        actor=world.manager,
        customer=world.own,
        ordered_on=timezone.localdate(),
        lines=[
            {"product": sofa, "quantity": 2},
            {"product": lamp, "quantity": 3, "unit_price": Decimal("80.00")},
            {"product": tea, "quantity": 3},
        ],
    )

    # then
    lines = list(order.lines.all())
    assert [line.amount for line in lines] == [
        Decimal("3999.80"),
        Decimal("240.00"),
        Decimal("1.05"),
    ]
    assert order.total_amount == sum(line.amount for line in lines) == Decimal("4240.85")
    assert order.total_cost == sum(line.cost for line in lines) == Decimal("2520.30")
    order.refresh_from_db()
    assert order.total_amount == Decimal("4240.85")


def test_order_freezes_salesperson_department_region_and_category_at_the_time_of_sale(world):
    # given an order
    product = ProductFactory.create()
    order = order_create(
        actor=world.manager,
        customer=world.own,
        ordered_on=timezone.localdate(),
        lines=[{"product": product, "quantity": 1}],
    )
    sold_in = world.own.region_id

    # when the customer later moves to another region
    customer_update(
        customer=world.own,
        actor=world.manager,
        attributes={"region": RegionFactory.create(code="west")},
    )

    # then the sale keeps where, by whom and what it was
    world.own.refresh_from_db()
    line = OrderLine.objects.get(order=order)
    assert world.own.region_id != sold_in
    assert order.region_id == line.region_id == sold_in
    assert (line.salesperson_id, line.department_id) == (
        world.manager.pk,
        world.manager.department_id,
    )
    assert (line.category_id, line.customer_id, line.ordered_on) == (
        product.category_id,
        world.own.pk,
        order.ordered_on,
    )


def test_order_number_is_readable_and_unique(world):
    # given
    product = ProductFactory.create()
    today = timezone.localdate()

    # when
    numbers = {
        order_create(
            actor=world.manager,
            customer=world.own,
            ordered_on=today,
            lines=[{"product": product, "quantity": 1}],
        ).number
        for _ in range(5)
    }

    # then
    assert len(numbers) == 5
    assert all(number.startswith(f"SO-{today:%Y%m%d}-") for number in numbers)


# (id, lines with "P" for a product on sale, the field the error names)
LINE_CASES: list[tuple[str, list[dict[str, Any]], str]] = [
    ("no lines", [], "lines"),
    ("no product", [{"product": None, "quantity": 1}], "lines[0].product"),
    ("quantity 0", [{"product": "P", "quantity": 0}], "lines[0].quantity"),
    ("quantity negative", [{"product": "P", "quantity": -2}], "lines[0].quantity"),
    ("quantity not a number", [{"product": "P", "quantity": "x"}], "lines[0].quantity"),
    ("quantity over a million", [{"product": "P", "quantity": 1_000_001}], "lines[0].quantity"),
    (
        "negative price",
        [{"product": "P", "quantity": 1, "unit_price": Decimal("-1")}],
        "lines[0].unit_price",
    ),
    (
        "second line bad",
        [{"product": "P", "quantity": 1}, {"product": "P", "quantity": 0}],
        "lines[1].quantity",
    ),
    ("over 200 lines", [{"product": "P", "quantity": 1}] * 201, "lines"),
]


@pytest.mark.parametrize(
    ("lines", "field"), [pytest.param(lines, f, id=i) for i, lines, f in LINE_CASES]
)
def test_order_rules_name_the_bad_line_and_write_nothing(world, lines, field):
    # given
    product = ProductFactory.create()
    lines = [{**line, "product": product if line["product"] == "P" else None} for line in lines]
    before = row_counts(*RECORDS)

    # when
    with pytest.raises(InvalidInput) as error:
        order_create(
            actor=world.manager, customer=world.own, ordered_on=timezone.localdate(), lines=lines
        )

    # then
    assert set(error.value.field_errors) == {field}
    assert row_counts(*RECORDS) == before
    world.own.refresh_from_db()
    assert world.own.lifecycle_state == "potential"


def test_order_date_cannot_be_in_the_future(world):
    # when
    with pytest.raises(InvalidInput) as error:
        order_create(
            actor=world.manager,
            customer=world.own,
            ordered_on=timezone.localdate() + timedelta(days=1),
            lines=[{"product": ProductFactory.create(), "quantity": 1}],
        )

    # then
    assert set(error.value.field_errors) == {"ordered_on"}
    assert not Order.objects.exists()


def test_a_product_no_longer_on_sale_cannot_be_sold(world):
    # given
    product = ProductFactory.create(is_active=False)

    # when
    with pytest.raises(InvalidInput) as error:
        order_create(
            actor=world.manager,
            customer=world.own,
            ordered_on=timezone.localdate(),
            lines=[{"product": product, "quantity": 1}],
        )

    # then
    assert set(error.value.field_errors) == {"lines[0].product"}
    assert not Order.objects.exists()


@pytest.mark.parametrize("viewer", ["staff", "colleague", "outsider"])
def test_only_editors_of_the_customer_record_its_orders(world, viewer):
    # when
    with pytest.raises(NotAllowed):
        order_create(
            actor=world.user(viewer),
            customer=world.own,
            ordered_on=timezone.localdate(),
            lines=[{"product": ProductFactory.create(), "quantity": 1}],
        )

    # then
    assert not Order.objects.exists()


def test_a_supervisor_may_book_the_sale_to_a_colleague_of_the_department(world):
    # when
    order = order_create(
        actor=world.supervisor,
        customer=world.own,
        ordered_on=timezone.localdate(),
        salesperson=world.colleague,
        lines=[{"product": ProductFactory.create(), "quantity": 1}],
    )

    # then
    assert (order.salesperson, order.department) == (world.colleague, world.colleague.department)
    assert {line.salesperson_id for line in order.lines.all()} == {world.colleague.pk}


@pytest.mark.parametrize("salesperson", ["outsider", "other_supervisor", "staff", "admin"])
def test_the_salesperson_must_be_a_seller_in_the_customers_department(world, salesperson):
    # when
    with pytest.raises(InvalidInput) as error:
        order_create(
            actor=world.supervisor,
            customer=world.own,
            ordered_on=timezone.localdate(),
            salesperson=world.user(salesperson),
            lines=[{"product": ProductFactory.create(), "quantity": 1}],
        )

    # then
    assert set(error.value.field_errors) == {"salesperson"}
    assert not Order.objects.exists()


def test_order_api_creates_the_order_and_reads_it_back_with_its_lines(world, api_as):
    # given
    product = ProductFactory.create(list_price=Decimal("10.00"))
    api = api_as("manager")

    # when
    created = api.post(
        "/api/v1/orders/",
        {
            "customer": world.own.pk,
            "ordered_on": _yesterday(),
            "lines": [{"product": product.pk, "quantity": 3}],
        },
        format="json",
    )
    listed = api.get("/api/v1/orders/", {"customer": world.own.pk})

    # then
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["total_amount"], body["lines"][0]["unit_price"]) == ("30.00", "10.00")
    assert body["lines"][0]["quantity"] == 3
    assert [row["id"] for row in listed.json()["results"]] == [body["id"]]


HUGE = 99999999999999999999

# (id, changes to a valid order body ("P" = a product on sale), the field the 400 names)
API_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("no lines", {"lines": []}, "lines"),
    ("lines not a list", {"lines": "x"}, "lines"),
    ("product unknown", {"lines": [{"product": 987654, "quantity": 1}]}, "lines[0].product"),
    ("product huge id", {"lines": [{"product": HUGE, "quantity": 1}]}, "lines[0].product"),
    ("product missing", {"lines": [{"quantity": 1}]}, "lines[0].product"),
    ("quantity 0", {"lines": [{"product": "P", "quantity": 0}]}, "lines[0].quantity"),
    ("quantity x", {"lines": [{"product": "P", "quantity": "x"}]}, "lines[0].quantity"),
    ("quantity 1.5", {"lines": [{"product": "P", "quantity": 1.5}]}, "lines[0].quantity"),
    ("quantity huge", {"lines": [{"product": "P", "quantity": HUGE}]}, "lines[0].quantity"),
    (
        "price too precise",
        {"lines": [{"product": "P", "quantity": 1, "unit_price": "1.001"}]},
        "lines[0].unit_price",
    ),
    (
        "price too large",
        {"lines": [{"product": "P", "quantity": 1, "unit_price": "12345678901234"}]},
        "lines[0].unit_price",
    ),
    (
        "price negative",
        {"lines": [{"product": "P", "quantity": 1, "unit_price": "-1"}]},
        "lines[0].unit_price",
    ),
    ("date not a date", {"ordered_on": "yesterday"}, "ordered_on"),
    ("date 30 February", {"ordered_on": "2026-02-30"}, "ordered_on"),
    ("date in the future", {"ordered_on": "2099-01-01"}, "ordered_on"),
    ("note over 500", {"note": "n" * 501}, "note"),
    ("customer unknown", {"customer": 987654}, "customer"),
    ("customer not a number", {"customer": "abc"}, "customer"),
    ("salesperson unknown", {"salesperson": 987654}, "salesperson"),
]


@pytest.mark.parametrize(("changes", "field"), [pytest.param(c, f, id=i) for i, c, f in API_CASES])
def test_order_api_rejects_bad_input_naming_the_field_and_writes_nothing(
    world, api_as, changes, field
):
    # given
    product = ProductFactory.create()
    body = {
        "customer": world.own.pk,
        "ordered_on": _yesterday(),
        "lines": [{"product": product.pk, "quantity": 1}],
        **changes,
    }
    if isinstance(body["lines"], list):
        body["lines"] = [
            {**line, **({"product": product.pk} if line.get("product") == "P" else {})}
            for line in body["lines"]
        ]
    before = row_counts(*RECORDS)

    # when
    response = api_as("manager").post("/api/v1/orders/", body, format="json")

    # then
    assert response.status_code == 400, response.content
    assert api_error_fields(response) == {field}
    assert row_counts(*RECORDS) == before


def test_products_are_read_by_everyone_and_written_by_admins_only(world, api_as):
    # given
    payload = {
        "sku": "NEW-1",
        "name": "New",
        "category": ProductFactory.create().category.code,
        "list_price": "5.00",
        "unit_cost": "2.00",
    }

    # when
    read = api_as("manager").get("/api/v1/products/")
    by_manager = api_as("manager").post("/api/v1/products/", payload, format="json")
    by_admin = api_as("admin").post("/api/v1/products/", payload, format="json")
    negative = api_as("admin").post(
        "/api/v1/products/", {**payload, "sku": "NEW-2", "list_price": "-1"}, format="json"
    )

    # then
    assert read.status_code == 200
    assert by_manager.status_code == 403
    assert by_admin.status_code == 201
    assert negative.status_code == 400
    assert api_error_fields(negative) == {"list_price"}
    assert list(Product.objects.filter(sku__startswith="NEW-").values_list("sku", flat=True)) == [
        "NEW-1"
    ]
