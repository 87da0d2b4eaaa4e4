"""Order import: rows with the same order_ref form one order; all-or-nothing, dry run first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.imports import ImportReport
from core.tabular import SheetRow
from customers.filters import owner_choices_for
from customers.models import Customer

from .models import Product
from .services import order_create

if TYPE_CHECKING:
    from accounts.models import User

COLUMNS: tuple[str, ...] = (
    "order_ref",
    "customer_id",
    "ordered_on",
    "sku",
    "quantity",
    "unit_price",
    "salesperson",
    "note",
)
REQUIRED: tuple[str, ...] = ("customer_id", "ordered_on", "sku", "quantity")


def order_import(*, actor: User, rows: Sequence[SheetRow], dry_run: bool = True) -> ImportReport:
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    if not report.check_header(rows, COLUMNS, REQUIRED):
        return report
    products = {
        p.sku: p for p in Product.objects.filter(sku__in={r.values.get("sku") for r in rows})
    }
    ids = {number for r in rows if (number := _as_int(r.values.get("customer_id", "")))}
    customers = {c.pk: c for c in Customer.objects.visible_to(actor).filter(pk__in=ids)}
    people = {u.username: u for u in owner_choices_for(actor)}

    groups: dict[str, list[tuple[SheetRow, dict[str, Any]]]] = {}
    for row in rows:
        parsed = _parse(row, report, products, customers, people)
        if parsed is not None:
            key = row.values.get("order_ref") or f"line-{row.line}"
            groups.setdefault(key, []).append((row, parsed))

    with transaction.atomic():
        for key, members in groups.items():
            first_row, first = members[0]
            if any(
                (p["customer"], p["ordered_on"], p["salesperson"])
                != (first["customer"], first["ordered_on"], first["salesperson"])
                for _r, p in members
            ):
                for row, _p in members[1:]:
                    report.problem(
                        row.line,
                        "order_ref",
                        _("Lines of order %(ref)s disagree on customer, date or salesperson.")
                        % {"ref": key},
                    )
                continue
            try:
                with transaction.atomic():
                    order_create(
                        actor=actor,
                        customer=first["customer"],
                        ordered_on=first["ordered_on"],
                        salesperson=first["salesperson"],
                        note=first["note"],
                        lines=[
                            {
                                "product": p["product"],
                                "quantity": p["quantity"],
                                "unit_price": p["unit_price"],
                            }
                            for _r, p in members
                        ],
                    )
            except DomainError as exc:
                report.refused(first_row.line, exc)
                continue
            report.created += 1
        if not report.written:
            transaction.set_rollback(True)
    return report


def _as_int(value: str) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def _parse(
    row: SheetRow,
    report: ImportReport,
    products: dict[str, Product],
    customers: dict[int, Customer],
    people: dict[str, Any],
) -> dict[str, Any] | None:
    values = row.values
    before = len(report.problems)
    for column in REQUIRED:
        if not values.get(column):
            report.problem(row.line, column, _("This field is required."))
    customer_id = _as_int(values.get("customer_id", ""))
    customer = customers.get(customer_id) if customer_id else None
    if values.get("customer_id") and customer is None:
        report.problem(row.line, "customer_id", _("Unknown customer."))
    product = products.get(values.get("sku", ""))
    if values.get("sku") and product is None:
        report.problem(row.line, "sku", _("Unknown product."))
    ordered_on = None
    if values.get("ordered_on"):
        try:
            ordered_on = date.fromisoformat(values["ordered_on"][:10])
        except ValueError:
            report.problem(row.line, "ordered_on", _("Write the date as YYYY-MM-DD."))
    quantity = _as_int(values.get("quantity", "")) if values.get("quantity") else None
    if values.get("quantity") and quantity is None:
        report.problem(row.line, "quantity", _("Enter a whole number from 1."))
    unit_price = None
    if values.get("unit_price"):
        try:
            unit_price = Decimal(values["unit_price"])
        except InvalidOperation:
            report.problem(row.line, "unit_price", _("Enter a number."))
    salesperson = None
    if values.get("salesperson"):
        salesperson = people.get(values["salesperson"])
        if salesperson is None:
            report.problem(
                row.line, "salesperson", _("Unknown salesperson, or not in your department.")
            )
    if len(report.problems) > before:
        return None
    return {
        "customer": customer,
        "ordered_on": ordered_on,
        "product": product,
        "quantity": quantity,
        "unit_price": unit_price,
        "salesperson": salesperson,
        "note": values.get("note", ""),
    }
