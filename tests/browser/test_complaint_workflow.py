from __future__ import annotations

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint
from tests.conftest import Service
from tests.factories import TEST_PASSWORD

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def as_user(browser, live_server):
    contexts = []

    def open_as(username: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        context.set_default_timeout(20_000)
        contexts.append(context)
        tab = context.new_page()
        tab.base_url = live_server.url
        log_in(tab, username, TEST_PASSWORD)
        tab.wait_for_url("**/customers/")
        return tab

    yield open_as
    for context in contexts:
        context.close()


def test_a_complaint_walks_all_eight_steps_as_three_people(world, service: Service, as_user):
    # 1. the account manager records the complaint from the customer page
    manager = as_user("manager")
    manager.goto(f"{manager.base_url}/customers/{world.own.pk}/")
    manager.click(f"a[href='/complaints/new/?customer={world.own.pk}']")
    manager.wait_for_url("**/complaints/new/**")
    manager.select_option("#id_channel", "phone")
    manager.select_option("#id_category", "delivery")
    manager.select_option("#id_severity", "high")
    manager.fill("#id_content", "The sofa arrived three days late.")
    manager.fill("#id_customer_request", "An apology")
    manager.click("button:has-text('Record complaint')")
    expect(manager.locator(".message-success")).to_be_visible()
    complaint = Complaint.objects.get()

    # 2-3. the manager judges it valid and assigns customer service
    manager.check("input[name='judge-valid'][value='true']")
    manager.click("#act-judge button[type=submit]")
    manager.select_option("#id_assign-department", label="Customer service")
    manager.click("#act-assign button[type=submit]")
    expect(manager.locator(".badge.complaint-assigned")).to_be_visible()

    # 4. the department's staff find it in their inbox and analyse the cause
    staff = as_user("svc_staff")
    staff.goto(f"{staff.base_url}/complaints/?box=mine")
    staff.click(f"a[href='/complaints/{complaint.pk}/']")
    staff.select_option("#id_analyse-cause_category", "procedure_gap")
    staff.fill("#id_analyse-cause_detail", "The warehouse booked the wrong slot.")
    staff.click("#act-analyse button[type=submit]")
    expect(staff.locator(".badge.complaint-analysed")).to_be_visible()

    # 5. the manager proposes a resolution with compensation
    manager.reload()
    manager.fill("#id_propose-resolution_actions", "Apologise and give a delivery voucher.")
    manager.select_option("#id_propose-compensation_kind", "voucher")
    manager.fill("#id_propose-compensation_amount", "120")
    manager.click("#act-propose button[type=submit]")
    expect(manager.locator(".badge.complaint-proposed")).to_be_visible()

    # 6. the department's supervisor approves it from the approval queue
    boss = as_user("svc_boss")
    boss.goto(f"{boss.base_url}/complaints/approvals/")
    expect(boss.locator(f"#approval-{complaint.pk}")).to_contain_text(world.own.name)
    expect(boss.locator(".approval").first).to_contain_text("¥120.00")
    screenshot(boss, "complaint-approval-queue")
    boss.click(f"form[action='/complaints/{complaint.pk}/approve/'] button")
    expect(boss.locator(".message-success")).to_be_visible()

    # 7. staff record what was done
    staff.reload()
    staff.fill("#id_implement-implementation", "Voucher sent by SMS; apology call made.")
    staff.fill("#id_implement-implemented_on", "2026-01-05")
    staff.click("#act-implement button[type=submit]")
    expect(staff.locator(".badge.complaint-implemented")).to_be_visible()

    # 8. the manager evaluates with the customer and closes it
    manager.reload()
    manager.fill("#id_evaluate-evaluation", "The customer accepted the apology.")
    manager.select_option("#id_evaluate-customer_opinion", "satisfied")
    manager.click("#act-evaluate button[type=submit]")
    manager.click("#act-close button[type=submit]")
    expect(manager.locator(".badge.complaint-closed")).to_be_visible()
    screenshot(manager, "complaint-closed")

    complaint.refresh_from_db()
    assert complaint.state == "closed"
    assert list(complaint.events.values_list("action", flat=True)) == [
        "record",
        "judge",
        "assign",
        "analyse",
        "propose",
        "approve",
        "implement",
        "evaluate",
        "close",
    ]
