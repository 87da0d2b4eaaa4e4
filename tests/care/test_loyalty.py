"""Points (积分制) and referrals: earned per amount and per referral, redeemed oldest first,
expired once; balance on the customer page and in the API."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from care.loyalty import points_balance, points_expire, points_redeem
from care.models import PointsEntry
from core.errors import IllegalStateChange
from tests.factories import ProductFactory, make_customer, make_order


@pytest.fixture
def product():
    return ProductFactory.create(list_price=Decimal("99.00"))


@override_settings(CRM_POINTS_PER_YUAN="0.1", CRM_REFERRAL_POINTS=500)
def test_purchases_earn_points_and_a_referral_pays_on_the_first_order_only(world, product):
    # given a customer referred by the own customer
    referred = make_customer(
        owner=world.manager, name="Referred", referred_by=world.own, source="referral"
    )

    # when the referred customer buys twice (198.00 and 99.00)
    make_order(customer=referred, product=product, quantity=2)
    make_order(customer=referred, product=product, quantity=1)

    # then they earn 19 + 9 points, and the referrer 500 once
    assert points_balance(customer=referred) == 28
    assert points_balance(customer=world.own) == 500
    assert PointsEntry.objects.filter(kind="referral").count() == 1


@override_settings(CRM_POINTS_PER_YUAN="1", CRM_POINTS_VALID_DAYS=365)
def test_redemption_uses_the_oldest_points_and_expiry_takes_only_what_is_left(world, product):
    # given 99 points from an old order and 99 from a recent one
    make_order(
        customer=world.own, product=product, ordered_on=timezone.localdate() - timedelta(days=400)
    )
    make_order(
        customer=world.own, product=product, ordered_on=timezone.localdate() - timedelta(days=5)
    )

    # when 50 are redeemed, and the expiry job runs twice
    points_redeem(customer=world.own, actor=world.manager, points=50, note="Tea set")
    first = points_expire()
    second = points_expire()

    # then the old order's 49 left expire once, the recent 99 stay
    assert (first, second) == (49, 0)
    assert points_balance(customer=world.own) == 99


def test_redeeming_more_than_the_balance_is_a_conflict(world, product):
    make_order(customer=world.own, product=product)
    balance = points_balance(customer=world.own)

    with pytest.raises(IllegalStateChange):
        points_redeem(customer=world.own, actor=world.manager, points=balance + 1, note="Too much")


@pytest.mark.parametrize(
    ("role", "status"),
    [("manager", 201), ("supervisor", 201), ("colleague", 404), ("outsider", 404)],
)
def test_points_api_redeems_for_those_who_may_and_hides_from_others(
    world, product, api_as, role, status
):
    make_order(customer=world.own, product=product, quantity=5)
    client = api_as(role)

    answer = client.post(f"/api/v1/customers/{world.own.pk}/points/", {"points": 10, "note": "Mug"})

    assert answer.status_code == status
    if status == 201:
        assert answer.json()["balance"] == points_balance(customer=world.own)


@pytest.mark.parametrize(
    ("body", "field"), [({"points": 0, "note": "x"}, "points"), ({"points": 5}, "note")]
)
def test_bad_redemptions_get_field_errors(world, product, api_as, body, field):
    make_order(customer=world.own, product=product, quantity=5)

    answer = api_as("manager").post(f"/api/v1/customers/{world.own.pk}/points/", body)

    assert answer.status_code == 400
    assert field in answer.json()["errors"]


def test_api_says_409_when_points_are_short(world, api_as):
    answer = api_as("manager").post(
        f"/api/v1/customers/{world.own.pk}/points/", {"points": 10, "note": "Mug"}
    )
    assert answer.status_code == 409


def test_the_customer_page_shows_the_balance(world, product, page_as):
    make_order(customer=world.own, product=product, quantity=3)

    page = page_as("manager").get(f"/customers/{world.own.pk}/")

    assert page.status_code == 200
    assert f"<strong>{points_balance(customer=world.own)}</strong>" in page.content.decode()
