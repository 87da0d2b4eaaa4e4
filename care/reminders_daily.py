"""The daily care job (客户关怀): birthdays and anniversaries (solar or lunar), public holidays
including the lunar festivals, contact gaps by service tier, and promises falling due. Every
reminder has a source key, so running a day twice creates nothing twice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from customers.choices import DateKind, LifecycleState
from customers.models import Customer, ImportantDate, Interaction

from .models import Reminder, ReminderKind
from .occasions import greeting_holidays_between, occurrences_between

SERVED_STATES = (LifecycleState.TARGET, LifecycleState.CURRENT, LifecycleState.LOYAL)
DATE_KINDS: dict[str, str] = {
    DateKind.BIRTHDAY: ReminderKind.BIRTHDAY,
    DateKind.ANNIVERSARY: ReminderKind.ANNIVERSARY,
    DateKind.HONOUR_DAY: ReminderKind.HONOUR_DAY,
}
BATCH = 2000


def _store(reminders: Iterable[Reminder]) -> int:
    """Insert the reminders whose source key is new; returns how many were new."""
    created = 0
    batch: list[Reminder] = []

    def flush() -> int:
        keys = [reminder.source_key for reminder in batch]
        known = set(
            Reminder.objects.filter(source_key__in=keys).values_list("source_key", flat=True)
        )
        fresh = [reminder for reminder in batch if reminder.source_key not in known]
        Reminder.objects.bulk_create(fresh, ignore_conflicts=True)
        batch.clear()
        return len(fresh)

    for reminder in reminders:
        batch.append(reminder)
        if len(batch) >= BATCH:
            created += flush()
    if batch:
        created += flush()
    return created


def _important_dates(start: date, end: date) -> Iterable[Reminder]:
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    solar = Q()
    for day in days:
        solar |= Q(month=day.month, day=day.day)
        if day.month == 2 and day.day == 28:
            solar |= Q(month=2, day=29)  # 29 February falls on the 28th in common years
    rows = (
        ImportantDate.objects.filter((Q(calendar="solar") & solar) | Q(calendar="lunar"))
        .filter(customer__lifecycle_state__in=[*SERVED_STATES, LifecycleState.POTENTIAL])
        .select_related("customer")
    )
    for row in rows.iterator(chunk_size=BATCH):
        for when in occurrences_between(
            calendar_kind=row.calendar,
            month=row.month,
            day=row.day,
            is_leap_month=row.is_leap_month,
            start=start,
            end=end,
        ):
            kind = DATE_KINDS.get(row.kind, ReminderKind.ANNIVERSARY)
            occasion = row.label or row.get_kind_display()
            yield Reminder(
                owner_id=row.customer.owner_id,
                customer=row.customer,
                kind=kind,
                due_on=when,
                title=_("%(occasion)s of %(name)s on %(day)s")
                % {"occasion": occasion, "name": row.customer.name, "day": when.isoformat()},
                detail=_("Lunar calendar") if row.calendar == "lunar" else "",
                source_key=f"date:{row.pk}:{when.isoformat()}",
            )


def _holidays(start: date, end: date) -> Iterable[Reminder]:
    greeted = Customer.objects.filter(
        lifecycle_state__in=SERVED_STATES, tier__in=settings.CRM_HOLIDAY_GREETING_TIERS
    ).only("pk", "name", "owner_id")
    for holiday in greeting_holidays_between(start, end):
        for customer in greeted.iterator(chunk_size=BATCH):
            yield Reminder(
                owner_id=customer.owner_id,
                customer=customer,
                kind=ReminderKind.HOLIDAY,
                due_on=holiday.day,
                title=_("%(holiday)s greeting for %(name)s")
                % {"holiday": holiday.name, "name": customer.name},
                source_key=f"holiday:{holiday.key}:{holiday.day.isoformat()}:{customer.pk}",
            )


def _contact_gaps(day: date) -> Iterable[Reminder]:
    for tier, interval in settings.CRM_CONTACT_INTERVALS.items():
        since = timezone.make_aware(datetime.combine(day - timedelta(days=interval), time.min))
        quiet = (
            Customer.objects.filter(lifecycle_state__in=SERVED_STATES, tier=tier)
            .annotate(last_contact=Max("interactions__occurred_at"))
            .filter(Q(last_contact__lt=since) | Q(last_contact__isnull=True, created_at__lt=since))
            .values("pk", "name", "owner_id", "last_contact")
        )
        for row in quiet.iterator(chunk_size=BATCH):
            last = timezone.localdate(row["last_contact"]) if row["last_contact"] else None
            yield Reminder(
                owner_id=row["owner_id"],
                customer_id=row["pk"],
                kind=ReminderKind.CONTACT_GAP,
                due_on=day,
                title=_("No contact with %(name)s for over %(days)d days")
                % {"name": row["name"], "days": interval},
                detail=_("Last contact: %(day)s") % {"day": last.isoformat()} if last else "",
                # one reminder per silence: a new contact starts a new one
                source_key=f"contact-gap:{row['pk']}:{last.isoformat() if last else 'never'}",
            )


def _promises(start: date, end: date) -> Iterable[Reminder]:
    due = Interaction.objects.filter(promise_due__gte=start, promise_due__lte=end).select_related(
        "customer"
    )
    for interaction in due.iterator(chunk_size=BATCH):
        due_on = interaction.promise_due or start
        yield Reminder(
            owner_id=interaction.customer.owner_id,
            customer=interaction.customer,
            kind=ReminderKind.PROMISE_DUE,
            due_on=due_on,
            title=_("Promise to %(name)s due %(day)s")
            % {"name": interaction.customer.name, "day": due_on.isoformat()},
            detail=interaction.promise,
            source_key=f"promise:{interaction.pk}",
        )


def care_reminders_for_day(*, day: date | None = None) -> dict[str, int]:
    """Schedule the care reminders due from `day` to `day` + the lead time; idempotent."""
    day = day or timezone.localdate()
    end = day + timedelta(days=settings.CRM_CARE_LEAD_DAYS)
    # Titles are stored; write them in the product's language, whatever the caller's.
    with override(settings.LANGUAGE_CODE):
        return {
            "dates": _store(_important_dates(day, end)),
            "holidays": _store(_holidays(day, end)),
            "contact_gaps": _store(_contact_gaps(day)),
            "promises": _store(_promises(day, end)),
        }
