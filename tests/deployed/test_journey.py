"""The main journey against the installation as deployed, in English and in Chinese, on the demo
data: the account manager finds one of their customers, logs a contact and records a complaint;
department staff analyse it; the service supervisor approves it; it is carried out, evaluated and
closed; the Celery worker e-mails the customer the survey that follows (through Redis, the real
e-mail backend writing to CRM_MAIL_DIR); the customer answers from the link in that e-mail; the
department's dashboard counts the answer. Along the way no page may log a script or policy
error or fail to load a file (hashed static names, WhiteNoise, the TLS proxy)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo import vocabulary
from tests.browser.conftest import screenshot

from .conftest import BASE_URL, body_of, deployed, mail_ids, sent_mail

pytestmark = [*deployed, pytest.mark.browser]

MANAGER, STAFF, APPROVER, SUPERVISOR = "zhang.wei", "he.jun", "ma.lin", "zhou.min"
SERVICE_DEPARTMENT = vocabulary.DEPARTMENTS["service"]
HOME_LINK = {"en": "Home", "zh-hans": "首页"}


@pytest.fixture
def problems() -> list[str]:
    return []


@pytest.fixture
def journey(browser, problems):
    contexts = []

    def open_as(username: str | None, language: str):
        # the CI proxy's certificate is its own, made for the run
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, ignore_https_errors=True
        )
        context.add_cookies([{"name": "django_language", "value": language, "url": BASE_URL}])
        context.set_default_timeout(30_000)
        contexts.append(context)
        tab = context.new_page()
        tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        tab.on(
            "response",
            lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        tab.on("requestfailed", lambda r: problems.append(f"failed {r.url}"))
        if username:
            tab.goto(f"{BASE_URL}/accounts/login/")
            tab.fill("#id_username", username)
            tab.fill("#id_password", vocabulary.DEMO_PASSWORD)
            tab.click("button[type=submit]")
            tab.wait_for_selector(".dashboard")
            expect(tab.locator(".sidebar nav a[href='/']")).to_have_text(HOME_LINK[language])
        return tab

    yield open_as
    for context in contexts:
        context.close()


def _responses_by_month(tab) -> dict[str, int]:
    """The department satisfaction table of a dashboard: answers per month."""
    rows = tab.locator("#satisfaction-table tbody tr")
    return {
        row.get_attribute("data-month"): int(row.locator("td").nth(1).inner_text())
        for row in rows.all()
    }


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_main_journey_on_the_deployed_installation(journey, problems, language):
    def shot(tab, step: str) -> None:
        screenshot(tab, f"deployed-{language}-{step}")

    # given the east supervisor's count of answers so far, and what was e-mailed before
    east = journey(SUPERVISOR, language)
    before = _responses_by_month(east)
    seen = mail_ids()

    # 1. the manager starts on their dashboard and finds a customer of theirs with an e-mail
    manager = journey(MANAGER, language)
    expect(manager.locator(".dashboard-manager")).to_be_visible()
    expect(manager.locator("html")).to_have_attribute("lang", language)
    listing: dict[str, Any] = manager.request.get(
        f"{BASE_URL}/api/v1/customers/?page_size=100"
    ).json()
    # a different one per language, so the two runs do not share a customer
    mailable = [c for c in listing["results"] if c["email"]]
    customer = mailable[["en", "zh-hans"].index(language)]
    manager.fill("form[role=search] input[name=q]", customer["name"])
    manager.click("form[role=search] button[type=submit]")
    manager.click(f"main a[href='/customers/{customer['id']}/']")
    expect(manager.locator("h1")).to_contain_text(customer["name"])
    shot(manager, "01-customer")

    # 2. logs a contact with a promise
    manager.select_option("#id_channel", "visit")
    manager.fill("#id_summary", f"Visited ({language}); the sofa delivery was late.")
    manager.fill("#id_promise", "Call back with a solution")
    manager.click(f"form[action='/customers/{customer['id']}/interactions/'] button[type=submit]")
    expect(manager.locator(".message-success")).to_be_visible()
    expect(manager.locator(".timeline-item").first).to_contain_text(f"Visited ({language})")

    # 3. records the complaint and routes it to customer service
    manager.click(f"a[href='/complaints/new/?customer={customer['id']}']")
    manager.select_option("#id_channel", "phone")
    manager.select_option("#id_category", "delivery")
    manager.select_option("#id_severity", "high")
    manager.fill("#id_content", "The sofa arrived three days late.")
    manager.fill("#id_customer_request", "An apology")
    manager.click("main form.card button[type=submit]")
    expect(manager.locator(".message-success")).to_be_visible()
    found = re.search(r"/complaints/(\d+)/", manager.url)
    assert found, manager.url
    complaint = f"/complaints/{found.group(1)}/"
    manager.check("input[name='judge-valid'][value='true']")
    manager.click("#act-judge button[type=submit]")
    manager.select_option("#id_assign-department", label=SERVICE_DEPARTMENT)
    manager.click("#act-assign button[type=submit]")
    expect(manager.locator(".badge.complaint-assigned")).to_be_visible()
    shot(manager, "02-complaint-assigned")

    # 4. department staff analyse the cause
    staff = journey(STAFF, language)
    staff.goto(f"{BASE_URL}{complaint}")
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

    # 6. the service supervisor approves it from the approvals page their dashboard links to
    boss = journey(APPROVER, language)
    boss.click(".dashboard a[href='/complaints/approvals/']")
    expect(boss.locator(f"#approval-{found.group(1)}")).to_contain_text(customer["name"])
    boss.click(f"form[action='{complaint}approve/'] button")
    expect(boss.locator(".message-success")).to_be_visible()
    shot(boss, "03-approved")

    # 7. staff carry it out; the manager evaluates it with the customer and closes it
    staff.goto(f"{BASE_URL}{complaint}")
    staff.fill("#id_implement-implementation", "Voucher sent by SMS; apology call made.")
    # a day the server cannot call future: the same clock, one day back
    staff.fill("#id_implement-implemented_on", str(timezone.localdate() - timedelta(days=1)))
    staff.click("#act-implement button[type=submit]")
    expect(staff.locator(".badge.complaint-implemented")).to_be_visible()
    manager.reload()
    manager.fill("#id_evaluate-evaluation", "The customer accepted the apology.")
    manager.select_option("#id_evaluate-customer_opinion", "satisfied")
    manager.click("#act-evaluate button[type=submit]")
    expect(manager.locator(".badge.complaint-evaluated")).to_be_visible()
    manager.click("#act-close button[type=submit]")
    expect(manager.locator(".badge.complaint-closed")).to_be_visible()
    shot(manager, "04-complaint-closed")

    # 8. the worker e-mails the survey; the customer answers from the link, without logging in
    message = sent_mail(customer["email"], containing="/surveys/r/", seen=seen)
    link = re.search(r"https?://\S+/surveys/r/[\w-]+/", body_of(message))
    assert link, body_of(message)
    public = journey(None, language)
    public.goto(f"{link.group(0)}?lang={language}")
    expect(public.locator("h1")).to_be_visible()
    for name in sorted(
        set(public.locator("input[type=radio]").evaluate_all("(e) => e.map(i => i.name)"))
    ):
        # the highest choice of every scale (10 for the recommendation), the first of the rest
        options = public.locator(f"input[type=radio][name='{name}']")
        chosen = options.last if options.count() > 2 else options.first
        chosen.check(force=True)
    comment = public.locator("textarea")
    expect(comment).to_have_value("")
    comment.fill("Fast and friendly.")
    shot(public, "05-survey")
    public.click("form button[type=submit]")
    expect(public.locator(".survey-message")).to_be_visible()
    shot(public, "06-survey-thanks")

    # 9. the department's dashboard counts the answer; the reports open
    east.reload()
    after = _responses_by_month(east)
    assert sum(count - before.get(month, 0) for month, count in after.items()) == 1
    east.wait_for_function("document.getElementById('satisfaction-chart').width > 0")
    shot(east, "07-department-satisfaction")
    for report in ("/surveys/dashboard/", "/complaints/analytics/", "/analytics/consumption/"):
        east.goto(f"{BASE_URL}{report}")
        expect(east.locator("main h1")).to_be_visible()
    shot(east, "08-consumption")

    # and no page logged a script or policy error or missed a file along the way
    assert problems == []
