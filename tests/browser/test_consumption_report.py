"""The consumption report draws its charts from static/ under the page's CSP."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import TEST_PASSWORD, ProductFactory, make_order

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_sees_the_report_charted_and_drills_into_a_row(page, world):
    # given sales by two managers of the department
    product = ProductFactory.create(list_price=Decimal("250.00"))
    make_order(customer=world.own, product=product, quantity=2)
    make_order(customer=world.same_department, product=product, quantity=1)
    problems: list[str] = []

    def collect(message) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", collect)

    # when the supervisor opens the report by salesperson
    log_in(page, "supervisor", TEST_PASSWORD)
    page.goto(f"{page.base_url}/analytics/consumption/?rows=salesperson")
    page.wait_for_function(
        "document.getElementById('report-chart') && "
        "document.getElementById('report-chart').width > 0"
    )

    # then the charts are drawn without CSP or script errors and the table shows both rows
    assert problems == []
    assert page.locator("#report-table tbody tr").count() == 2
    assert "750.00" in page.locator("#report-table tfoot").inner_text()
    screenshot(page, "consumption-report")

    # when they drill into the first row
    page.locator("#report-table tbody th a").first.click()

    # then the order lines behind it are listed
    page.wait_for_url("**/analytics/consumption/lines/**")
    assert page.locator("table tbody tr").count() == 1

    # when they open the 80/20/30 analysis
    page.goto(f"{page.base_url}/analytics/value/")
    page.wait_for_function(
        "document.getElementById('pareto-chart') && "
        "document.getElementById('pareto-chart').width > 0"
    )

    # then the Pareto curve is drawn and both buyers are ranked, still without errors
    assert page.locator("section.card table").nth(1).locator("tbody tr").count() == 2
    assert problems == []
    screenshot(page, "customer-value")
