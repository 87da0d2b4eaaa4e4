"""The contact log: recording an interaction with a customer."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidInput

from ..models import Customer, Interaction
from .profile import EARLIEST_CONTACT, _full_clean

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def interaction_log(
    *,
    customer: Customer,
    actor: User,
    channel: str,
    summary: str,
    occurred_at: datetime | None = None,
    promise: str = "",
    promise_due: date | None = None,
    next_step: str = "",
) -> Interaction:
    now = timezone.now()
    interaction = Interaction(
        customer=customer,
        user=actor,
        channel=channel,
        summary=(summary or "").strip(),
        occurred_at=occurred_at or now,
        promise=(promise or "").strip(),
        promise_due=promise_due,
        next_step=(next_step or "").strip(),
    )
    errors = _full_clean(interaction, exclude=["customer", "user"])
    if interaction.occurred_at and interaction.occurred_at > now + timedelta(minutes=5):
        errors["occurred_at"] = [_("A contact cannot be logged in the future.")]
    elif interaction.occurred_at and interaction.occurred_at < EARLIEST_CONTACT:
        errors["occurred_at"] = [_("Enter a date from the year 2000 on.")]
    if promise_due and not interaction.promise:
        errors["promise"] = [_("Say what was promised when you give a due date.")]
    if errors:
        raise InvalidInput(_("The contact could not be logged."), field_errors=errors)
    interaction.save()
    return interaction
