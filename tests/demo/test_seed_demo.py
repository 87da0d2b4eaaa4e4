"""seed_demo: a deterministic dataset in which every state and tier appears, buyers have orders,
revenue follows the 80/20 rule, and existing data is never overwritten by accident."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from care.models import ChurnScore
from customers.choices import LifecycleState, PersonalityType, ServiceTier
from customers.models import Customer, Interaction, LifecycleChange
from sales.models import Order, OrderLine
from surveys.models import SurveyResponse

AS_OF = date(2026, 11, 24)
SHANGHAI = ZoneInfo("Asia/Shanghai")
BUYERS = ["current", "loyal", "lost"]
PROSPECTS = ["potential", "target", "non_customer"]


def _seed(**extra: object) -> str:
    """The demo of the brief: 60 customers, 600 order lines, seed 7, as of 24 November 2026."""
    out = io.StringIO()
    options = {"customers": 60, "order_lines": 600, "seed": 7, "as_of": AS_OF, **extra}
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def _fingerprint() -> str:
    """A hash of what the demo is about: who the customers are and what they bought."""
    customers = Customer.objects.order_by("name", "id").values_list(
        "name", "lifecycle_state", "tier", "personality_type", "owner__username", "region__code"
    )
    orders = Order.objects.order_by("ordered_on", "total_amount", "id").values_list(
        "customer__name", "ordered_on", "total_amount"
    )
    lines = OrderLine.objects.aggregate(count=Count("id"), amount=Sum("amount"))
    return hashlib.sha256(repr((list(customers), list(orders), lines)).encode()).hexdigest()


@pytest.mark.django_db
def test_demo_has_customers_in_every_state_and_tier_and_most_personality_types():
    # when
    _seed()

    # then
    states = set(Customer.objects.values_list("lifecycle_state", flat=True))
    tiers = set(Customer.objects.values_list("tier", flat=True))
    types = set(
        Customer.objects.exclude(personality_type="").values_list("personality_type", flat=True)
    )
    assert Customer.objects.count() == 60
    assert states == set(LifecycleState.values)
    assert tiers == set(ServiceTier.values)
    assert len(types) >= len(PersonalityType.values) - 2


@pytest.mark.django_db
def test_a_demo_built_as_of_an_earlier_day_is_judged_on_that_day():
    # given a clock well over a year past the demo's last day
    with time_machine.travel(datetime(2028, 2, 29, 23, 30, tzinfo=SHANGHAI), tick=False):
        # when
        _seed()

        # then the night's jobs ran for that day: buyers are still current or loyal
        states = set(Customer.objects.values_list("lifecycle_state", flat=True))
        assert {"current", "loyal"} <= states
        assert set(ChurnScore.objects.values_list("computed_on", flat=True)) == {AS_OF}
        answered = SurveyResponse.objects.aggregate(last=Max("submitted_at"))["last"]
        assert timezone.localdate(answered) <= AS_OF


@pytest.mark.django_db
def test_every_buyer_has_an_order_and_no_prospect_has_one():
    # when
    _seed()

    # then
    customers = Customer.objects.annotate(order_count=Count("orders"))
    assert customers.filter(lifecycle_state__in=BUYERS).exists()
    assert not customers.filter(lifecycle_state__in=BUYERS, order_count=0).exists()
    assert not customers.filter(lifecycle_state__in=PROSPECTS, order_count__gt=0).exists()


@pytest.mark.django_db
def test_demo_orders_add_up_and_lie_in_the_three_years_before_as_of():
    # when
    _seed()

    # then
    line_total = OrderLine.objects.aggregate(total=Sum("amount"))["total"]
    assert Order.objects.aggregate(total=Sum("total_amount"))["total"] == line_total
    assert OrderLine.objects.count() > 0
    span = Order.objects.aggregate(first=Min("ordered_on"), last=Max("ordered_on"))
    assert date(2023, 11, 24) <= span["first"] <= span["last"] <= AS_OF


@pytest.mark.django_db
def test_demo_history_ends_in_each_customers_current_state():
    # when
    _seed()

    # then
    for customer in Customer.objects.prefetch_related("lifecycle_changes"):
        assert customer.lifecycle_changes.all()[0].to_state == customer.lifecycle_state
    assert LifecycleChange.objects.filter(cause="first_order").count() == (
        Customer.objects.filter(lifecycle_state__in=BUYERS).count()
    )
    assert Interaction.objects.exists()


@pytest.mark.django_db
def test_top_fifth_of_customers_by_revenue_makes_clearly_more_than_half_of_it():
    # given
    _seed()

    # when
    revenue = sorted(
        Customer.objects.annotate(
            revenue=Coalesce(Sum("orders__total_amount"), Decimal("0"))
        ).values_list("revenue", flat=True),
        reverse=True,
    )

    # then
    top = revenue[: len(revenue) // 5]
    assert len(top) == 12
    assert sum(top) / sum(revenue) > Decimal("0.6")


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_with_reset_gives_the_same_data():
    # given
    _seed()
    first = _fingerprint()

    # when
    _seed(reset=True)

    # then
    assert Customer.objects.count() == 60
    assert _fingerprint() == first


@pytest.mark.django_db(transaction=True)
def test_another_seed_gives_other_data():
    # given
    _seed()
    first = _fingerprint()

    # when
    _seed(reset=True, seed=8)

    # then
    assert _fingerprint() != first


@pytest.mark.django_db
def test_seeding_over_existing_customers_without_reset_is_refused():
    # given
    _seed()
    before = _fingerprint()

    # when
    with pytest.raises(CommandError, match="--reset"):
        _seed(seed=8)

    # then
    assert _fingerprint() == before


@pytest.mark.django_db
def test_if_empty_does_nothing_when_customers_exist():
    # given
    _seed()
    before = _fingerprint()

    # when
    output = _seed(if_empty=True, seed=8)

    # then
    assert "nothing to do" in output
    assert _fingerprint() == before


@pytest.mark.django_db
def test_if_empty_seeds_an_empty_database():
    # when
    _seed(if_empty=True)

    # then
    assert Customer.objects.count() == 60


@pytest.mark.django_db
@pytest.mark.parametrize(("option", "value"), [("customers", 0), ("order_lines", -1)])
def test_nonsense_sizes_are_refused(option, value):
    # when
    with pytest.raises(CommandError):
        call_command("seed_demo", **{option: value}, verbosity=0)

    # then
    assert not Customer.objects.exists()
