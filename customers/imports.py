"""Customer import: a dry run reports every bad row by line; a real run is all-or-nothing.

Rows go through customer_create, the same service pages and the API use, inside one
transaction that is rolled back for a dry run or at the first problem's end."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError
from core.imports import ImportReport, RowProblem
from core.tabular import SheetRow

from .display import model_field
from .fields import IMPORTED_FIELDS, SERVICE_INPUTS
from .filters import owner_choices_for
from .models import Customer, Region
from .services import customer_create

if TYPE_CHECKING:
    from accounts.models import User as UserType

# Import columns: the archive fields customers/fields.py marks imported, under their headers,
# and what customer_create takes apart from the attributes.
HEADERS: dict[str, str] = {field.name: field.column for field in IMPORTED_FIELDS}
COLUMNS: tuple[str, ...] = (*HEADERS.values(), *SERVICE_INPUTS)
# A column is required when its field has neither a blank value nor a default.
REQUIRED: tuple[str, ...] = tuple(
    column
    for name, column in HEADERS.items()
    if not model_field(name).blank and not model_field(name).has_default()
)
REGION = HEADERS["region"]  # holds a region code


def _duplicate_keys(values: dict[str, str]) -> list[tuple[str, str]]:
    """Phone and e-mail always identify; a name only for enterprises (people share names)."""
    keys = []
    if values.get("phone"):
        keys.append(("phone", values["phone"]))
    if values.get("email"):
        keys.append(("email", values["email"].lower()))
    if values.get("kind") == "enterprise" and values.get("name"):
        keys.append(("name", values["name"].lower()))
    return keys


def _existing_duplicates(rows: Sequence[SheetRow]) -> set[tuple[str, str]]:
    phones = {r.values["phone"] for r in rows if r.values.get("phone")}
    emails = {r.values["email"].lower() for r in rows if r.values.get("email")}
    names = {
        r.values["name"].lower()
        for r in rows
        if r.values.get("kind") == "enterprise" and r.values.get("name")
    }
    found: set[tuple[str, str]] = set()
    found |= {
        ("phone", p)
        for p in Customer.objects.filter(phone__in=phones).values_list("phone", flat=True)
    }
    lowered = Customer.objects.annotate(lower_email=Lower("email"), lower_name=Lower("name"))
    found |= {
        ("email", e)
        for e in lowered.filter(lower_email__in=emails).values_list("lower_email", flat=True)
    }
    found |= {
        ("name", n)
        for n in lowered.filter(kind="enterprise", lower_name__in=names).values_list(
            "lower_name", flat=True
        )
    }
    return found


def customer_import(
    *,
    actor: UserType,
    rows: Sequence[SheetRow],
    dry_run: bool = True,
    skip_duplicates: bool = False,
) -> ImportReport:
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    if not report.check_header(rows, COLUMNS, REQUIRED):
        return report
    regions = {region.code: region for region in Region.objects.all()}
    owners = {user.username: user for user in owner_choices_for(actor)}
    existing = _existing_duplicates(rows)
    seen: dict[tuple[str, str], int] = {}
    with transaction.atomic():
        for row in rows:
            values = row.values
            duplicate = _find_duplicate(row, existing, seen)
            if duplicate:
                (report.skipped if skip_duplicates else report.problems).append(duplicate)
                continue
            missing = [column for column in REQUIRED if not values.get(column)]
            for column in missing:
                report.problem(row.line, column, _("This field is required."))
            region = regions.get(values.get(REGION, ""))
            if values.get(REGION) and region is None:
                report.problem(row.line, REGION, _("Unknown region code."))
            owner: User | None = actor
            if values.get("owner"):
                owner = owners.get(values["owner"])
                if owner is None:
                    report.problem(
                        row.line, "owner", _("Unknown account manager, or not yours to assign.")
                    )
            if missing or (values.get(REGION) and region is None) or owner is None:
                continue
            attributes: dict[str, object] = {
                name: values[column]
                for name, column in HEADERS.items()
                if name != "region" and values.get(column, "") != ""
            }
            attributes["region"] = region
            try:
                with transaction.atomic():
                    customer_create(
                        actor=actor,
                        attributes=attributes,
                        owner=owner,
                        lifecycle_state=values.get("lifecycle_state") or "potential",
                        tag_names=[
                            t
                            for t in values.get("tags", "").replace("，", ",").split(",")
                            if t.strip()
                        ],
                    )
            except DomainError as exc:
                report.refused(row.line, exc)
                continue
            report.created += 1
        if not report.written:
            transaction.set_rollback(True)
    return report


def _find_duplicate(
    row: SheetRow, existing: set[tuple[str, str]], seen: dict[tuple[str, str], int]
) -> RowProblem | None:
    for key in _duplicate_keys(row.values):
        if key in seen:
            return RowProblem(
                row.line,
                key[0],
                _("Same %(field)s as line %(line)d.") % {"field": key[0], "line": seen[key]},
            )
        if key in existing:
            # Not named: the existing customer may belong to someone the importer may not see.
            return RowProblem(
                row.line,
                key[0],
                _("A customer with this %(field)s exists already.") % {"field": key[0]},
            )
    for key in _duplicate_keys(row.values):
        seen[key] = row.line
    return None
