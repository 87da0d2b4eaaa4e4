"""What other apps keep in step with orders, written in the order's own transaction: the
consumption rollups count the new lines (analytics), the buyer earns points (care). An order
and what follows from it commit together or not at all, so these are not after-commit events:
order_create calls every registered follower, in registration order, after the lines are
written and before the purchase moves the customer's lifecycle (whose rollup move then carries
the new figures along).

Followers register in their AppConfig.ready, so this app names none of the apps above it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .models import Order


class OrderFollower(Protocol):
    def __call__(self, *, order: Order, first_order: bool) -> object: ...


_FOLLOWERS: list[OrderFollower] = []


def register_order_follower(follower: OrderFollower) -> OrderFollower:
    if follower not in _FOLLOWERS:
        _FOLLOWERS.append(follower)
    return follower


def order_recorded(*, order: Order, first_order: bool) -> None:
    """Inside the order's transaction: `first_order` says it is the customer's first."""
    for follower in _FOLLOWERS:
        follower(order=order, first_order=first_order)
