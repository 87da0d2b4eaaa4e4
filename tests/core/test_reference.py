"""Administrators keep the reference data (departments, regions and provinces, product
categories, products) in the product's own pages and API, through the same services: 400 with
field errors, 404 for an unknown row, 409 for deleting what is in use or changing its code;
what is in use is deactivated instead and leaves the choices for new records."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Model

from accounts.models import Department
from accounts.services import department_deactivate
from core.errors import NotAllowed
from customers.models import Province, Region
from customers.services import customer_update, region_deactivate
from sales.models import Product, ProductCategory
from sales.services import product_category_deactivate
from tests.factories import (
    DepartmentFactory,
    ProductCategoryFactory,
    ProductFactory,
    RegionFactory,
    UserFactory,
    make_customer,
    make_order,
)
from tests.helpers import api_error_fields


@dataclass(frozen=True)
class Kind:
    slug: str  # /reference/<slug>/ and /api/v1/<slug>/
    model: type[Model]
    page: dict[str, Any]  # a valid new row as the page posts it
    api: dict[str, Any]  # the same through the API
    bad: tuple[str, Any]  # a field and a value the service refuses


def kinds() -> list[Kind]:
    region = RegionFactory.create(code="central", name_en="Central China", name_zh="华中")
    category = ProductCategoryFactory.create(code="tea", name_en="Tea", name_zh="茶")
    names = {"name_en": "New", "name_zh": "新"}
    return [
        Kind("departments", Department, {"name": "海外部"}, {"name": "海外部"}, ("name", "")),
        Kind(
            "regions",
            Region,
            {"code": "overseas", **names},
            {"code": "overseas", **names},
            ("code", "not a slug"),
        ),
        Kind(
            "provinces",
            Province,
            {"code": "cn-hb", **names, "region": region.pk},
            {"code": "cn-hb", **names, "region": region.code},
            ("name_zh", ""),
        ),
        Kind(
            "product-categories",
            ProductCategory,
            {"code": "snacks", **names},
            {"code": "snacks", **names},
            ("code", ""),
        ),
        Kind(
            "products",
            Product,
            {
                "sku": "T-1",
                "name": "绿茶",
                "category": category.pk,
                "list_price": "10.00",
                "unit_cost": "6",
            },
            {
                "sku": "T-1",
                "name": "绿茶",
                "category": "tea",
                "list_price": "10.00",
                "unit_cost": "6",
            },
            ("list_price", "-1"),
        ),
    ]


SLUGS = ["departments", "regions", "provinces", "product-categories", "products"]


def kind_named(slug: str) -> Kind:
    return next(kind for kind in kinds() if kind.slug == slug)


@pytest.mark.parametrize("slug", SLUGS)
def test_an_admin_adds_a_row_on_the_page_and_through_the_api(world, page_as, api_as, slug):
    # given
    kind = kind_named(slug)
    before = kind.model._default_manager.count()

    # when the admin adds it on the page, and a second one through the API
    page = page_as("admin").post(f"/reference/{slug}/new/", kind.page)
    second = {
        key: (f"{value}-2" if key in ("name", "code", "sku") else value)
        for key, value in kind.api.items()
    }
    api = api_as("admin").post(f"/api/v1/{slug}/", second, format="json")

    # then both are saved
    assert page.status_code == 302, page.content.decode()[:2000]
    assert api.status_code == 201, api.json()
    assert kind.model._default_manager.count() == before + 2


@pytest.mark.parametrize("slug", SLUGS)
def test_bad_input_is_a_400_next_to_its_field_and_saves_nothing(world, page_as, api_as, slug):
    # given a row with one bad value
    kind = kind_named(slug)
    field, value = kind.bad
    before = kind.model._default_manager.count()

    # when it is sent on the page and through the API
    page = page_as("admin").post(f"/reference/{slug}/new/", {**kind.page, field: value})
    api = api_as("admin").post(f"/api/v1/{slug}/", {**kind.api, field: value}, format="json")

    # then both answer 400 naming the field
    assert page.status_code == 400
    assert f'id="id_{field}_errors"' in page.content.decode()
    assert api.status_code == 400
    assert api_error_fields(api) == {field}
    assert kind.model._default_manager.count() == before


def test_a_taken_code_is_a_field_error(world, api_as, page_as):
    # given the region of the world's customers ("east")
    taken = {"code": "east", "name_en": "Again", "name_zh": "又"}

    # when another region with its code is added
    api = api_as("admin").post("/api/v1/regions/", taken, format="json")
    page = page_as("admin").post("/reference/regions/new/", taken)

    # then
    assert api.status_code == 400
    assert api_error_fields(api) == {"code"}
    assert page.status_code == 400
    assert Region.objects.filter(code="east").count() == 1


def test_deleting_a_row_in_use_is_a_409_and_an_unused_one_goes(world, api_as, page_as):
    # given the world's region (its customers are in it) and a region nobody uses
    used = world.own.region
    unused = RegionFactory.create(code="unused")

    # when the admin deletes both, through the API and on the page
    refused = api_as("admin").delete(f"/api/v1/regions/{used.pk}/")
    refused_page = page_as("admin").post(f"/reference/regions/{used.pk}/delete/")
    deleted = api_as("admin").delete(f"/api/v1/regions/{unused.pk}/")

    # then the used one stays, and the answer says why and what to do instead
    assert refused.status_code == 409
    assert "customers" in refused.json()["detail"]
    assert "Deactivate it instead." in refused.json()["detail"]
    assert refused_page.status_code == 409
    assert "Deactivate it instead." in refused_page.content.decode()
    assert Region.objects.filter(pk=used.pk).exists()
    assert deleted.status_code == 204
    assert not Region.objects.filter(pk=unused.pk).exists()


def test_a_region_only_order_lines_remember_is_in_use_too(world, api_as):
    # given a customer who bought in one region and has since moved to another
    old_home = RegionFactory.create(code="old-home")
    customer = make_customer(owner=world.manager, name="Mover", region=old_home)
    make_order(customer=customer)
    customer_update(customer=customer, actor=world.admin, attributes={"region": world.own.region})

    # when the old region is deleted
    answer = api_as("admin").delete(f"/api/v1/regions/{old_home.pk}/")

    # then its orders keep it
    assert answer.status_code == 409
    assert "order lines" in answer.json()["detail"]
    assert Region.objects.filter(pk=old_home.pk).exists()


def test_a_deactivated_region_keeps_its_customers_but_is_not_chosen_again(world, api_as, page_as):
    # given the world's region is deactivated on the page
    region = world.own.region
    answer = page_as("admin").post(f"/reference/regions/{region.pk}/active/", {"active": "0"})
    region.refresh_from_db()

    # when a new customer is taken in it, and the existing one is edited
    form = page_as("manager").get("/customers/new/").content.decode()
    new = api_as("manager").post(
        "/api/v1/customers/",
        {"name": "Late", "kind": "individual", "region": "east"},
        format="json",
    )
    kept = api_as("manager").patch(
        f"/api/v1/customers/{world.own.pk}/", {"name": "Renamed"}, format="json"
    )

    # then it is out of the choices and refused for new customers; its customers keep it
    assert answer.status_code == 302
    assert not region.is_active
    assert f'value="{region.pk}"' not in form
    assert new.status_code == 400
    assert api_error_fields(new) == {"region"}
    assert kept.status_code == 200
    assert kept.json()["region"] == "east"
    edit = page_as("manager").get(f"/customers/{world.own.pk}/edit/").content.decode()
    assert f'value="{region.pk}" selected' in edit


def test_the_code_of_a_region_in_use_does_not_change(world, api_as):
    # given a region in use and one that is not
    used, unused = world.own.region, RegionFactory.create(code="spare")

    # when their codes are changed
    refused = api_as("admin").patch(f"/api/v1/regions/{used.pk}/", {"code": "east2"}, format="json")
    renamed = api_as("admin").patch(
        f"/api/v1/regions/{used.pk}/", {"name_zh": "华东地区"}, format="json"
    )
    changed = api_as("admin").patch(
        f"/api/v1/regions/{unused.pk}/", {"code": "spare2"}, format="json"
    )

    # then only the unused one's code changed; names change freely
    assert refused.status_code == 409
    assert api_error_fields(refused) == {"code"}
    assert renamed.status_code == 200
    assert changed.status_code == 200
    assert set(Region.objects.values_list("code", flat=True)) == {"east", "spare2"}


def test_a_department_is_deactivated_once_nobody_active_works_there(world, api_as, page_as):
    # given the world's East department (people work there) and an empty one
    east = world.manager.department
    empty = DepartmentFactory.create(name="Empty")

    # when both are deactivated
    refused = api_as("admin").patch(
        f"/api/v1/departments/{east.pk}/", {"is_active": False}, format="json"
    )
    refused_page = page_as("admin").post(
        f"/reference/departments/{east.pk}/active/", {"active": "0"}
    )
    done = department_deactivate(actor=world.admin, instance=empty)

    # then East stays active; the empty one takes nobody new
    assert refused.status_code == 409
    assert refused_page.status_code == 409
    east.refresh_from_db()
    assert east.is_active
    assert not done.is_active
    with pytest.raises(CommandError, match="deactivated"):
        call_command(
            "crm_adduser",
            "late",
            "--role",
            "manager",
            "--department",
            "Empty",
            "--password",
            "s3cret-pass-1",
        )


def test_products_of_a_deactivated_category_and_deactivated_products(world, api_as):
    # given a category taken out of use, and a product taken off sale
    category = ProductCategoryFactory.create(code="old")
    product = ProductFactory.create(category=category)
    product_category_deactivate(actor=world.admin, instance=category)
    api_as("admin").patch(f"/api/v1/products/{product.pk}/", {"is_active": False}, format="json")

    # when a new product is put in the category, the old one repriced, and the old one ordered
    new = api_as("admin").post(
        "/api/v1/products/",
        {"sku": "N-1", "name": "New", "category": "old", "list_price": "1", "unit_cost": "1"},
        format="json",
    )
    repriced = api_as("admin").patch(
        f"/api/v1/products/{product.pk}/", {"list_price": "9.00"}, format="json"
    )
    order = api_as("manager").post(
        "/api/v1/orders/",
        {
            "customer": world.own.pk,
            "ordered_on": "2026-01-05",
            "lines": [{"product": product.pk, "quantity": 1}],
        },
        format="json",
    )

    # then the category takes no new product, the product keeps it, and off sale is not ordered
    assert new.status_code == 400
    assert api_error_fields(new) == {"category"}
    assert repriced.status_code == 200
    assert Product.objects.get(pk=product.pk).list_price == Decimal("9.00")
    assert order.status_code == 400
    assert api_error_fields(order) == {"lines[0].product"}


def test_unknown_and_malformed_ids_are_404(world, api_as, page_as):
    # when the admin asks for rows that do not exist
    answers = [
        api_as("admin").get("/api/v1/regions/987654/"),
        api_as("admin").get("/api/v1/regions/abc/"),
        api_as("admin").patch("/api/v1/products/987654/", {"name": "x"}, format="json"),
        api_as("admin").delete("/api/v1/departments/987654/"),
        page_as("admin").get("/reference/regions/987654/"),
        page_as("admin").post("/reference/products/987654/delete/"),
        page_as("admin").get("/reference/regions/abc/"),
    ]

    # then
    assert [answer.status_code for answer in answers] == [404] * len(answers)


def test_a_region_shows_its_provinces_on_the_page_and_in_the_api(world, api_as, page_as):
    # given a province of the world's region
    Province.objects.create(
        code="cn-zj", name_en="Zhejiang", name_zh="浙江", region=world.own.region
    )

    # when the region is read
    page = page_as("admin").get("/reference/regions/").content.decode()
    api = api_as("manager").get("/api/v1/regions/").json()

    # then its provinces are listed with it
    assert "浙江" in page or "Zhejiang" in page
    east = next(row for row in api if row["code"] == "east")
    assert [province["code"] for province in east["provinces"]] == ["cn-zj"]


def test_only_admins_see_the_administration_entry(world, page_as):
    for role in ("admin", "manager", "supervisor", "staff"):
        html = page_as(role).get("/").content.decode()
        assert ('href="/reference/"' in html) is (role == "admin"), role


@pytest.mark.parametrize("slug", SLUGS)
def test_reference_lists_run_the_same_queries_for_3_or_60_rows(
    world, page_as, slug, django_assert_max_num_queries, django_assert_num_queries
):
    # given a few rows of the kind, measured
    client = page_as("admin")
    _grow(slug, 3)
    with django_assert_max_num_queries(9) as few:
        assert client.get(f"/reference/{slug}/").status_code == 200

    # when it grows past a page
    _grow(slug, 57)

    # then the list runs the same queries
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(f"/reference/{slug}/").status_code == 200


def _grow(slug: str, count: int) -> None:
    start = {"departments": Department, "regions": Region, "provinces": Province}.get(
        slug, ProductCategory if slug == "product-categories" else Product
    )._default_manager.count()
    for index in range(start, start + count):
        if slug == "departments":
            UserFactory.create(department=DepartmentFactory.create(name=f"Dept {index:03d}"))
        elif slug == "regions":
            region = RegionFactory.create(code=f"r{index:03d}")
            Province.objects.create(code=f"p{index:03d}", name_en="P", name_zh="省", region=region)
        elif slug == "provinces":
            Province.objects.create(
                code=f"p{index:03d}", name_en="P", name_zh="省", region=RegionFactory.create()
            )
        elif slug == "product-categories":
            ProductCategoryFactory.create(code=f"c{index:03d}")
        else:
            ProductFactory.create()


def test_the_services_themselves_refuse_anyone_but_an_administrator(world):
    # given the world's region
    region = world.own.region

    # when a supervisor calls the services the pages and API call
    for call in (
        lambda: region_deactivate(actor=world.supervisor, instance=region),
        lambda: department_deactivate(actor=world.supervisor, instance=world.supervisor.department),
    ):
        # then each refuses, and nothing changed
        with pytest.raises(NotAllowed):
            call()
    region.refresh_from_db()
    assert region.is_active
