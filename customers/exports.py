"""Customer export rows: the same visibility and masking as the pages, read in keyset chunks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .masking import mask_value
from .models import Customer, region_name
from .policies import customer_sensitive_visible_to

if TYPE_CHECKING:
    from accounts.models import User

CHUNK = 2000


def customer_export_header() -> list[str]:
    return [
        _("ID"),
        _("Name"),
        _("Kind"),
        _("Lifecycle state"),
        _("Service tier"),
        _("Region"),
        _("Industry"),
        _("Acquisition source"),
        _("Account manager"),
        _("Department"),
        _("Phone"),
        _("E-mail"),
        _("Address"),
        _("Personality type"),
        _("MAN"),
        _("Tags"),
        _("Created at"),
    ]


def _row(customer: Customer, user: User) -> list[str]:
    visible = customer_sensitive_visible_to(user, customer)

    def sensitive(field: str) -> str:
        value = getattr(customer, field)
        return value if visible else mask_value(field, value)

    return [
        str(customer.pk),
        customer.name,
        str(customer.get_kind_display()),
        str(customer.get_lifecycle_state_display()),
        str(customer.get_tier_display()),
        region_name(customer.region),
        str(customer.get_industry_display()),
        str(customer.get_source_display()),
        str(customer.owner),
        customer.department.name,
        sensitive("phone"),
        sensitive("email"),
        sensitive("address"),
        str(customer.get_personality_type_display()),
        customer.man_code,
        ", ".join(tag.name for tag in customer.tags.all()),
        customer.created_at.isoformat(),
    ]


def customer_export_rows(*, queryset: QuerySet[Customer], user: User) -> Iterator[list[str]]:
    last_id = 0
    base = queryset.order_by("id")
    while True:
        # Keyset pages keep memory flat and the query count bounded per chunk.
        chunk = list(base.filter(id__gt=last_id)[:CHUNK])
        if not chunk:
            return
        for customer in chunk:
            yield _row(customer, user)
        last_id = chunk[-1].pk
