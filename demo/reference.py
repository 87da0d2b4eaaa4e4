"""Reference data of the demo: departments, users, regions, products (small, via the ORM)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from accounts.models import Department, User
from customers.models import Region, Tag
from customers.services import regions_load_standard
from sales.models import Product, ProductCategory

from . import vocabulary as words


@dataclass
class Reference:
    departments: dict[str, Department]
    users: dict[str, User]
    regions: dict[str, Region]
    categories: dict[str, ProductCategory]
    products: list[Product]
    tags: list[Tag]

    @property
    def sales_people(self) -> list[User]:
        return [
            u
            for u in self.users.values()
            if u.role in ("manager", "supervisor")
            and u.department
            and u.department.name in self.sales_department_names
        ]

    @property
    def sales_department_names(self) -> set[str]:
        return {words.DEPARTMENTS[key] for key in words.DEPARTMENT_REGIONS}


def build_reference() -> Reference:
    departments = {
        key: Department.objects.get_or_create(name=name)[0]
        for key, name in words.DEPARTMENTS.items()
    }
    # One hash for every demo login: hashing is deliberately slow, the demo should not be.
    password = make_password(words.DEMO_PASSWORD)
    users: dict[str, User] = {}
    for username, first, last, role, department_key in words.USERS:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "department": departments[department_key] if department_key else None,
                "password": password,
                "is_staff": role == "admin",
                "is_superuser": role == "admin",
                "email": f"{username}@example.com",
            },
        )
        users[username] = user
    # The regions and provinces a real install loads with crm_setup.
    regions_load_standard()
    regions = {region.code: region for region in Region.objects.all()}
    categories = {
        code: ProductCategory.objects.get_or_create(
            code=code, defaults={"name_en": en, "name_zh": zh}
        )[0]
        for code, en, zh in words.CATEGORIES
    }
    products = []
    for sku, name, category, price, cost, _popularity in words.PRODUCTS:
        product, _created = Product.objects.get_or_create(
            sku=sku,
            defaults={
                "name": name,
                "category": categories[category],
                "list_price": Decimal(price),
                "unit_cost": Decimal(cost),
            },
        )
        products.append(product)
    tags = [Tag.objects.get_or_create(name=name)[0] for name in words.TAGS]
    return Reference(departments, users, regions, categories, products, tags)
