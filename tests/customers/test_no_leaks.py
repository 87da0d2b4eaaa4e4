"""Nothing about a customer you may not see leaks through filters or links."""

from __future__ import annotations

import pytest

from customers.services import interaction_log
from tests.factories import make_customer, make_order


@pytest.mark.parametrize("path", ["/api/v1/orders/", "/api/v1/interactions/"])
def test_filtering_by_a_hidden_customer_answers_like_a_missing_one(world, api_as, path):
    # given rows for a customer the manager may not see
    make_order(customer=world.other_department)
    interaction_log(
        customer=world.other_department, actor=world.outsider, channel="phone", summary="x"
    )
    client = api_as("manager")

    # when
    hidden = client.get(path, {"customer": world.other_department.pk})
    missing = client.get(path, {"customer": 987654})

    # then both are the same 400, naming the filter
    assert hidden.status_code == missing.status_code == 400
    assert "customer" in hidden.json()["errors"]


def test_referrer_outside_visibility_is_not_named_on_the_customer_page(world, page_as):
    # given a supervisor-created customer referred by another department's customer
    referred = make_customer(
        owner=world.manager,
        actor=world.admin,
        name="Referred one",
        source="referral",
        referred_by=world.other_department,
    )

    # when the owner looks at it
    html = page_as("manager").get(f"/customers/{referred.pk}/").content.decode()

    # then the referrer is acknowledged but not named or linked
    assert world.other_department.name not in html
    assert f"/customers/{world.other_department.pk}/" not in html
    assert "a customer of another account manager" in html


def test_referrer_inside_visibility_is_linked(world, page_as):
    referred = make_customer(
        owner=world.manager, name="Referred two", source="referral", referred_by=world.own
    )

    html = page_as("manager").get(f"/customers/{referred.pk}/").content.decode()

    assert f'href="/customers/{world.own.pk}/"' in html


def test_contact_dates_before_2000_are_refused(world, api_as):
    response = api_as("manager").post(
        "/api/v1/interactions/",
        {
            "customer": world.own.pk,
            "channel": "phone",
            "summary": "x",
            "occurred_at": "0001-01-01T00:00:00Z",
        },
        format="json",
    )

    assert response.status_code == 400
    assert "occurred_at" in response.json()["errors"]
