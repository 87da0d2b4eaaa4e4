"""Every consumption page, endpoint and export covers exactly the viewer's report scope, rejects
bad requests with field errors, and runs a bounded number of queries."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from openpyxl import load_workbook

from sales.models import OrderLine
from tests.factories import ProductFactory, make_customer, make_order

# role → the customers (by owner username) their reports cover
SCOPES = {
    "manager": {"manager"},
    "colleague": {"colleague"},
    "outsider": {"outsider"},
    "supervisor": {"manager", "colleague"},
    "other_supervisor": {"outsider"},
    "staff": {"manager", "colleague"},
    "admin": {"manager", "colleague", "outsider"},
}


@pytest.fixture
def sales(world):
    product = ProductFactory.create(list_price=Decimal("100.00"))
    for customer, quantity in (
        (world.own, 1),
        (world.same_department, 2),
        (world.other_department, 4),
    ):
        make_order(customer=customer, product=product, quantity=quantity)
        make_order(
            customer=customer,
            product=product,
            quantity=quantity,
            ordered_on=timezone.localdate() - timedelta(days=200),
        )


def _expected(owners: set[str]) -> Decimal:
    total = OrderLine.objects.filter(customer__owner__username__in=owners).aggregate(
        total=Sum("amount")
    )["total"]
    return total or Decimal("0")


@pytest.mark.parametrize("role", list(SCOPES))
@pytest.mark.parametrize("rows", ["month", "region", "salesperson", "department"])
def test_api_page_and_exports_cover_the_viewers_scope_and_agree(
    world, sales, api_as, page_as, role, rows
):
    # when each role asks for the same report through every door
    api = api_as(role).get("/api/v1/analytics/consumption/", {"rows": rows})
    page = page_as(role).get("/analytics/consumption/", {"rows": rows})
    exported = page_as(role).get("/analytics/consumption/export.csv", {"rows": rows})
    workbook = page_as(role).get("/analytics/consumption/export.xlsx", {"rows": rows})

    # then all show the total of exactly the customers in that role's scope
    expected = _expected(SCOPES[role])
    assert api.status_code == 200
    assert Decimal(api.json()["totals"]["amount"]) == expected
    assert page.status_code == 200
    assert page.context["report"].totals.amount == expected
    table = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))
    assert table[-1][0] == "Total"
    assert Decimal(table[-1][1]) == expected
    sheet = load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).active
    assert sheet is not None
    last = list(sheet.iter_rows(values_only=True))[-1]
    assert Decimal(str(last[1])) == expected


def test_a_department_filter_never_opens_another_departments_figures(world, sales, api_as):
    # when a manager filters on the other department
    answer = api_as("manager").get(
        "/api/v1/analytics/consumption/",
        {"rows": "department", "department": world.outsider.department_id},
    )

    # then there is nothing, rather than the other department's sales
    assert answer.status_code == 200
    assert answer.json()["rows"] == []
    assert answer.json()["totals"]["amount"] == "0"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"rows": "colour"}, "rows"),
        ({"rows": "region", "cols": "region"}, "cols"),
        ({"date_from": "2026-13"}, "date_from"),
        ({"date_from": "2026-05", "date_to": "2026-01"}, "date_to"),
        ({"region": "east"}, "region"),
        ({"tier": "platinum"}, "tier"),
        ({"category_by": "shoe_size"}, "category_by"),
    ],
)
def test_bad_report_requests_get_field_errors_not_500(world, api_as, page_as, params, field):
    # when a report is asked for with a bad parameter
    api = api_as("manager").get("/api/v1/analytics/consumption/", params)
    page = page_as("manager").get("/analytics/consumption/", params)
    export = page_as("manager").get("/analytics/consumption/export.csv", params)

    # then each door answers 400 naming the field
    assert api.status_code == 400
    assert field in api.json()["errors"]
    assert page.status_code == 400
    assert field in page.context["errors"]
    assert export.status_code == 400


def test_anonymous_visitors_get_nothing(db, client, api_client):
    assert api_client.get("/api/v1/analytics/consumption/").status_code in (401, 403)
    assert client.get("/analytics/consumption/").status_code == 302


def test_report_queries_stay_bounded_as_data_grows(world, api_as, django_assert_max_num_queries):
    # given sales spread over many customers, products and months, up to today
    today = timezone.localdate()
    first_day = today - timedelta(days=31 * 11)
    for index in range(12):
        customer = make_customer(owner=world.manager, name=f"Grower {index}")
        make_order(
            customer=customer,
            product=ProductFactory.create(),
            ordered_on=today - timedelta(days=31 * index),
        )
    client = api_as("manager")

    # when the biggest report is asked (two dimensions, a previous period)
    with django_assert_max_num_queries(9):
        answer = client.get(
            "/api/v1/analytics/consumption/",
            {
                "rows": "product_category",
                "cols": "month",
                "date_from": f"{first_day:%Y-%m}",
                "date_to": f"{today:%Y-%m}",
            },
        )

    # then it answers with every category
    assert answer.status_code == 200
    assert len(answer.json()["rows"]) == 12


def test_drill_down_page_and_csv_show_the_lines_of_a_cell(world, sales, page_as):
    # given the supervisor's report by salesperson
    client = page_as("supervisor")
    key = str(world.manager.pk)

    # when they open the manager's row, on the page and as CSV
    page = client.get("/analytics/consumption/lines/", {"rows": "salesperson", "row": key})
    exported = client.get(
        "/analytics/consumption/lines/", {"rows": "salesperson", "row": key, "format": "csv"}
    )

    # then both list the manager's two lines only
    assert page.status_code == 200
    assert [line.customer_id for line in page.context["page"]] == [world.own.pk] * 2
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 3
