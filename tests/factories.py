"""Test data. Rows with business rules are built through services, like the product does."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from accounts.models import Department, Role, User
from customers.models import Customer, Interaction, Region
from customers.services import customer_create, interaction_log
from sales.models import Order, Product, ProductCategory
from sales.services import order_create

TEST_PASSWORD = "s3cret-pass-1"


class DepartmentFactory(factory.django.DjangoModelFactory[Department]):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Department {n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.MANAGER
    department = factory.SubFactory(DepartmentFactory)
    password = factory.django.Password(TEST_PASSWORD)

    class Params:
        admin = factory.Trait(role=Role.ADMIN, department=None, is_staff=True, is_superuser=True)


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"region-{n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")
    name_zh = factory.Sequence(lambda n: f"区域{n}")


class ProductCategoryFactory(factory.django.DjangoModelFactory[ProductCategory]):
    class Meta:
        model = ProductCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"category-{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    name_zh = factory.Sequence(lambda n: f"品类{n}")


class ProductFactory(factory.django.DjangoModelFactory[Product]):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    category = factory.SubFactory(ProductCategoryFactory)
    list_price = Decimal("100.00")
    unit_cost = Decimal("60.00")


def make_customer(*, owner: User, actor: User | None = None, **attributes: Any) -> Customer:
    """A customer created through customer_create, as a user would (in a new region unless
    `region` is given; region=None: without one)."""
    tags = attributes.pop("tags", ())
    state = attributes.pop("lifecycle_state", "potential")
    important_dates = attributes.pop("important_dates", None)
    key_contacts = attributes.pop("key_contacts", None)
    values: dict[str, Any] = {
        "kind": "individual",
        "name": "Customer",
        "region": attributes.pop("region") if "region" in attributes else RegionFactory.create(),
        "phone": "13800138000",
        "email": "customer@example.com",
        "taboos": "No number four",
        "beliefs": "Buddhist",
        "life_background": "Grew up by the sea",
        "values": "Loyalty",
        "family": "Two children",
    }
    values.update(attributes)
    return customer_create(
        actor=actor or owner,
        attributes=values,
        owner=owner,
        lifecycle_state=state,
        tag_names=tags,
        important_dates=important_dates,
        key_contacts=key_contacts,
    )


def make_order(
    *,
    customer: Customer,
    actor: User | None = None,
    product: Product | None = None,
    quantity: int = 1,
    ordered_on: date | None = None,
) -> Order:
    return order_create(
        actor=actor or customer.owner,
        customer=customer,
        ordered_on=ordered_on or timezone.localdate() - timedelta(days=30),
        lines=[{"product": product or ProductFactory.create(), "quantity": quantity}],
    )


def make_interaction(
    *,
    customer: Customer,
    actor: User | None = None,
    channel: str = "phone",
    summary: str = "Called about the next order",
    occurred_at: datetime | None = None,
    **extra: Any,
) -> Interaction:
    """A contact logged through interaction_log."""
    return interaction_log(
        customer=customer,
        actor=actor or customer.owner,
        channel=channel,
        summary=summary,
        occurred_at=occurred_at,
        **extra,
    )
