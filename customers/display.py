"""How an archive field reads on the customer page and in the export: a choice by its label,
a relation by its name ("Not set" when there is none), a sensitive field masked unless the
viewer may see it. The fields and their sections are declared in customers/fields.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .fields import SECTIONS, SENSITIVE_FIELDS, fields_of
from .masking import mask_value
from .models import NOT_SET, Customer

if TYPE_CHECKING:
    from django.db.models import Field


def model_field(name: str) -> Field[object, object]:
    """The Customer model field behind an archive field."""
    field = Customer._meta.get_field(name)
    return field  # type: ignore[return-value]


def field_label(name: str) -> str:
    return str(capfirst(model_field(name).verbose_name))


def display_value(customer: Customer, name: str, *, sensitive_visible: bool) -> str:
    value = getattr(customer, name)
    if name in SENSITIVE_FIELDS and not sensitive_visible:
        return mask_value(name, value)
    field = model_field(name)
    if field.choices:
        return str(getattr(customer, f"get_{name}_display")())
    if field.is_relation:
        return str(NOT_SET) if value is None else str(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Shown:
    name: str
    label: str
    value: str


def archive_cards(customer: Customer, *, sensitive_visible: bool) -> dict[str, list[Shown]]:
    """Each section's fields as the customer page's cards show them, by section key."""
    return {
        section.key: [
            Shown(
                field.name,
                field_label(field.name),
                display_value(customer, field.name, sensitive_visible=sensitive_visible),
            )
            for field in fields_of(section)
            if field.on_card
        ]
        for section in SECTIONS
    }
