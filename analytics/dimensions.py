"""The six dimensions of the consumption-structure report (SPEC §4), declared once: the rollup
column each groups by, how its keys get labels, and how a key narrows the order lines behind a
cell (drill-down)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, User
from customers.choices import CustomerKind, LifecycleState, ServiceTier, ValueClass
from customers.models import Region
from sales.models import ProductCategory

DIMENSION_NAMES = (
    "month",
    "customer_category",
    "product_category",
    "region",
    "salesperson",
    "department",
)

# customer_category splits customers by one of their categories; `category_by` picks which.
CUSTOMER_CATEGORIES: dict[str, tuple[str, str, Any]] = {
    # name: (rollup column, customer field, choices)
    "tier": ("customer_tier", "tier", ServiceTier),
    "kind": ("customer_kind", "kind", CustomerKind),
    "lifecycle_state": ("customer_lifecycle_state", "lifecycle_state", LifecycleState),
    "value_class": ("customer_value_class", "value_class", ValueClass),
}


def _choice_labels(choices: Any) -> Callable[[Iterable[Any]], dict[Any, str]]:
    def labels(keys: Iterable[Any]) -> dict[Any, str]:
        names = dict(choices.choices)
        return {key: str(names.get(key, _("Unclassified"))) for key in keys}

    return labels


def _month_labels(keys: Iterable[Any]) -> dict[Any, str]:
    return {key: formats.date_format(key, "YEAR_MONTH_FORMAT") for key in keys}


def _region_labels(keys: Iterable[Any]) -> dict[Any, str]:
    return Region.objects.filter(pk__in=[key for key in keys if key is not None]).names()


def _category_labels(keys: Iterable[Any]) -> dict[Any, str]:
    return {row.pk: row.name for row in ProductCategory.objects.filter(pk__in=list(keys))}


def _user_labels(keys: Iterable[Any]) -> dict[Any, str]:
    return {
        user.pk: user.get_full_name() or user.username
        for user in User.objects.filter(pk__in=list(keys)).only("first_name", "last_name")
    }


def _department_labels(keys: Iterable[Any]) -> dict[Any, str]:
    return {row.pk: row.name for row in Department.objects.filter(pk__in=list(keys))}


@dataclass(frozen=True)
class Dimension:
    name: str
    label: Any
    column: str  # in the rollups
    line_field: str  # on OrderLine, for the drill-down
    labels: Callable[[Iterable[Any]], dict[Any, str]]
    needs_category_rollup: bool = False
    nullable: bool = False  # lines may have no key ("not set"), asked for as "none"


def dimension(name: str, category_by: str = "tier") -> Dimension:
    """The dimension `name`; customer_category as split by `category_by`."""
    if name == "month":
        return Dimension(name, _("Month"), "month", "ordered_on", _month_labels)
    if name == "customer_category":
        column, field, choices = CUSTOMER_CATEGORIES[category_by]
        return Dimension(
            name,
            _("Customer category"),
            column,
            f"customer__{field}",
            _choice_labels(choices),
        )
    if name == "product_category":
        return Dimension(
            name,
            _("Product category"),
            "product_category_id",
            "category_id",
            _category_labels,
            needs_category_rollup=True,
        )
    if name == "region":
        return Dimension(name, _("Region"), "region_id", "region_id", _region_labels, nullable=True)
    if name == "salesperson":
        return Dimension(name, _("Salesperson"), "salesperson_id", "salesperson_id", _user_labels)
    if name == "department":
        return Dimension(
            name, _("Department"), "department_id", "department_id", _department_labels
        )
    raise KeyError(name)


def month_key(value: str) -> date:
    """'2026-03' or '2026-03-01' → date(2026, 3, 1)."""
    year, month = value[:7].split("-")
    return date(int(year), int(month), 1)
