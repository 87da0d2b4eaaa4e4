"""Data other apps keep keyed by a customer's attributes, moved in the customer's own
transaction. The consumption rollups (analytics) count every order line under its customer's
kind, tier, lifecycle state, value class, owner and department; when one of those changes, the
figures must move before the transaction commits, or a report would count the customer under
the old key. So the customer services take the key before a change and hand it, with the
customer, to every registered keeper after it; a bulk change of one attribute is handed over
as one shift.

Keepers register in their AppConfig.ready, so this app names none of the apps above it. The
calls are synchronous and explicit at each write, in registration order; a keeper that fails
rolls the customer's change back with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .models import Customer


@dataclass(frozen=True)
class CustomerKey:
    """The customer attributes derived data may be keyed by."""

    kind: str
    tier: str
    lifecycle_state: str
    value_class: str
    owner_id: int
    department_id: int


def customer_key(customer: Customer) -> CustomerKey:
    return CustomerKey(
        customer.kind,
        customer.tier,
        customer.lifecycle_state,
        customer.value_class,
        customer.owner_id,
        customer.department_id,
    )


class CustomerKeeper(Protocol):
    def customer_moved(self, *, customer: Customer, before: CustomerKey) -> None:
        """One customer's key changed from `before` to customer_key(customer)."""

    def customers_shifted(
        self, *, customer_ids: list[int], field: str, old: object, new: object
    ) -> None:
        """These customers, who all had `old` in the CustomerKey field `field`, now have `new`."""


_KEEPERS: list[CustomerKeeper] = []


def register_keeper(keeper: CustomerKeeper) -> CustomerKeeper:
    if keeper not in _KEEPERS:
        _KEEPERS.append(keeper)
    return keeper


def customer_moved(*, customer: Customer, before: CustomerKey) -> None:
    if customer_key(customer) == before:
        return
    for keeper in _KEEPERS:
        keeper.customer_moved(customer=customer, before=before)


def customers_shifted(*, customer_ids: list[int], field: str, old: object, new: object) -> None:
    if not customer_ids or old == new:
        return
    for keeper in _KEEPERS:
        keeper.customers_shifted(customer_ids=customer_ids, field=field, old=old, new=new)
