"""Every time sensitive fields are shown unmasked or exported, who and where is logged."""

from __future__ import annotations

import pytest

from customers.models import SensitiveAccess


@pytest.mark.parametrize(
    ("role", "logged"), [("manager", True), ("supervisor", True), ("admin", True), ("staff", False)]
)
def test_customer_page_logs_only_unmasked_views(world, page_as, role, logged):
    # when
    page_as(role).get(f"/customers/{world.own.pk}/")

    # then
    rows = SensitiveAccess.objects.filter(surface="customer_page", customer=world.own)
    assert rows.exists() is logged
    if logged:
        assert rows.get().user == world.user(role)


def test_api_detail_and_list_are_logged_with_counts(world, api_as):
    client = api_as("supervisor")

    client.get(f"/api/v1/customers/{world.own.pk}/")
    client.get("/api/v1/customers/", {"lifecycle_state": "potential"})

    detail = SensitiveAccess.objects.get(surface="api_detail")
    listing = SensitiveAccess.objects.get(surface="api_list")
    assert detail.customer == world.own
    assert listing.customer_count == 2
    assert listing.query == "lifecycle_state=potential"


def test_export_logs_how_many_unmasked_customers_left(world, page_as):
    page_as("admin").get("/customers/export.csv")

    export = SensitiveAccess.objects.get(surface="export")
    assert export.user == world.admin
    assert export.customer_count == 3


def test_masked_only_lists_log_nothing(world, page_as):
    page_as("staff").get("/customers/")
    page_as("staff").get("/customers/export.csv")

    assert not SensitiveAccess.objects.exists()


def test_access_log_is_read_only_in_the_admin(world, page_as):
    page_as("manager").get(f"/customers/{world.own.pk}/")
    row = SensitiveAccess.objects.get()

    admin = page_as("admin")
    assert admin.get("/admin/customers/sensitiveaccess/").status_code == 200
    assert (
        admin.post(
            f"/admin/customers/sensitiveaccess/{row.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert SensitiveAccess.objects.filter(pk=row.pk).exists()
