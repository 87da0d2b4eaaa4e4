"""Orders follow their customer's visibility: lists hold only visible customers' orders, others
answer 404, and an order for a customer the user may not see names an unknown customer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sales.models import Order
from tests.customers.access import FULL, HIDDEN, READ_ONLY, matrix
from tests.factories import ProductFactory, make_interaction, make_order
from tests.helpers import api_error_fields


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_order_api_lists_and_retrieves_only_visible_customers_orders(
    world, api_as, viewer, relation, access
):
    # given
    order = make_order(customer=world.customer(relation))
    api = api_as(viewer)

    # when
    listed = [row["id"] for row in api.get("/api/v1/orders/").json()["results"]]
    retrieved = api.get(f"/api/v1/orders/{order.pk}/")

    # then
    assert (order.pk in listed) is (access != HIDDEN)
    assert retrieved.status_code == (404 if access == HIDDEN else 200)


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_order_pages_show_only_visible_customers_orders(world, page_as, viewer, relation, access):
    # given
    order = make_order(customer=world.customer(relation))
    client = page_as(viewer)

    # when
    listing = client.get("/orders/").content.decode()
    detail = client.get(f"/orders/{order.pk}/")

    # then
    assert (f'href="/orders/{order.pk}/"' in listing) is (access != HIDDEN)
    assert detail.status_code == (404 if access == HIDDEN else 200)


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_recording_an_order_needs_edit_rights_and_a_hidden_customer_is_unknown(
    world, api_as, viewer, relation, access
):
    # given
    customer = world.customer(relation)
    product = ProductFactory.create()

    # when
    response = api_as(viewer).post(
        "/api/v1/orders/",
        {
            "customer": customer.pk,
            "ordered_on": str(timezone.localdate() - timedelta(days=1)),
            "lines": [{"product": product.pk, "quantity": 2}],
        },
        format="json",
    )

    # then
    assert response.status_code == {FULL: 201, READ_ONLY: 403, HIDDEN: 400}[access]
    if access == HIDDEN:
        assert api_error_fields(response) == {"customer"}
    assert Order.objects.filter(customer=customer).exists() is (access == FULL)


@pytest.mark.parametrize("path", ["/api/v1/orders/", "/api/v1/interactions/"])
def test_filtering_by_a_hidden_customer_returns_none_of_its_rows(world, api_as, path):
    # given the hidden customer has an order and a contact
    hidden = world.other_department
    make_order(customer=hidden)
    make_interaction(customer=hidden)

    # when
    response = api_as("manager").get(path, {"customer": hidden.pk})

    # then
    assert response.status_code in (200, 400)
    assert response.json().get("results", []) == []
