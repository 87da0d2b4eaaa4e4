"""The first day of a fresh install, as its deployer and first users live it: migrate, load the
standard reference data, create the administrator, who adds a department, a product category
and a product; the people are created; a manager takes customers on the page and through the
API (one without a region) and records an order. Nothing is made by factories."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Department, User
from customers.models import Customer, Province, Region
from sales.models import Order, Product, ProductCategory

PASSWORD = "Green-tea-in-Hangzhou-7"


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _signed_in(username: str) -> Client:
    client = Client()
    answer = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert answer.status_code == 302, answer.content.decode()[:500]
    return client


def _token_client(username: str) -> APIClient:
    client = APIClient()
    answer = client.post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert answer.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {answer.json()['token']}")
    return client


@pytest.mark.django_db
def test_the_first_day_of_a_fresh_install():
    # given a database just migrated: no migration left, no reference data, nobody
    call_command("migrate", "--check", verbosity=0)
    assert not Region.objects.exists()
    assert not User.objects.exists()

    # when the deployer loads the standard reference data and creates the administrator
    setup = _command("crm_setup")
    _command("crm_adduser", "boss", "--role", "admin", "--password", PASSWORD)

    # then the seven regions are there with their provinces, and the next steps were said
    assert Region.objects.count() == 7
    assert Province.objects.count() == 34
    assert "crm_adduser" in setup

    # when the administrator signs in and adds a department, a category and a product
    admin = _signed_in("boss")
    assert 'href="/reference/"' in admin.get("/").content.decode()
    assert admin.post("/reference/departments/new/", {"name": "华东销售部"}).status_code == 302
    category = {"code": "tea", "name_en": "Tea", "name_zh": "茶叶"}
    assert admin.post("/reference/product-categories/new/", category).status_code == 302
    product = {
        "sku": "TEA-001",
        "name": "西湖龙井 250g",
        "category": ProductCategory.objects.get(code="tea").pk,
        "list_price": "268.00",
        "unit_cost": "150.00",
    }
    assert admin.post("/reference/products/new/", product).status_code == 302

    # and the people are created, one of them in the department the administrator added
    _command(
        "crm_adduser", "wang.li", "--role", "manager", "--department", "华东销售部",
        "--password", PASSWORD,
    )  # fmt: skip
    _command(
        "crm_adduser", "zhou.min", "--role", "supervisor", "--department", "华东销售部",
        "--password", PASSWORD,
    )  # fmt: skip
    assert Department.objects.count() == 1

    # when the manager takes a customer on the page, in a region
    manager = _signed_in("wang.li")
    east = Region.objects.get(code="east")
    assert f'<option value="{east.pk}">' in manager.get("/customers/new/").content.decode()
    page = manager.post(
        "/customers/new/",
        {
            "dates-TOTAL_FORMS": "0",
            "dates-INITIAL_FORMS": "0",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
            "name": "杭州茶舍",
            "kind": "enterprise",
            "region": east.pk,
            "industry": "retail",
            "source": "meeting",
            "tier": "silver",
            "lifecycle_state": "potential",
            "phone": "13800138000",
        },
    )

    # and another through the API with name, kind and phone only
    api = _token_client("wang.li")
    created = api.post(
        "/api/v1/customers/",
        {"name": "李先生", "kind": "individual", "phone": "13900139000"},
        format="json",
    )

    # then both are the manager's, in the department, the second without a region
    assert page.status_code == 302, page.content.decode()[:3000]
    assert created.status_code == 201, created.json()
    shop = Customer.objects.get(name="杭州茶舍")
    person = Customer.objects.get(pk=created.json()["id"])
    assert (shop.owner.username, shop.department.name, shop.region) == (
        "wang.li",
        "华东销售部",
        east,
    )
    assert (person.owner.username, person.region) == ("wang.li", None)

    # when the manager records an order for the customer without a region
    ordered = api.post(
        "/api/v1/orders/",
        {
            "customer": person.pk,
            "ordered_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "lines": [{"product": Product.objects.get(sku="TEA-001").pk, "quantity": 2}],
        },
        format="json",
    )

    # then the order is there, the customer is current, and the supervisor's report by region
    # counts it under "Not set"
    assert ordered.status_code == 201, ordered.json()
    order = Order.objects.get()
    assert (order.total_amount, order.region) == (536, None)
    person.refresh_from_db()
    assert person.lifecycle_state == "current"
    report = _token_client("zhou.min").get("/api/v1/analytics/consumption/", {"rows": "region"})
    assert [(row["label"], row["amount"]) for row in report.json()["rows"]] == [
        ("Not set", "536.00")
    ]
