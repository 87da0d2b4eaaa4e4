"""Order lists run the same number of queries for 3 or 30 orders (no N+1 on lines or customers)."""

from __future__ import annotations

import pytest

from sales.models import Order
from tests.factories import ProductFactory, make_customer, make_order

# path → ceiling of queries (the number measured when the test was written)
CEILINGS = {"/orders/": 6, "/api/v1/orders/": 5}


def _grow_orders(world, count: int) -> None:
    """`count` more orders of two lines, each for a different customer of the manager's."""
    products = ProductFactory.create_batch(2)
    for index in range(count):
        customer = make_customer(owner=world.manager, name=f"Buyer {index}")
        for product in products:
            make_order(customer=customer, product=product, quantity=index + 1)


def _get(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize(("path", "ceiling"), list(CEILINGS.items()))
def test_order_lists_run_the_same_queries_for_3_or_30_orders(
    world, page_as, path, ceiling, django_assert_max_num_queries, django_assert_num_queries
):
    # given 3 orders
    client = page_as("manager")
    _grow_orders(world, 1)
    make_order(customer=world.own)
    with django_assert_max_num_queries(ceiling) as few:
        _get(client, path)

    # when there are 30
    _grow_orders(world, 13)
    make_order(customer=world.own)

    # then
    assert Order.objects.count() == 30
    with django_assert_num_queries(len(few)):
        _get(client, path)
