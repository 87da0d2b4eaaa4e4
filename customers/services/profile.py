"""Customer profiles: creating and updating a customer with its tags, dates and contacts."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from core import events
from core.errors import InvalidInput, NotAllowed
from core.reference import deactivated_choices

from .. import audit, derived
from ..choices import AcquisitionSource, CalendarKind, LifecycleCause
from ..fields import EDITABLE_FIELDS
from ..models import Customer, ImportantDate, KeyContact, Tag
from ..policies import customer_can_create, customer_can_reassign, customer_is_editable_by

if TYPE_CHECKING:
    from accounts.models import User

MAN_FIELDS = ("has_money", "has_authority", "has_need")
EARLIEST_CONTACT = datetime(2000, 1, 1, tzinfo=UTC)
TAG_LIMIT = 20


def _validation_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


def _full_clean(
    instance: Model, *, exclude: Sequence[str] = (), prefix: str = ""
) -> dict[str, list[str]]:
    try:
        instance.full_clean(
            exclude=list(exclude), validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        return {f"{prefix}{field}": msgs for field, msgs in _validation_errors(exc).items()}
    return {}


def _check_owner(*, actor: User, owner: User | None) -> dict[str, list[str]]:
    if owner is None:
        return {"owner": [_("Choose the account manager who owns this customer.")]}
    if owner.role not in (Role.MANAGER, Role.SUPERVISOR) or not owner.is_active:
        return {"owner": [_("The owner must be an active account manager or supervisor.")]}
    if actor.is_admin_role:
        return {}
    if actor.is_supervisor and owner.department_id == actor.department_id:
        return {}
    if owner.pk == actor.pk:
        return {}
    return {"owner": [_("You may only assign customers within your own department.")]}


def _check_referral(*, actor: User, customer: Customer) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    referrer_id = customer.referred_by_id
    if referrer_id is None:
        return errors
    if customer.pk and referrer_id == customer.pk:
        errors["referred_by"] = [_("A customer cannot refer themselves.")]
    elif not Customer.objects.visible_to(actor).filter(pk=referrer_id).exists():
        errors["referred_by"] = [_("Unknown customer.")]
    if customer.source != AcquisitionSource.REFERRAL:
        errors.setdefault("source", []).append(
            _("A customer with a referrer was acquired by referral.")
        )
    return errors


def _tags_for(names: Iterable[str]) -> tuple[list[Tag], dict[str, list[str]]]:
    cleaned = sorted({name.strip() for name in names if name and name.strip()})
    if len(cleaned) > TAG_LIMIT:
        return [], {"tags": [_("At most %(count)d tags.") % {"count": TAG_LIMIT}]}
    too_long = [name for name in cleaned if len(name) > 50]
    if too_long:
        return [], {"tags": [_("A tag has at most 50 characters.")]}
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=cleaned)}
    missing = [Tag(name=name) for name in cleaned if name not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {tag.name: tag for tag in Tag.objects.filter(name__in=cleaned)}
    return [existing[name] for name in cleaned], {}


def _build_children(
    *,
    customer: Customer,
    important_dates: Sequence[Mapping[str, Any]] | None,
    key_contacts: Sequence[Mapping[str, Any]] | None,
) -> tuple[list[ImportantDate] | None, list[KeyContact] | None, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    dates: list[ImportantDate] | None = None
    contacts: list[KeyContact] | None = None
    if important_dates is not None:
        dates = []
        birthdays = 0
        for index, values in enumerate(important_dates):
            item = ImportantDate(customer=customer, **values)
            errors.update(
                _full_clean(item, exclude=["customer"], prefix=f"important_dates[{index}].")
            )
            errors.update(_check_date(item, prefix=f"important_dates[{index}]."))
            birthdays += item.kind == "birthday"
            dates.append(item)
        if birthdays > 1:
            errors["important_dates"] = [_("A customer has one birthday.")]
    if key_contacts is not None:
        contacts = []
        for index, values in enumerate(key_contacts):
            contact = KeyContact(customer=customer, **values)
            errors.update(
                _full_clean(contact, exclude=["customer"], prefix=f"key_contacts[{index}].")
            )
            contacts.append(contact)
    return dates, contacts, errors


def _check_date(item: ImportantDate, *, prefix: str) -> dict[str, list[str]]:
    if not item.month or not item.day:
        return {}
    if item.calendar == CalendarKind.LUNAR:
        if item.day > 30:
            return {f"{prefix}day": [_("A lunar month has at most 30 days.")]}
        return {}
    if item.is_leap_month:
        return {f"{prefix}is_leap_month": [_("Only a lunar date has a leap month.")]}
    try:
        # 2000 is a leap year, so 29 February stays a valid birthday.
        date(item.year or 2000, item.month, item.day)
    except ValueError:
        return {f"{prefix}day": [_("This day does not exist in that month.")]}
    return {}


def _reject_unknown(attributes: Mapping[str, Any]) -> None:
    unknown = set(attributes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(
            _("Unknown fields."), field_errors={name: [_("Unknown field.")] for name in unknown}
        )


@dataclass(frozen=True)
class _Checked:
    tags: list[Tag] | None  # None: leave the tags as they are
    dates: list[ImportantDate] | None
    contacts: list[KeyContact] | None


def _checked(
    *,
    actor: User,
    customer: Customer,
    before: Customer | None,
    errors: dict[str, list[str]],
    tag_names: Iterable[str] | None,
    important_dates: Sequence[Mapping[str, Any]] | None,
    key_contacts: Sequence[Mapping[str, Any]] | None,
) -> _Checked:
    """Every rule about the customer as it is about to be saved (`before`: as it was), its tags,
    dates and contacts, added to the caller's `errors`: one 400 that names every problem."""
    errors.update(_full_clean(customer, exclude=["owner", "department"]))
    errors.update(_check_referral(actor=actor, customer=customer))
    errors.update(deactivated_choices(customer, before, ["region"]))
    tags: list[Tag] | None = None
    if tag_names is not None:
        tags, tag_errors = _tags_for(tag_names)
        errors.update(tag_errors)
    dates, contacts, child_errors = _build_children(
        customer=customer, important_dates=important_dates, key_contacts=key_contacts
    )
    errors.update(child_errors)
    if errors:
        raise InvalidInput(_("The customer could not be saved."), field_errors=errors)
    return _Checked(tags, dates, contacts)


def _replace_children(
    customer: Customer, dates: list[ImportantDate] | None, contacts: list[KeyContact] | None
) -> None:
    if dates is not None:
        customer.important_dates.all().delete()
        ImportantDate.objects.bulk_create(dates)
    if contacts is not None:
        customer.key_contacts.all().delete()
        KeyContact.objects.bulk_create(contacts)


@transaction.atomic
def customer_create(
    *,
    actor: User,
    attributes: Mapping[str, Any],
    owner: User | None = None,
    lifecycle_state: str = "potential",
    tag_names: Iterable[str] = (),
    important_dates: Sequence[Mapping[str, Any]] | None = None,
    key_contacts: Sequence[Mapping[str, Any]] | None = None,
) -> Customer:
    if not customer_can_create(actor):
        raise NotAllowed(_("Your role may not create customers."))
    owner = owner or actor
    _reject_unknown(attributes)
    now = timezone.now()
    customer = Customer(
        **attributes, owner=owner, department=owner.department, lifecycle_state=lifecycle_state
    )
    if any(attributes.get(name) for name in MAN_FIELDS):
        customer.man_assessed_at = now
    checked = _checked(
        actor=actor,
        customer=customer,
        before=None,
        errors=_check_owner(actor=actor, owner=owner),
        tag_names=tag_names,
        important_dates=important_dates,
        key_contacts=key_contacts,
    )

    customer.lifecycle_changed_at = now
    customer.created_at = now
    customer.save()
    customer.tags.set(checked.tags or [])
    _replace_children(customer, checked.dates, checked.contacts)
    audit.record_lifecycle_change(
        customer=customer,
        from_state="",
        to_state=lifecycle_state,
        cause=LifecycleCause.CREATED,
        actor=actor,
        at=now,
    )
    events.publish(events.CUSTOMER_CREATED, customer_id=customer.pk)
    return customer


@transaction.atomic
def customer_update(
    *,
    customer: Customer,
    actor: User,
    attributes: Mapping[str, Any],
    owner: User | None = None,
    tag_names: Iterable[str] | None = None,
    important_dates: Sequence[Mapping[str, Any]] | None = None,
    key_contacts: Sequence[Mapping[str, Any]] | None = None,
) -> Customer:
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if not customer_is_editable_by(actor, customer):
        raise NotAllowed(_("You may view this customer but not change it."))
    before = copy.copy(customer)
    key_before = derived.customer_key(customer)
    _reject_unknown(attributes)
    errors: dict[str, list[str]] = {}
    man_before = tuple(getattr(customer, name) for name in MAN_FIELDS)
    for name, value in attributes.items():
        setattr(customer, name, value)
    if owner is not None and owner.pk != customer.owner_id:
        if not customer_can_reassign(actor):
            errors["owner"] = [_("Only a supervisor or an administrator reassigns customers.")]
        else:
            errors.update(_check_owner(actor=actor, owner=owner))
            customer.owner = owner
            if owner.department is not None:
                customer.department = owner.department
    if tuple(getattr(customer, name) for name in MAN_FIELDS) != man_before:
        customer.man_assessed_at = timezone.now()
    checked = _checked(
        actor=actor,
        customer=customer,
        before=before,
        errors=errors,
        tag_names=tag_names,
        important_dates=important_dates,
        key_contacts=key_contacts,
    )

    customer.save()
    derived.customer_moved(customer=customer, before=key_before)
    if checked.tags is not None:
        customer.tags.set(checked.tags)
    _replace_children(customer, checked.dates, checked.contacts)
    return customer
