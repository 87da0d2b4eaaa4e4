"""The care inbox in a real browser: a manager closes a birthday reminder by logging the call."""

from __future__ import annotations

import pytest
from django.utils import timezone

from care.services import reminder_schedule
from customers.models import Interaction
from tests.factories import TEST_PASSWORD, make_customer

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_marks_a_birthday_reminder_done_and_the_call_is_logged(page, world):
    # given a birthday reminder for a customer with a personality type and preferences
    customer = make_customer(
        owner=world.manager, name="Ms Tea", personality_type="composed", preferences="Oolong"
    )
    reminder, _created = reminder_schedule(
        customer=customer,
        kind="birthday",
        due_on=timezone.localdate(),
        title="Birthday of Ms Tea",
        source_key="browser:birthday",
    )

    # when the manager opens the inbox and logs the call
    log_in(page, "manager", TEST_PASSWORD)
    page.goto(f"{page.base_url}/care/")
    card = page.locator(f"#reminder-{reminder.pk}")
    assert "Analyse and compare" in card.inner_text()
    screenshot(page, "care-inbox")
    card.locator("select[name=channel]").select_option("phone")
    card.locator("input[name=summary]").fill("Wished her a happy birthday")
    card.get_by_role("button", name="Done").click()

    # then the inbox is empty of it and the call is in the contact log
    page.wait_for_selector(".message-success")
    assert page.locator(f"#reminder-{reminder.pk}").count() == 0
    reminder.refresh_from_db()
    assert reminder.status == "done"
    assert Interaction.objects.filter(customer=customer, summary__startswith="Wished").count() == 1
