"""80/20/30: profit contribution per customer, the shares, the Pareto curve and the nightly
ABC class, against hand-computed values."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from analytics.models import CategoryRollup, OrderRollup
from analytics.rollup import rollup_rebuild
from analytics.value import value_analysis, value_class_refresh
from customers.models import Customer, Interaction
from tests.complaints.conftest import record, walk
from tests.factories import ProductFactory, make_customer, make_interaction, make_order


@pytest.fixture
def ledger(world, service):
    """Five buyers of the manager: margins 400, 200, 80, 40, 40 on goods; one with two logged
    contacts (30 each), one (the own customer) with 80 compensation granted."""
    product = ProductFactory.create(list_price=Decimal("100.00"), unit_cost=Decimal("60.00"))
    buyers = [make_customer(owner=world.manager, name=f"Buyer {q}") for q in (10, 5, 2, 1)]
    for customer, quantity in zip(buyers, (10, 5, 2, 1), strict=True):
        make_order(customer=customer, product=product, quantity=quantity)
    make_order(customer=world.own, product=product, quantity=1)
    for _ in range(2):
        make_interaction(customer=buyers[3], actor=world.manager)
    walk(record(world), world, service, "approved")  # voucher of 80.00 on the own customer
    make_order(customer=world.other_department, product=product, quantity=50)
    return [*buyers, world.own]


@override_settings(CRM_CONTACT_COST="30.00", CRM_VALUE_CLASS_A_SHARE=0.2)
def test_profit_shares_and_pareto_match_hand_computed_values(world, ledger):
    # given the own customer's contacts (logging the complaint may have added some)
    own_contacts = Interaction.objects.filter(customer=world.own).count()
    own_profit = 40 - 80 - 30 * own_contacts

    # when the manager looks at the last year
    today = timezone.localdate()
    analysis = value_analysis(user=world.manager, since=today - timedelta(days=365), until=today)

    # then only their five buyers count, ranked by profit contribution
    total = 400 + 200 + 80 + (40 - 60) + own_profit
    assert analysis.customers == 5
    assert analysis.profit == pytest.approx(total)
    assert [row["profit"] for row in analysis.top] == pytest.approx([400, 200, 80, -20, own_profit])
    assert analysis.top_share_of_profit == pytest.approx(round(400 / total, 6))
    assert analysis.unprofitable_customers == 2
    assert analysis.unprofitable_loss == pytest.approx(-20 + own_profit)
    assert analysis.unprofitable_share_of_revenue == pytest.approx(200 / 1900, abs=1e-6)
    assert analysis.profit_without_unprofitable == pytest.approx(680)
    assert analysis.pareto[0] == (0.0, 0.0)
    assert analysis.pareto[-1] == (1.0, 1.0)
    assert analysis.classes == {"A": 1, "B": 2, "C": 2}


def test_nightly_value_classes_are_written_once_and_the_rollups_follow(world, ledger):
    # when the nightly job runs twice
    first = value_class_refresh()
    second = value_class_refresh()

    # then classes are written, the rerun changes nothing, and the rollups equal a rebuild
    assert first["changed"] == 6
    assert second["changed"] == 0
    assert Customer.objects.get(name="Buyer 10").value_class == "B"  # ranked among all buyers
    classes = dict(Customer.objects.values_list("name", "value_class"))
    assert classes["Other department's customer"] == "A"
    assert classes["Buyer 1"] == "C"
    kept = sorted(CategoryRollup.objects.values_list("customer_value_class", "amount"))
    kept_orders = sorted(OrderRollup.objects.values_list("customer_value_class", "order_count"))
    rollup_rebuild()
    assert sorted(CategoryRollup.objects.values_list("customer_value_class", "amount")) == kept
    assert (
        sorted(OrderRollup.objects.values_list("customer_value_class", "order_count"))
        == kept_orders
    )


@pytest.mark.parametrize(
    ("role", "customers"),
    [("manager", 5), ("colleague", 0), ("supervisor", 5), ("other_supervisor", 1), ("admin", 6)],
)
def test_value_api_covers_the_viewers_scope(world, ledger, api_as, role, customers):
    answer = api_as(role).get("/api/v1/analytics/value/")

    assert answer.status_code == 200
    assert answer.json()["customers"] == customers


def test_value_page_and_api_reject_bad_dates(world, api_as, page_as):
    assert (
        api_as("manager").get("/api/v1/analytics/value/", {"date_from": "soon"}).status_code == 400
    )
    page = page_as("manager").get(
        "/analytics/value/", {"date_from": "2026-05-01", "date_to": "2026-01-01"}
    )
    assert page.status_code == 400
    assert "date_to" in page.context["errors"]
