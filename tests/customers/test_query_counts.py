"""Pages and API lists run the same number of queries whatever the amount of data (no N+1).

Each test measures with 3 rows, grows to 30 and measures again: the count must not move, and
must stay under a ceiling (the number measured when the test was written).
"""

from __future__ import annotations

import pytest

from customers.services import customer_update
from tests.factories import (
    ProductFactory,
    RegionFactory,
    make_customer,
    make_interaction,
    make_order,
)

# page → ceiling of queries (session, user, the page's own reads, one sensitive-access log row)
LIST_CEILINGS = {"/customers/": 10, "/api/v1/customers/": 8, "/customers/export.csv": 7}
# the detail page also asks each registered panel and timeline source (surveys: one query each;
# care: churn score, points balance and entries, loss)
DETAIL_CEILING = 19


def _grow_customers(world, count: int) -> None:
    """`count` more customers of the manager's, each with everything a list row shows."""
    product = ProductFactory.create()
    region = RegionFactory.create()
    start = world.manager.owned_customers.count()
    for index in range(start, start + count):
        customer = make_customer(
            owner=world.manager,
            name=f"Grown {index:03d}",
            kind="enterprise",
            region=region,
            tags=["VIP", f"tag {index}"],
            important_dates=[{"kind": "birthday", "calendar": "solar", "month": 1, "day": 2}],
            key_contacts=[{"name": "Buyer", "decision_role": "purchaser", "phone": "137"}],
            personality_type="composed",
        )
        make_order(customer=customer, product=product)
        make_interaction(customer=customer)


def _get(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.mark.parametrize(("path", "ceiling"), list(LIST_CEILINGS.items()))
def test_customer_lists_run_the_same_queries_for_3_or_30_customers(
    world, page_as, path, ceiling, django_assert_max_num_queries, django_assert_num_queries
):
    # given 3 customers
    client = page_as("manager")
    _grow_customers(world, 2)  # and the world's own
    with django_assert_max_num_queries(ceiling) as few:
        _get(client, path)

    # when there are 30
    _grow_customers(world, 27)

    # then
    assert world.manager.owned_customers.count() == 30
    with django_assert_num_queries(len(few)):
        _get(client, path)


def _grow_history(world, customer, count: int) -> None:
    """`count` more orders, contacts, key contacts, dates and tags for one customer."""
    product = ProductFactory.create()
    existing = customer.key_contacts.count()
    for _index in range(count):
        make_order(customer=customer, product=product)
        make_interaction(customer=customer, channel="visit")
    customer_update(
        customer=customer,
        actor=world.manager,
        attributes={"kind": "enterprise"},
        tag_names=[f"tag {i}" for i in range(min(existing + count, 20))],
        important_dates=[
            {"kind": "anniversary", "calendar": "solar", "month": 1 + i % 12, "day": 1 + i % 28}
            for i in range(existing + count)
        ],
        key_contacts=[
            {"name": f"Contact {i}", "decision_role": "user", "phone": f"1370000{i:04d}"}
            for i in range(existing + count)
        ],
    )


@pytest.mark.parametrize("viewer", ["manager", "staff"])
def test_customer_360_page_runs_the_same_queries_for_3_or_30_of_everything(
    world, page_as, viewer, django_assert_max_num_queries, django_assert_num_queries
):
    # given a customer with 3 orders, contacts, key contacts, dates and tags
    customer = world.own
    client = page_as(viewer)
    _grow_history(world, customer, 3)
    with django_assert_max_num_queries(DETAIL_CEILING) as few:
        _get(client, f"/customers/{customer.pk}/")

    # when it has 30 of each (tags stop at the limit of 20)
    _grow_history(world, customer, 27)

    # then
    assert (customer.orders.count(), customer.key_contacts.count()) == (30, 30)
    with django_assert_num_queries(len(few)):
        _get(client, f"/customers/{customer.pk}/")
