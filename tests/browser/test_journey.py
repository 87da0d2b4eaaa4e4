"""The main journey end to end in a real browser, in English and in Chinese: the account
manager finds a customer, logs a contact and records a complaint; department staff analyse it;
the supervisor approves it from their dashboard; it is carried out, evaluated and closed; the
customer answers the survey that follows; the reports and dashboards show it. Screenshots of
every step land in CI's artifacts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint
from surveys.models import Invitation, SurveyResponse
from surveys.services import campaign_create
from tests.conftest import Service, World
from tests.factories import TEST_PASSWORD
from tests.surveys.conftest import published, questions_of

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME_LINK = {"en": "Home", "zh-hans": "首页"}


@pytest.fixture
def problems() -> list[str]:
    """Console errors and missing resources seen on any page of the journey."""
    return []


@pytest.fixture
def journey(browser, live_server, problems):
    """Opens a browser session per person, all in one language."""
    contexts = []

    def open_as(username: str | None, language: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        tab = context.new_page()
        tab.base_url = live_server.url
        tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        tab.on("response", lambda r: problems.append(r.url) if r.status == 404 else None)
        if username:
            log_in(tab, username, TEST_PASSWORD)
            expect(tab.locator(".sidebar nav a[href='/']")).to_have_text(HOME_LINK[language])
        return tab

    yield open_as
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_main_journey_from_first_contact_to_the_reports(
    world: World, service: Service, journey, problems, language
):
    def shot(tab, step: str) -> None:
        screenshot(tab, f"journey-{language}-{step}")

    # given an automatic survey after each evaluated complaint
    template = published(world)
    campaign_create(
        actor=world.admin, name="After complaints", template=template, kind="after_complaint"
    )
    customer = world.own

    # 1. the manager starts the day on their dashboard and finds the customer
    manager = journey("manager", language)
    expect(manager.locator(".dashboard-manager")).to_be_visible()
    expect(manager.locator("html")).to_have_attribute("lang", language)
    shot(manager, "01-manager-home")
    manager.fill("form[role=search] input[name=q]", customer.name)
    manager.click("form[role=search] button[type=submit]")
    manager.click(f"main a[href='/customers/{customer.pk}/']")
    expect(manager.locator("h1")).to_contain_text(customer.name)

    # 2. logs a contact with a promise
    manager.select_option("#id_channel", "visit")
    manager.fill("#id_summary", "Visited; the sofa delivery was late.")
    manager.fill("#id_promise", "Call back with a solution")
    manager.click(f"form[action='/customers/{customer.pk}/interactions/'] button[type=submit]")
    expect(manager.locator(".message-success")).to_be_visible()
    expect(manager.locator(".timeline-item").first).to_contain_text("Visited; the sofa")
    shot(manager, "02-customer-contact-logged")

    # 3. records the complaint and routes it to customer service
    manager.click(f"a[href='/complaints/new/?customer={customer.pk}']")
    manager.select_option("#id_channel", "phone")
    manager.select_option("#id_category", "delivery")
    manager.select_option("#id_severity", "high")
    manager.fill("#id_content", "The sofa arrived three days late.")
    manager.fill("#id_customer_request", "An apology")
    manager.click("main form.card button[type=submit]")
    expect(manager.locator(".message-success")).to_be_visible()
    complaint = Complaint.objects.get()
    manager.check("input[name='judge-valid'][value='true']")
    manager.click("#act-judge button[type=submit]")
    manager.select_option("#id_assign-department", str(service.department.pk))
    manager.click("#act-assign button[type=submit]")
    expect(manager.locator(".badge.complaint-assigned")).to_be_visible()
    shot(manager, "03-complaint-assigned")

    # 4. department staff find it waiting on their dashboard and analyse the cause
    staff = journey("svc_staff", language)
    staff.click(f".dashboard a[href='/complaints/{complaint.pk}/']")
    staff.select_option("#id_analyse-cause_category", "procedure_gap")
    staff.fill("#id_analyse-cause_detail", "The warehouse booked the wrong slot.")
    staff.click("#act-analyse button[type=submit]")
    expect(staff.locator(".badge.complaint-analysed")).to_be_visible()
    shot(staff, "04-staff-analysed")

    # 5. the manager proposes a resolution
    manager.reload()
    manager.fill("#id_propose-resolution_actions", "Apologise and give a delivery voucher.")
    manager.select_option("#id_propose-compensation_kind", "voucher")
    manager.fill("#id_propose-compensation_amount", "120")
    manager.click("#act-propose button[type=submit]")
    expect(manager.locator(".badge.complaint-proposed")).to_be_visible()

    # 6. the supervisor sees it among the approvals on their dashboard and approves it
    boss = journey("svc_boss", language)
    expect(boss.locator(".dashboard-department")).to_be_visible()
    expect(boss.locator("#h-approvals + ul")).to_contain_text(customer.name)
    shot(boss, "05-supervisor-home")
    boss.click(".dashboard a[href='/complaints/approvals/']")
    expect(boss.locator(f"#approval-{complaint.pk}")).to_contain_text(customer.name)
    expect(boss.locator(".approval").first).to_contain_text("¥120.00")
    boss.click(f"form[action='/complaints/{complaint.pk}/approve/'] button")
    expect(boss.locator(".message-success")).to_be_visible()

    # 7. staff carry it out; the manager evaluates it with the customer and closes it
    staff.goto(f"{staff.base_url}/complaints/{complaint.pk}/")
    staff.fill("#id_implement-implementation", "Voucher sent by SMS; apology call made.")
    staff.fill("#id_implement-implemented_on", "2026-01-05")
    staff.click("#act-implement button[type=submit]")
    expect(staff.locator(".badge.complaint-implemented")).to_be_visible()
    manager.reload()
    manager.fill("#id_evaluate-evaluation", "The customer accepted the apology.")
    manager.select_option("#id_evaluate-customer_opinion", "satisfied")
    manager.click("#act-evaluate button[type=submit]")
    expect(manager.locator(".badge.complaint-evaluated")).to_be_visible()
    manager.click("#act-close button[type=submit]")
    expect(manager.locator(".badge.complaint-closed")).to_be_visible()
    shot(manager, "06-complaint-closed")
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

    # 8. the customer answers the survey the evaluation sent them, without logging in
    invitation = Invitation.objects.get(customer=customer, source=f"complaint:{complaint.pk}")
    questions = questions_of(template)
    public = journey(None, language)
    public.goto(f"{public.base_url}/surveys/r/{invitation.token}/?lang={language}")
    title = template.title_zh if language == "zh-hans" else template.title_en
    expect(public.locator("h1")).to_have_text(title)

    def pick(name: str, value: int) -> None:
        public.locator(f"input[name={name}][value='{value}']").check(force=True)

    pick(f"q{questions['Overall satisfaction'].pk}", 5)
    pick(f"q{questions['Would you recommend us?'].pk}", 10)
    for aspect, (expected, perceived) in {"Delivery": (4, 3), "Quality": (4, 5)}.items():
        pick(f"q{questions[aspect].pk}_expected", expected)
        pick(f"q{questions[aspect].pk}_perceived", perceived)
    public.locator(f"input[name=q{questions['Knew us before?'].pk}][value='yes']").check()
    shot(public, "07-customer-survey")
    public.click("form button[type=submit]")
    public.wait_for_selector(".survey-message")
    response = SurveyResponse.objects.get()
    assert (response.customer_id, response.nps) == (customer.pk, 10)

    # 9. the reports show it: the department's satisfaction, the complaint analysis
    east = journey("supervisor", language)
    trend = east.locator("#satisfaction-table tbody tr").last
    expect(trend).to_have_attribute("data-nps", "100.0")
    east.wait_for_function("document.getElementById('satisfaction-chart').width > 0")
    shot(east, "08-department-satisfaction")
    east.goto(f"{east.base_url}/surveys/dashboard/")
    expect(east.locator("table").first).to_contain_text("100")
    shot(east, "09-satisfaction-dashboard")
    east.goto(f"{east.base_url}/complaints/analytics/")
    expect(east.locator(".stat-value").first).to_have_text("1")  # complaints in the period
    shot(east, "10-complaint-analysis")
    manager.goto(f"{manager.base_url}/")
    expect(manager.locator("#satisfaction-table tbody tr").last).to_have_attribute(
        "data-nps", "100.0"
    )
    shot(manager, "11-manager-home-after")

    # and no page logged a script or policy error along the way
    assert problems == []
