"""The consumption report read from the rollups equals a direct GROUP BY over the order lines,
for random dimensions and filters, and covers only what the viewer's reports may cover."""

from __future__ import annotations

import io
import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from openpyxl import load_workbook

from analytics.models import CategoryRollup, OrderRollup
from analytics.rollup import rollup_rebuild
from analytics.selectors import ConsumptionQuery, consumption_by, consumption_lines
from customers.services import customer_change_lifecycle, customer_update
from sales.models import OrderLine
from sales.services import order_create
from tests.factories import ProductCategoryFactory, ProductFactory, RegionFactory, make_customer
from tests.helpers import csv_rows, streamed

LINE_COLUMNS = {
    "month": "month",
    "product_category": "category_id",
    "region": "region_id",
    "salesperson": "salesperson_id",
    "department": "department_id",
    "customer_category": "customer__tier",
}


@pytest.fixture
def shop(world):
    """Customers of three managers in two departments, in two regions or none, multi-category
    orders over 14 months, and customers moved after buying (tier, lifecycle, owner, region) so
    the rollup had to follow."""
    rng = random.Random(7)
    regions = [world.own.region, RegionFactory.create(code="south", name_en="South"), None]
    categories = [ProductCategoryFactory.create(code=f"c{i}") for i in range(3)]
    products = [
        ProductFactory.create(category=category, list_price=Decimal(price))
        for category in categories
        for price in ("19.90", "120.00")
    ]
    customers = [world.own, world.same_department, world.other_department]
    for index in range(9):
        owner = [world.manager, world.colleague, world.outsider][index % 3]
        customers.append(
            make_customer(
                owner=owner,
                name=f"Buyer {index}",
                region=regions[index // 3],
                tier=["silver", "gold", "one_to_one"][index % 3],
                kind=["individual", "enterprise"][index % 2],
            )
        )
    today = date(2026, 11, 15)
    for _ in range(70):
        customer = rng.choice(customers)
        lines = [
            {"product": rng.choice(products), "quantity": rng.randint(1, 4)}
            for _ in range(rng.randint(1, 3))
        ]
        order_create(
            actor=world.admin,
            customer=customer,
            ordered_on=today - timedelta(days=rng.randint(0, 420)),
            lines=lines,
        )
    customer_update(customer=customers[4], actor=world.admin, attributes={"tier": "one_to_one"})
    customer_update(customer=customers[5], actor=world.admin, attributes={}, owner=world.colleague)
    customer_update(customer=customers[9], actor=world.admin, attributes={"region": regions[0]})
    customer_change_lifecycle(
        customer=customers[6], actor=world.admin, to_state="lost", reason="Moved away"
    )
    return customers


def _direct(query: ConsumptionQuery, scope: Q) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    lines = OrderLine.objects.filter(scope).annotate(month=TruncMonth("ordered_on"))
    if query.month_from:
        lines = lines.filter(ordered_on__gte=query.month_from)
    if query.month_to:
        lines = lines.filter(month__lte=query.month_to)
    for name, value in query.filters.items():
        column = LINE_COLUMNS.get(name, f"customer__{name}")
        lines = lines.filter(**{column: value})
    group = [LINE_COLUMNS[query.rows]] + ([LINE_COLUMNS[query.cols]] if query.cols else [])
    return {
        tuple(row[column] for column in group): (
            row["amount"],
            row["quantity"],
            row["orders"],
        )
        for row in lines.values(*group)
        .annotate(
            amount=Sum("amount"), quantity=Sum("quantity"), orders=Count("order", distinct=True)
        )
        .order_by()
    }


def _from_report(query: ConsumptionQuery, user) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    report = consumption_by(user=user, query=query)
    result: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for row in report.rows:
        if query.cols:
            for key, figures in row.cells.items():
                result[(row.key, key)] = (figures.amount, figures.quantity, figures.orders)
        else:
            result[(row.key,)] = (row.figures.amount, row.figures.quantity, row.figures.orders)
    return result


def _random_query(rng: random.Random, world, shop) -> ConsumptionQuery:
    dimensions = list(LINE_COLUMNS)
    rows = rng.choice(dimensions)
    cols = rng.choice([None, *[d for d in dimensions if d != rows]])
    filters: dict[str, Any] = {}
    if rng.random() < 0.4:
        filters["region"] = rng.choice(shop).region_id
    if rng.random() < 0.3:
        filters["tier"] = rng.choice(["silver", "gold", "one_to_one"])
    if rng.random() < 0.3:
        filters["product_category"] = rng.choice(
            list(OrderLine.objects.values_list("category_id", flat=True))
        )
    if rng.random() < 0.2:
        filters["salesperson"] = rng.choice([world.manager.pk, world.colleague.pk])
    month_from = date(2026, rng.randint(1, 6), 1) if rng.random() < 0.6 else None
    month_to = date(2026, rng.randint(7, 11), 1) if rng.random() < 0.6 else None
    return ConsumptionQuery(
        rows=rows, cols=cols, month_from=month_from, month_to=month_to, filters=filters
    )


def test_report_equals_a_direct_group_by_over_the_lines_for_random_queries(world, shop):
    # given orders written and customers moved since (the rollup was kept current throughout)
    rng = random.Random(11)
    scopes = {
        "admin": Q(),
        "supervisor": Q(customer__department_id=world.supervisor.department_id),
        "manager": Q(customer__owner_id=world.manager.pk),
    }
    for _ in range(60):
        # when a random report is asked for by each role
        query = _random_query(rng, world, shop)
        for role, scope in scopes.items():
            # then every cell equals the GROUP BY over the lines that role's reports cover
            assert _from_report(query, world.user(role)) == _direct(query, scope), (role, query)


def test_rebuilding_the_rollup_gives_the_rows_kept_incrementally(world, shop):
    # given rollups kept current by each write
    fields = ["month", "region_id", "customer_tier", "customer_owner_id", "amount", "order_count"]
    kept = Counter(CategoryRollup.objects.values_list(*fields, "product_category_id"))
    kept_orders = Counter(OrderRollup.objects.values_list(*fields))
    assert None in {row[1] for row in kept_orders}  # orders without a region among them

    # when they are rebuilt from the lines
    rollup_rebuild()

    # then nothing differs (and "not set" rows were merged as one key each time)
    assert Counter(CategoryRollup.objects.values_list(*fields, "product_category_id")) == kept
    assert Counter(OrderRollup.objects.values_list(*fields)) == kept_orders


def test_report_totals_count_an_order_once_across_product_categories(world, shop):
    # when the report is split by product category
    by_category = consumption_by(user=world.admin, query=ConsumptionQuery(rows="product_category"))

    # then rows count the orders holding each category, the total each order once
    orders = OrderLine.objects.values("order").distinct().count()
    assert by_category.totals.orders == orders
    assert sum(row.figures.orders for row in by_category.rows) >= orders
    assert by_category.totals.amount == OrderLine.objects.aggregate(total=Sum("amount"))["total"]


def test_drill_down_lists_exactly_the_lines_behind_a_cell(world, shop):
    # given a report by region and month
    query = ConsumptionQuery(rows="region", cols="month")
    report = consumption_by(user=world.supervisor, query=query)
    row = report.rows[0]
    month, figures = next(iter(row.cells.items()))

    # when the supervisor drills into that cell
    lines = consumption_lines(
        user=world.supervisor, query=query, row_key=str(row.key), col_key=f"{month:%Y-%m}"
    )

    # then the lines add up to the cell and all belong to the department's customers
    assert sum(line.amount for line in lines) == figures.amount
    assert {line.customer.department_id for line in lines} == {world.supervisor.department_id}


def test_orders_without_a_region_are_one_not_set_row_down_to_the_lines_and_exports(
    world, shop, page_as, api_as
):
    # given orders of customers who had no region when they bought
    without = OrderLine.objects.filter(region__isnull=True)
    expected = without.aggregate(total=Sum("amount"))["total"]
    assert expected

    # when the admin reads the report by region, drills into "Not set" and exports it
    report = consumption_by(user=world.admin, query=ConsumptionQuery(rows="region"))
    row = next(row for row in report.rows if row.key is None)
    lines = consumption_lines(
        user=world.admin, query=ConsumptionQuery(rows="region"), row_key="none", col_key=None
    )
    api = api_as("admin").get("/api/v1/analytics/consumption/", {"rows": "region"}).json()
    filtered = api_as("admin").get("/api/v1/analytics/consumption/", {"region": "none"}).json()
    exported = csv_rows(page_as("admin").get("/analytics/consumption/export.csv?rows=region"))
    sheet = load_workbook(
        io.BytesIO(
            streamed(page_as("admin").get("/analytics/consumption/export.xlsx?rows=region"))
        ),
        read_only=True,
    ).active
    page = page_as("admin").get("/analytics/consumption/lines/", {"row": "none", "rows": "region"})

    # then one row holds them, labelled "Not set" everywhere, and its lines add up to it
    assert (row.label, row.figures.amount) == ("Not set", expected)
    assert sum(line.amount for line in lines) == expected
    assert {line.pk for line in lines} == set(without.values_list("pk", flat=True))
    api_row = next(r for r in api["rows"] if r["key"] == "none")
    assert (api_row["label"], Decimal(api_row["amount"])) == ("Not set", expected)
    assert Decimal(filtered["totals"]["amount"]) == expected
    assert Decimal(next(r for r in exported if r[0] == "Not set")[1]) == expected
    sheet_row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Not set")
    assert Decimal(str(sheet_row[1])) == expected
    assert page.status_code == 200
    assert page.content.decode().count("<td>Not set</td>") == min(len(lines), 50)
