"""Order import and export."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from core.tabular import SheetRow, read_rows
from sales.imports import order_import
from sales.models import Order, OrderLine
from tests.factories import ProductFactory, make_order
from tests.helpers import csv_rows

HEADER = "order_ref,customer_id,ordered_on,sku,quantity,unit_price,salesperson,note\n"


def _rows(body: str) -> list[SheetRow]:
    upload = SimpleUploadedFile("orders.csv", (HEADER + body).encode())
    return read_rows(upload, str(upload.name))


def test_rows_sharing_a_reference_become_one_order(world):
    ProductFactory.create(sku="TEA-1")
    ProductFactory.create(sku="CUP-2")
    rows = _rows(
        f"A1,{world.own.pk},2026-03-01,TEA-1,2,,,\n"
        f"A1,{world.own.pk},2026-03-01,CUP-2,1,5.00,,\n"
        f",{world.own.pk},2026-03-02,TEA-1,1,,,\n"
    )

    report = order_import(actor=world.manager, rows=rows, dry_run=False)

    assert report.written
    assert report.created == 2
    assert Order.objects.count() == 2
    assert OrderLine.objects.count() == 3
    world.own.refresh_from_db()
    assert world.own.lifecycle_state == "current"


def test_bad_lines_are_reported_by_line_and_nothing_is_written(world):
    ProductFactory.create(sku="TEA-1")
    rows = _rows(
        f",{world.own.pk},2026-03-01,TEA-1,1,,,\n"
        f",{world.other_department.pk},2026-03-01,TEA-1,1,,,\n"  # hidden customer
        f",{world.own.pk},yesterday,TEA-1,1,,,\n"
        f",{world.own.pk},2026-03-01,NOPE,1,,,\n"
        f",{world.own.pk},2026-03-01,TEA-1,0,,,\n"
        f",{world.own.pk},2099-03-01,TEA-1,1,,,\n"
    )

    report = order_import(actor=world.manager, rows=rows, dry_run=False)

    assert {(p.line, p.field) for p in report.problems} == {
        (3, "customer_id"),
        (4, "ordered_on"),
        (5, "sku"),
        (6, "quantity"),
        (7, "ordered_on"),
    }
    assert not Order.objects.exists()


def test_order_export_lists_visible_lines_only(world, page_as):
    mine = make_order(customer=world.own)
    hidden = make_order(customer=world.other_department)

    rows = csv_rows(page_as("manager").get("/orders/export.csv"))

    numbers = [row[0] for row in rows[1:]]
    assert mine.number in numbers
    assert hidden.number not in numbers


def test_order_import_api(world, api_as):
    ProductFactory.create(sku="TEA-9")
    upload = SimpleUploadedFile(
        "o.csv", (HEADER + f",{world.own.pk},2026-01-01,TEA-9,3,,,\n").encode()
    )

    response = api_as("manager").post(
        "/api/v1/orders/import/", {"file": upload, "dry_run": "false"}, format="multipart"
    )

    assert response.status_code == 201
    assert Order.objects.get().lines.get().quantity == 3
