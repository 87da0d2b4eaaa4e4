"""Masking of sensitive personal fields, shared by pages, API and exports. Which archive
fields are sensitive is declared in customers/fields.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .fields import SENSITIVE_FIELDS
from .policies import customer_sensitive_visible_to

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Customer

KEY_CONTACT_SENSITIVE_FIELDS: tuple[str, ...] = ("phone", "email")
MASK = "******"


def mask_value(field: str, value: str) -> str:
    """Keep just enough to recognise a contact (138****5678, z***@example.com)."""
    if not value:
        return ""
    if field == "phone" and len(value) >= 7:
        return f"{value[:3]}****{value[-4:]}"
    if field == "email" and "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    return MASK


class MaskedCustomer:
    """A read-only view of a customer with sensitive fields masked for this viewer."""

    def __init__(self, customer: Customer, user: User):
        self._customer = customer
        self.sensitive_visible = customer_sensitive_visible_to(user, customer)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._customer, name)
        if name in SENSITIVE_FIELDS and not self.sensitive_visible:
            return mask_value(name, value)
        return value

    @property
    def instance(self) -> Customer:
        return self._customer


def sensitive_field_value(customer: Customer, field: str, *, visible: bool) -> str:
    value = getattr(customer, field)
    return value if visible else mask_value(field, value)
