"""The daily care job under a frozen clock: solar, leap-day and lunar birthdays, the lunar
festivals in two different years, contact gaps by tier, promises; reruns create nothing."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from care.models import Reminder
from care.reminders_daily import care_reminders_for_day
from customers.models import Interaction
from tests.factories import make_customer, make_interaction

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _on(day: date):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 6, 30, tzinfo=SHANGHAI), tick=False
    )


def _birthday(world, *, calendar: str, month: int, day: int, leap: bool = False):
    return make_customer(
        owner=world.manager,
        name=f"{calendar} {month}-{day}",
        lifecycle_state="current",
        important_dates=[
            {
                "kind": "birthday",
                "calendar": calendar,
                "month": month,
                "day": day,
                "is_leap_month": leap,
            }
        ],
    )


def test_a_leap_day_birthday_is_remembered_on_28_february_in_common_years(world):
    # given a customer born on 29 February
    customer = _birthday(world, calendar="solar", month=2, day=29)

    # when the job runs a few days before, in a common year and in a leap year
    with _on(date(2027, 2, 26)):
        care_reminders_for_day()
    with _on(date(2028, 2, 27)):
        care_reminders_for_day()

    # then the birthday falls on the 28th in 2027 and on the 29th in 2028
    due = sorted(
        Reminder.objects.filter(customer=customer, kind="birthday").values_list("due_on", flat=True)
    )
    assert due == [date(2027, 2, 28), date(2028, 2, 29)]


def test_a_lunar_birthday_follows_the_lunar_calendar(world):
    # given a customer whose birthday is the 15th of the 8th lunar month
    customer = _birthday(world, calendar="lunar", month=8, day=15)

    # when the job runs before Mid-Autumn in two years
    with _on(date(2026, 9, 23)):
        care_reminders_for_day()
    with _on(date(2027, 9, 13)):
        care_reminders_for_day()

    # then the reminders fall on the solar dates of that lunar day
    due = sorted(
        Reminder.objects.filter(customer=customer, kind="birthday").values_list("due_on", flat=True)
    )
    assert due == [date(2026, 9, 25), date(2027, 9, 15)]


@pytest.mark.parametrize(
    ("run_on", "festival"),
    [(date(2026, 2, 15), date(2026, 2, 17)), (date(2027, 2, 4), date(2027, 2, 6))],
)
def test_spring_festival_greetings_fall_on_the_lunar_new_year_of_each_year(world, run_on, festival):
    # given a gold customer and a silver one
    gold = make_customer(owner=world.manager, name="Gold", tier="gold", lifecycle_state="current")
    silver = make_customer(owner=world.manager, name="Silver", lifecycle_state="current")

    # when the job runs two days before the Spring Festival
    with _on(run_on):
        care_reminders_for_day()

    # then the gold customer (greeted tiers) gets a Spring Festival greeting on the day
    greeting = Reminder.objects.get(customer=gold, kind="holiday")
    assert greeting.due_on == festival
    assert "Spring Festival" in greeting.title
    assert not Reminder.objects.filter(customer=silver, kind="holiday").exists()


def test_running_the_same_day_twice_creates_nothing_twice(world):
    # given occasions of every kind
    _birthday(world, calendar="solar", month=3, day=2)
    with _on(date(2026, 1, 2)):
        make_customer(
            owner=world.manager, name="Quiet", tier="one_to_one", lifecycle_state="current"
        )
    with _on(date(2026, 2, 27)):
        first = care_reminders_for_day()
        count = Reminder.objects.count()

        # when the job runs again the same day
        second = care_reminders_for_day()

    # then the second run found everything already scheduled
    assert first["dates"] >= 1
    assert first["contact_gaps"] >= 1
    assert second == {"dates": 0, "holidays": 0, "contact_gaps": 0, "promises": 0}
    assert Reminder.objects.count() == count


def test_contact_gaps_follow_the_tier_and_a_new_contact_starts_a_new_one(world):
    # given a one-to-one and a gold customer last contacted 20 days ago
    with _on(date(2026, 5, 1)):
        close = make_customer(
            owner=world.manager, name="One-to-one", tier="one_to_one", lifecycle_state="current"
        )
        gold = make_customer(
            owner=world.manager, name="Gold", tier="gold", lifecycle_state="current"
        )
        for customer in (close, gold):
            make_interaction(customer=customer, actor=world.manager)

    # when the job runs 20 days later
    with _on(date(2026, 5, 21)):
        care_reminders_for_day()

    # then only the one-to-one customer (every 14 days) is due a contact; gold waits for 30
    assert list(Reminder.objects.filter(kind="contact_gap").values_list("customer", flat=True)) == [
        close.pk
    ]

    # when the manager calls, and 15 days later the job runs again
    with _on(date(2026, 5, 22)):
        make_interaction(customer=close, actor=world.manager)
    with _on(date(2026, 6, 6)):
        care_reminders_for_day()

    # then a second gap has its own reminder, and gold is now due too
    assert Reminder.objects.filter(kind="contact_gap", customer=close).count() == 2
    assert Reminder.objects.filter(kind="contact_gap", customer=gold).count() == 1


def test_a_promise_falling_due_reminds_its_owner(world):
    # given a promise due in two days
    with _on(date(2026, 7, 1)):
        make_interaction(
            customer=world.own,
            actor=world.manager,
            promise="Send the catalogue",
            promise_due=date(2026, 7, 3),
        )
        care_reminders_for_day()

    # then it is in the manager's inbox with the promise
    reminder = Reminder.objects.get(kind="promise_due")
    assert (reminder.owner, reminder.due_on, reminder.detail) == (
        world.manager,
        date(2026, 7, 3),
        "Send the catalogue",
    )
    assert Interaction.objects.filter(promise="Send the catalogue").count() == 1
