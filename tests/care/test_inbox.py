"""The care inbox: each manager's reminders with advice; done logs a contact; snooze and
dismiss; the same rules in the API; others' reminders are not found."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from care.models import Reminder
from care.services import reminder_schedule
from customers.models import Interaction
from tests.factories import make_customer


@pytest.fixture
def reminder(world):
    customer = make_customer(
        owner=world.manager,
        name="Tea lover",
        personality_type="composed",
        preferences="Oolong tea, calligraphy",
        taboos="No clocks as gifts",
    )
    made, _created = reminder_schedule(
        customer=customer,
        kind="birthday",
        due_on=timezone.localdate(),
        title="Birthday of Tea lover",
        source_key="test:birthday",
    )
    return made


def test_the_inbox_shows_the_managers_reminders_with_advice_and_gift_hints(
    world, reminder, page_as
):
    page = page_as("manager").get("/care/")

    body = page.content.decode()
    assert page.status_code == 200
    assert "Birthday of Tea lover" in body
    assert "Analyse and compare" in body  # the personality type's service advice
    assert "Oolong tea" in body
    assert "No clocks as gifts" in body
    assert "Birthday of Tea lover" not in page_as("colleague").get("/care/").content.decode()


def test_done_logs_the_contact_and_closes_the_reminder(world, reminder, page_as):
    answer = page_as("manager").post(
        f"/care/reminders/{reminder.pk}/done/",
        {"channel": "phone", "summary": "Sang happy birthday"},
    )

    reminder.refresh_from_db()
    assert answer.status_code == 302
    assert reminder.status == "done"
    assert reminder.interaction == Interaction.objects.get(summary="Sang happy birthday")


def test_snooze_and_dismiss_through_the_api(world, reminder, api_as):
    client = api_as("manager")
    tomorrow = timezone.localdate() + timedelta(days=1)

    snoozed = client.post(
        f"/api/v1/reminders/{reminder.pk}/snooze/", {"until": tomorrow.isoformat()}
    )
    past = client.post(f"/api/v1/reminders/{reminder.pk}/snooze/", {"until": "2000-01-01"})
    dismissed = client.post(
        f"/api/v1/reminders/{reminder.pk}/dismiss/", {"reason": "Called already"}
    )
    again = client.post(f"/api/v1/reminders/{reminder.pk}/dismiss/", {})

    assert snoozed.status_code == 200
    assert snoozed.json()["effective_due_on"] == tomorrow.isoformat()
    assert past.status_code == 400
    assert "until" in past.json()["errors"]
    assert dismissed.json()["status"] == "dismissed"
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("role", "status"), [("colleague", 404), ("outsider", 404), ("supervisor", 200)]
)
def test_other_peoples_reminders_are_not_found(world, reminder, api_as, role, status):
    assert api_as(role).get(f"/api/v1/reminders/{reminder.pk}/").status_code == status


def test_the_api_lists_advice_with_each_reminder(world, reminder, api_as):
    rows = api_as("manager").get("/api/v1/reminders/", {"mine": "true"}).json()["results"]

    assert [row["id"] for row in rows] == [reminder.pk]
    assert rows[0]["advice"]["likes"] == "Oolong tea, calligraphy"
    assert Reminder.objects.count() == 1
