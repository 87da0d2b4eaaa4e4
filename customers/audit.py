"""The one writer of the customers app's audit rows: lifecycle history, sensitive-data access."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from .models import Customer, LifecycleChange, SensitiveAccess

if TYPE_CHECKING:
    from accounts.models import User


def record_lifecycle_change(
    *,
    customer: Customer,
    from_state: str,
    to_state: str,
    cause: str,
    actor: User | None,
    reason: str = "",
    at: datetime | None = None,
) -> LifecycleChange:
    return LifecycleChange.objects.create(
        customer=customer,
        from_state=from_state,
        to_state=to_state,
        cause=cause,
        reason=reason,
        actor=actor,
        changed_at=at or timezone.now(),
    )


def record_sensitive_access(
    *,
    user: User,
    surface: str,
    customer: Customer | None = None,
    customer_count: int = 1,
    query: str = "",
) -> SensitiveAccess | None:
    """Log that `user` saw sensitive fields unmasked; nothing is logged when nothing was shown."""
    if customer_count <= 0:
        return None
    return SensitiveAccess.objects.create(
        user=user,
        surface=surface,
        customer=customer,
        customer_count=customer_count,
        query=query[:500],
    )


def record_lifecycle_changes(
    *,
    customer_ids: list[int],
    from_state: str,
    to_state: str,
    cause: str,
    reason: str,
    at: datetime,
) -> int:
    """The history rows of a bulk move, one per customer (the automatic rules)."""
    LifecycleChange.objects.bulk_create(
        [
            LifecycleChange(
                customer_id=customer_id,
                from_state=from_state,
                to_state=to_state,
                cause=cause,
                reason=reason,
                actor=None,
                changed_at=at,
            )
            for customer_id in customer_ids
        ],
        batch_size=2000,
    )
    return len(customer_ids)
