"""Bulk import (dry run by line, all-or-nothing, duplicates); exports honour visibility."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from core.tabular import SheetRow, read_rows
from customers.imports import customer_import
from customers.models import Customer

HEADER = "name,kind,region,phone,email,tier,owner,tags\n"


def _csv(body: str, header: str = HEADER) -> SimpleUploadedFile:
    return SimpleUploadedFile("customers.csv", (header + body).encode("utf-8-sig"), "text/csv")


def _rows(body: str, header: str = HEADER) -> list[SheetRow]:
    upload = _csv(body, header)
    return read_rows(upload, str(upload.name))


def test_dry_run_reports_every_bad_row_by_line_and_writes_nothing(world):
    # given a file with good and bad rows
    rows = _rows(
        "Good Co,enterprise,east,13800000001,,gold,,VIP\n"
        ",individual,east,,,,,\n"  # line 3: no name
        "Bad Region,individual,mars,,,,,\n"  # line 4
        "Bad Tier,individual,east,,,platinum,,\n"  # line 5
        "Bad Mail,individual,east,,not-mail,,,\n"  # line 6
    )
    before = Customer.objects.count()

    # when
    report = customer_import(actor=world.manager, rows=rows, dry_run=True)

    # then
    problems = {(p.line, p.field) for p in report.problems}
    assert problems == {(3, "name"), (4, "region"), (5, "tier"), (6, "email")}
    assert report.created == 1
    assert Customer.objects.count() == before


def test_a_real_run_with_any_problem_writes_nothing(world):
    rows = _rows("Fine Ltd,enterprise,east,,,,,\nBroken,robot,east,,,,,\n")
    before = Customer.objects.count()

    report = customer_import(actor=world.manager, rows=rows, dry_run=False)

    assert not report.ok
    assert Customer.objects.count() == before


def test_a_clean_real_run_creates_every_row_through_the_service(world):
    rows = _rows(
        "One Ltd,enterprise,east,13800000011,,gold,,VIP，团购\n"
        "Two,individual,east,,two@example.com,,,\n"
    )

    report = customer_import(actor=world.manager, rows=rows, dry_run=False)

    assert report.written
    one = Customer.objects.get(name="One Ltd")
    assert one.owner == world.manager
    assert one.tier == "gold"
    assert sorted(one.tags.values_list("name", flat=True)) == ["VIP", "团购"]
    assert one.lifecycle_changes.get().cause == "created"


def test_duplicates_by_phone_email_or_enterprise_name_are_caught(world):
    # given an existing customer in another department (not visible to the importer)
    existing_phone = world.other_department.phone
    rows = _rows(
        f"Dup Phone,individual,east,{existing_phone},,,,\n"
        "Twin A,individual,east,13911112222,,,,\n"
        "Twin B,individual,east,13911112222,,,,\n"
        "Same Name Ltd,enterprise,east,,,,,\n"
        "same name ltd,enterprise,east,,,,,\n"
        "Zhang Wei,individual,east,,,,,\nZhang Wei,individual,east,,,,,\n"  # people share names
    )

    report = customer_import(actor=world.manager, rows=rows, dry_run=True)

    by_line = {p.line: p for p in report.problems}
    assert set(by_line) == {2, 4, 6}
    assert "exists already" in by_line[2].message
    assert world.other_department.name not in by_line[2].message
    assert "line 3" in by_line[4].message
    assert "line 5" in by_line[6].message


def test_skip_duplicates_imports_the_rest(world):
    rows = _rows("A,individual,east,13900000001,,,,\nB,individual,east,13900000001,,,,\n")

    report = customer_import(actor=world.manager, rows=rows, dry_run=False, skip_duplicates=True)

    assert report.written
    assert [s.line for s in report.skipped] == [3]
    assert Customer.objects.filter(name__in=["A", "B"]).count() == 1


def test_owner_column_only_accepts_people_the_importer_may_assign(world):
    rows = _rows(
        f"X,individual,east,,,,{world.outsider.username},\nY,individual,east,,,,{world.colleague.username},\n"
    )

    as_manager = customer_import(actor=world.manager, rows=rows, dry_run=True)
    as_supervisor = customer_import(actor=world.supervisor, rows=rows[1:], dry_run=True)

    assert {(p.line, p.field) for p in as_manager.problems} == {(2, "owner"), (3, "owner")}
    assert as_supervisor.ok


def test_unknown_and_missing_columns_stop_before_any_row(world):
    report = customer_import(actor=world.manager, rows=_rows("x,y\n", header="name,colour\n"))

    assert {(p.line, p.field) for p in report.problems} == {
        (1, "colour"),
        (1, "kind"),
    }


def test_xlsx_and_gb18030_files_are_read(world):
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "kind", "region"])
    sheet.append(["表格公司", "enterprise", "east"])
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = SimpleUploadedFile("c.xlsx", buffer.getvalue())
    legacy = SimpleUploadedFile(
        "c.csv", "name,kind,region\n老系统客户,individual,east\n".encode("gb18030")
    )

    assert read_rows(xlsx, str(xlsx.name))[0].values["name"] == "表格公司"
    assert read_rows(legacy, str(legacy.name))[0].values["name"] == "老系统客户"


@pytest.mark.parametrize(
    ("name", "content"),
    [("c.txt", b"hello"), ("c.xlsx", b"not a zip"), ("c.csv", b"")],
)
def test_unreadable_files_get_a_clear_400(world, api_as, name, content):
    response = api_as("manager").post(
        "/api/v1/customers/import/", {"file": SimpleUploadedFile(name, content)}, format="multipart"
    )

    assert response.status_code == 400
    assert "file" in response.json()["errors"]


def test_api_import_dry_run_then_real_run(world, api_as):
    client = api_as("manager")
    body = "Api One,enterprise,east,,,,,\n"

    dry = client.post("/api/v1/customers/import/", {"file": _csv(body)}, format="multipart")
    real = client.post(
        "/api/v1/customers/import/", {"file": _csv(body), "dry_run": "false"}, format="multipart"
    )
    again = client.post(
        "/api/v1/customers/import/", {"file": _csv(body), "dry_run": "false"}, format="multipart"
    )

    assert dry.status_code == 200
    assert dry.json()["would_create"] == 1
    assert real.status_code == 201
    assert real.json()["created"] == 1
    assert again.status_code == 400  # now a duplicate enterprise name
    assert Customer.objects.filter(name="Api One").count() == 1


def test_staff_may_not_import(world, api_as, page_as):
    assert (
        api_as("staff")
        .post("/api/v1/customers/import/", {"file": _csv("")}, format="multipart")
        .status_code
        == 403
    )
    assert page_as("staff").get("/customers/import/").status_code == 403


def test_import_page_dry_run_then_confirm_with_the_same_upload(world, page_as):
    client = page_as("manager")

    dry = client.post(
        "/customers/import/", {"file": _csv("Paged Ltd,enterprise,east,,,,,\n"), "dry_run": "on"}
    )
    token = dry.context["upload_token"]
    done = client.post("/customers/import/", {"upload": token})

    assert dry.status_code == 200
    assert "Ready to import" in dry.content.decode()
    assert not Customer.objects.filter(name="Paged Ltd").exists() or done.status_code == 302
    assert done.status_code == 302
    assert Customer.objects.filter(name="Paged Ltd").count() == 1


def test_import_page_lists_problems_with_400(world, page_as):
    response = page_as("manager").post(
        "/customers/import/", {"file": _csv("BadRegion,individual,mars,,,,,\n"), "dry_run": "on"}
    )

    assert response.status_code == 400
    assert "Problems found" in response.content.decode()


@pytest.mark.parametrize("role", ["manager", "supervisor", "staff", "admin"])
def test_xlsx_export_matches_the_csv_and_masks_like_it(world, page_as, role):
    from tests.helpers import csv_rows

    client = page_as(role)

    csv_body = csv_rows(client.get("/customers/export.csv"))
    response = client.get("/customers/export.xlsx")
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content)), read_only=True
    ).worksheets[0]
    xlsx_body = [
        [str(cell) if cell is not None else "" for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]

    assert xlsx_body == csv_body
