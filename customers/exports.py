"""Customer export rows: the same visibility and masking as the pages, read in keyset chunks.
The archive columns are the fields customers/fields.py marks exported."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .display import display_value, field_label
from .fields import EXPORTED_FIELDS
from .models import Customer
from .policies import customer_sensitive_visible_to

if TYPE_CHECKING:
    from accounts.models import User

CHUNK = 2000


def customer_export_header() -> list[str]:
    return [
        _("ID"),
        *(field_label(field.name) for field in EXPORTED_FIELDS),
        _("Lifecycle state"),
        _("Account manager"),
        _("Department"),
        _("MAN"),
        _("Tags"),
        _("Created at"),
    ]


def _row(customer: Customer, user: User) -> list[str]:
    visible = customer_sensitive_visible_to(user, customer)
    return [
        str(customer.pk),
        *(
            display_value(customer, field.name, sensitive_visible=visible)
            for field in EXPORTED_FIELDS
        ),
        str(customer.get_lifecycle_state_display()),
        str(customer.owner),
        customer.department.name,
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
