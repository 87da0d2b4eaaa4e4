"""Care reminders: scheduled by jobs and workflows, worked through by account managers."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import IllegalStateChange, InvalidInput, NotAllowed
from customers.models import Customer, Interaction
from customers.policies import customer_is_editable_by
from customers.services import interaction_log

from .models import CustomerLoss, LossReason, Reminder, ReminderStatus

if TYPE_CHECKING:
    from accounts.models import User

OPEN_STATES = (ReminderStatus.OPEN, ReminderStatus.SNOOZED)


def reminder_schedule(
    *,
    customer: Customer,
    kind: str,
    due_on: date,
    title: str,
    source_key: str,
    detail: str = "",
    owner: User | None = None,
) -> tuple[Reminder, bool]:
    """Put a reminder in the owner's inbox once per source_key; returns (reminder, created)."""
    reminder, created = Reminder.objects.get_or_create(
        source_key=source_key[:200],
        defaults={
            "owner": owner or customer.owner,
            "customer": customer,
            "kind": kind,
            "due_on": due_on,
            "title": title[:200],
            "detail": detail,
        },
    )
    return reminder, created


def _lock_open(reminder: Reminder, actor: User) -> Reminder:
    locked = Reminder.objects.select_for_update().select_related("customer").get(pk=reminder.pk)
    if not (locked.owner_id == actor.pk or customer_is_editable_by(actor, locked.customer)):
        raise NotAllowed(_("Only the account manager or their supervisor works this reminder."))
    if locked.status not in OPEN_STATES:
        raise IllegalStateChange(_("This reminder is already closed."))
    return locked


@transaction.atomic
def reminder_complete(
    *, reminder: Reminder, actor: User, channel: str, summary: str
) -> tuple[Reminder, Interaction]:
    """Done: the contact it asked for is logged in the customer's contact log."""
    locked = _lock_open(reminder, actor)
    interaction = interaction_log(
        customer=locked.customer, actor=actor, channel=channel, summary=summary
    )
    locked.status = ReminderStatus.DONE
    locked.closed_at = timezone.now()
    locked.closed_by = actor
    locked.closing_note = interaction.summary
    locked.interaction = interaction
    locked.save(update_fields=["status", "closed_at", "closed_by", "closing_note", "interaction"])
    return locked, interaction


@transaction.atomic
def reminder_snooze(*, reminder: Reminder, actor: User, until: date) -> Reminder:
    locked = _lock_open(reminder, actor)
    today = timezone.localdate()
    if until <= today:
        raise InvalidInput(
            _("Snooze to a later day."), field_errors={"until": [_("Pick a day after today.")]}
        )
    if (until - today).days > 365:
        raise InvalidInput(
            _("Snooze at most a year."), field_errors={"until": [_("At most a year ahead.")]}
        )
    locked.status = ReminderStatus.SNOOZED
    locked.snoozed_until = until
    locked.save(update_fields=["status", "snoozed_until"])
    return locked


@transaction.atomic
def reminder_dismiss(*, reminder: Reminder, actor: User, reason: str = "") -> Reminder:
    locked = _lock_open(reminder, actor)
    if len(reason) > 4000:
        raise InvalidInput(
            _("The note is too long."), field_errors={"reason": [_("At most 4000 characters.")]}
        )
    locked.status = ReminderStatus.DISMISSED
    locked.closed_at = timezone.now()
    locked.closed_by = actor
    locked.closing_note = reason.strip()
    locked.save(update_fields=["status", "closed_at", "closed_by", "closing_note"])
    return locked


def customer_loss_open(*, customer_id: int, lost_on: date) -> CustomerLoss:
    """A customer became lost: a loss row waits for the manager to say why (once a day)."""
    loss, _created = CustomerLoss.objects.get_or_create(customer_id=customer_id, lost_on=lost_on)
    return loss


@transaction.atomic
def customer_loss_record(
    *, loss: CustomerLoss, actor: User, reason: str, note: str
) -> CustomerLoss:
    locked = CustomerLoss.objects.select_for_update().select_related("customer").get(pk=loss.pk)
    if not customer_is_editable_by(actor, locked.customer):
        raise NotAllowed(_("Only the account manager or their supervisor records why."))
    errors: dict[str, list[str]] = {}
    if reason not in LossReason.values or not reason:
        errors["reason"] = [_("Choose a reason.")]
    if len(note) > 4000:
        errors["note"] = [_("At most 4000 characters.")]
    if reason == LossReason.OTHER and not note.strip():
        errors["note"] = [_("Say what the other reason was.")]
    if errors:
        raise InvalidInput(_("The reason could not be saved."), field_errors=errors)
    locked.reason = reason
    locked.note = note.strip()
    locked.recorded_by = actor
    locked.recorded_at = timezone.now()
    locked.save(update_fields=["reason", "note", "recorded_by", "recorded_at"])
    return locked
