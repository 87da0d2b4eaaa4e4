"""Ids in links and forms are never formatted as numbers (1,234 would break the link)."""

from __future__ import annotations

from django.db import connection

from tests.factories import make_customer


def test_large_ids_stay_plain_in_links(world, page_as):
    # given a customer with a six-digit id
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('customers_customer', 'id'), 123455)")
    customer = make_customer(owner=world.manager, name="Big id")
    assert customer.pk == 123456

    # when
    html = page_as("manager").get("/customers/123456/").content.decode()

    # then
    assert "/complaints/new/?customer=123456" in html
    assert "123,456" not in html
