"""Lifecycle moves: one by hand, one by an order, many by the automatic rules; each with history."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import events
from core.errors import IllegalStateChange, InvalidInput, NotAllowed

from .. import audit, derived
from ..choices import LifecycleCause
from ..lifecycle import ORDER_TRANSITIONS, manual_targets
from ..models import Customer, LifecycleChange
from ..policies import customer_is_editable_by

if TYPE_CHECKING:
    from accounts.models import User


def _move_lifecycle(
    *, customer: Customer, to_state: str, cause: str, actor: User | None, reason: str, at: datetime
) -> LifecycleChange:
    from_state = customer.lifecycle_state
    key_before = derived.customer_key(customer)
    customer.lifecycle_state = to_state
    customer.lifecycle_changed_at = at
    customer.save(update_fields=["lifecycle_state", "lifecycle_changed_at", "updated_at"])
    derived.customer_moved(customer=customer, before=key_before)
    change = audit.record_lifecycle_change(
        customer=customer,
        from_state=from_state,
        to_state=to_state,
        cause=cause,
        actor=actor,
        reason=reason,
        at=at,
    )
    events.publish(
        events.CUSTOMER_LIFECYCLE_CHANGED,
        customer_id=customer.pk,
        from_state=from_state,
        to_state=to_state,
        cause=cause,
    )
    return change


@transaction.atomic
def customer_change_lifecycle(
    *, customer: Customer, actor: User, to_state: str, reason: str
) -> LifecycleChange:
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if not customer_is_editable_by(actor, customer):
        raise NotAllowed(_("You may view this customer but not change it."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            _("Say why the state changes."), field_errors={"reason": [_("This field is required.")]}
        )
    if len(reason) > 4000:
        raise InvalidInput(
            _("The reason is too long."), field_errors={"reason": [_("At most 4000 characters.")]}
        )
    if to_state not in manual_targets(customer.lifecycle_state):
        raise IllegalStateChange(
            _("A %(from)s customer cannot be moved to %(to)s by hand.")
            % {"from": customer.get_lifecycle_state_display(), "to": to_state}
        )
    return _move_lifecycle(
        customer=customer,
        to_state=to_state,
        cause=LifecycleCause.MANUAL,
        actor=actor,
        reason=reason,
        at=timezone.now(),
    )


def customer_register_purchase(*, customer: Customer, actor: User | None) -> LifecycleChange | None:
    """A first order makes a prospect current; an order from a lost customer wins them back.

    Called inside the order's transaction; locks the customer row.
    """
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    move = ORDER_TRANSITIONS.get(customer.lifecycle_state)
    if move is None:
        return None
    to_state, cause = move
    return _move_lifecycle(
        customer=customer, to_state=to_state, cause=cause, actor=actor, reason="", at=timezone.now()
    )


def customers_move_lifecycle(
    *, from_state: str, to_state: str, customer_ids: list[int], reason: str
) -> list[int]:
    """The automatic rules' bulk move (lost, loyal, back to current): customers still in
    `from_state` move in one statement, each with a history row, their rollup figures moving
    along; returns the ids moved. Their events are written with the move, as for one."""
    if not customer_ids:
        return []
    now = timezone.now()
    moved: list[int] = []
    with transaction.atomic():
        for start in range(0, len(customer_ids), 5000):
            chunk = list(
                Customer.objects.select_for_update()
                .filter(pk__in=customer_ids[start : start + 5000], lifecycle_state=from_state)
                .values_list("pk", flat=True)
            )
            Customer.objects.filter(pk__in=chunk).update(
                lifecycle_state=to_state, lifecycle_changed_at=now, updated_at=now
            )
            derived.customers_shifted(
                customer_ids=chunk, field="lifecycle_state", old=from_state, new=to_state
            )
            audit.record_lifecycle_changes(
                customer_ids=chunk,
                from_state=from_state,
                to_state=to_state,
                cause=LifecycleCause.AUTOMATIC,
                reason=reason,
                at=now,
            )
            moved.extend(chunk)
        events.publish_many(
            events.CUSTOMER_LIFECYCLE_CHANGED,
            [
                {
                    "customer_id": customer_id,
                    "from_state": from_state,
                    "to_state": to_state,
                    "cause": LifecycleCause.AUTOMATIC,
                }
                for customer_id in moved
            ],
        )
    return moved
