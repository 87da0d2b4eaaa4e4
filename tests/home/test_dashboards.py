"""The home dashboards: an account manager's day, a supervisor's department; each shows only
what its viewer may see and runs a fixed number of queries however much there is."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from analytics.churn import churn_analyse
from analytics.selectors import add_months
from care.services import reminder_schedule
from complaints.models import Complaint
from complaints.services import complaint_record, complaint_transition
from customers.models import Customer
from home.dashboards import Change
from tests.complaints.conftest import RECORD
from tests.conftest import World
from tests.factories import ProductFactory, make_customer, make_interaction, make_order

HOME_CEILING = 18  # supervisor 18, admin 14, manager 12, staff 8


@pytest.fixture
def product():
    return ProductFactory.create(list_price=Decimal("100.00"), unit_cost=Decimal("60.00"))


def _buy(customer: Customer, product, on: date, quantity: int = 1) -> None:
    make_order(customer=customer, product=product, quantity=quantity, ordered_on=on)


def _slipping(owner: User, product, name: str) -> Customer:
    """A customer who bought a lot four months ago and almost nothing since: at risk."""
    customer = make_customer(owner=owner, name=name)
    today = timezone.localdate()
    _buy(customer, product, today - timedelta(days=150), quantity=20)
    _buy(customer, product, today - timedelta(days=120), quantity=20)
    _buy(customer, product, today - timedelta(days=80))
    return customer


def _remind(customer: Customer, title: str, due_in_days: int = 0) -> None:
    reminder_schedule(
        customer=customer,
        kind="contact_gap",
        due_on=timezone.localdate() + timedelta(days=due_in_days),
        title=title,
        source_key=f"test:{title}",
    )


def _proposed(world: World, customer: Customer, manager: User) -> Complaint:
    """A complaint routed to the east department and proposed there: the supervisor's to
    decide."""
    complaint = complaint_record(customer=customer, actor=manager, values=RECORD)
    steps = [
        ("judge", manager, {"valid": "true"}),
        ("assign", manager, {"department": str(world.manager.department_id)}),
        ("analyse", world.staff, {"cause_category": "procedure_gap", "cause_detail": "Late."}),
        (
            "propose",
            manager,
            {
                "resolution_actions": "Apologise.",
                "compensation_kind": "voucher",
                "compensation_amount": "50.00",
            },
        ),
    ]
    for action, actor, values in steps:
        complaint = complaint_transition(
            complaint=complaint, actor=actor, action=action, values=values
        )
    return complaint


def _routed(world: World, department_id: object) -> Complaint:
    """A complaint about the manager's customer, judged valid and routed to a department."""
    complaint = complaint_record(customer=world.own, actor=world.manager, values=RECORD)
    for action, values in (
        ("judge", {"valid": "true"}),
        ("assign", {"department": str(department_id)}),
    ):
        complaint = complaint_transition(
            complaint=complaint, actor=world.manager, action=action, values=values
        )
    return complaint


@pytest.fixture(autouse=True)
def _mid_month(settings):
    """Day 15 of a month, so "this month" and "last month" both have room for orders; a
    score of 30 counts as at risk."""
    settings.CRM_CHURN_AT_RISK_SCORE = 30
    settings.CRM_LOST_AFTER_DAYS = 365
    with time_machine.travel(
        datetime(2026, 11, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        yield


def test_a_managers_day_shows_their_reminders_risks_complaints_promises_and_sales(
    world, product, page_as
):
    # given the manager's own work and the colleague's beside it
    today = timezone.localdate()
    _remind(world.own, "Call Own customer")
    _remind(world.own, "Next week's call", due_in_days=5)
    _remind(world.same_department, "Colleague's call")
    _slipping(world.manager, product, "Slipping away")
    _slipping(world.colleague, product, "Colleague's slipping")
    churn_analyse()
    complaint_record(customer=world.own, actor=world.manager, values=RECORD)
    complaint_record(customer=world.same_department, actor=world.colleague, values=RECORD)
    make_interaction(
        customer=world.own, promise="Send the new catalogue", promise_due=today + timedelta(3)
    )
    make_interaction(
        customer=world.own, promise="Visit in spring", promise_due=today + timedelta(30)
    )
    make_interaction(
        customer=world.same_department, promise="Colleague's promise", promise_due=today
    )
    _buy(world.own, product, today, quantity=3)  # 300 this month
    _buy(world.own, product, add_months(today, -1) + timedelta(days=3), quantity=2)  # 200
    _buy(world.same_department, product, today, quantity=7)

    # when the manager opens the home page
    page = page_as("manager").get("/")

    # then it is their day, and only theirs
    assert page.status_code == 200
    day = page.context["day"]
    # (the churn analysis reminded them of the at-risk customer too)
    assert sorted(r.customer.name for r in day.reminders) == ["Own customer", "Slipping away"]
    assert day.reminders_due == 2
    assert [s.customer.name for s in day.at_risk] == ["Slipping away"]
    assert [c.customer_id for c in day.complaints] == [world.own.pk]
    assert day.complaint_counts["waiting"] == 1
    assert [i.promise for i in day.promises] == ["Send the new catalogue"]
    assert day.sales == Change(Decimal("300.00"), Decimal("200.00"))
    assert day.sales.percent == 50.0
    assert (day.orders.now, day.orders.before) == (1, 1)
    body = page.content.decode()
    for shown in ("Call Own customer", "Slipping away", "Send the new catalogue", "▲ 50.0%"):
        assert shown in body
    for hidden in ("Colleague&#x27;s", "Colleague's", "Visit in spring", "Next week"):
        assert hidden not in body


def test_the_supervisor_sees_approvals_overdue_complaints_and_their_managers_compared(
    world, product, page_as
):
    # given a proposal in the east department, an overdue complaint, and sales by two managers
    today = timezone.localdate()
    proposal = _proposed(world, world.same_department, world.colleague)
    with time_machine.travel(timezone.now() - timedelta(days=10), tick=False):
        late = complaint_record(customer=world.own, actor=world.manager, values=RECORD)
    complaint_record(customer=world.other_department, actor=world.outsider, values=RECORD)
    _buy(world.own, product, today, quantity=4)
    _buy(world.same_department, product, today, quantity=1)
    _buy(world.same_department, product, add_months(today, -1), quantity=2)
    _buy(world.other_department, product, today, quantity=9)

    # when the east supervisor opens the home page
    page = page_as("supervisor").get("/")

    # then the department's work and figures, without the west's
    assert page.status_code == 200
    view = page.context["department"]
    assert [c.pk for c in view.approvals] == [proposal.pk]
    assert view.approvals_count == 1
    assert [c.pk for c in view.overdue] == [late.pk]
    assert view.complaints_received.now == 2  # the west's complaint is not counted
    assert view.sales == Change(Decimal("500.00"), Decimal("200.00"))
    compared = {row.manager.username: row for row in view.managers}
    assert set(compared) == {"manager", "colleague"}
    assert compared["manager"].sales == Change(Decimal("400.00"), Decimal(0))
    assert compared["manager"].sales.percent is None
    assert compared["colleague"].sales == Change(Decimal("100.00"), Decimal("200.00"))
    assert compared["manager"].open_complaints == 1
    assert compared["colleague"].open_complaints == 1
    assert "Other department" not in page.content.decode()


def test_the_other_departments_supervisor_sees_none_of_it(world, product, page_as):
    # given east's proposal and sales
    _proposed(world, world.same_department, world.colleague)
    _buy(world.own, product, timezone.localdate(), quantity=4)

    # when the west supervisor looks
    view = page_as("other_supervisor").get("/").context["department"]

    # then nothing of east's shows
    assert view.approvals == []
    assert view.sales.now == 0
    assert [row.manager.username for row in view.managers] == ["outsider"]


def test_department_staff_see_complaint_work_but_no_sales_or_manager_comparison(
    world, product, page_as
):
    # given an analysis waiting on east's staff and sales in the department
    complaint = _routed(world, world.manager.department_id)
    _buy(world.own, product, timezone.localdate(), quantity=4)

    # when staff open the home page
    page = page_as("staff").get("/")

    # then their analysis is waiting; no sales figures are shown
    view = page.context["department"]
    assert [c.pk for c in view.waiting] == [complaint.pk]
    assert view.managers == []
    assert "Sales this month" not in page.content.decode()


def test_the_admin_compares_every_manager(world, product, page_as):
    _buy(world.other_department, product, timezone.localdate(), quantity=1)

    view = page_as("admin").get("/").context["department"]

    assert {row.manager.username for row in view.managers} == {"manager", "colleague", "outsider"}
    assert view.sales.now == Decimal("100.00")


@pytest.mark.parametrize("role", ["manager", "supervisor", "staff", "admin"])
def test_home_runs_the_same_number_of_queries_however_much_there_is(world, product, page_as, role):
    client = page_as(role)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    # given a little of everything
    def add(n: int) -> None:
        for index in range(n):
            customer = _slipping(world.manager, product, f"Risky {n}-{index}")
            _remind(customer, f"Call {n}-{index}")
            _proposed(world, customer, world.manager)
            make_interaction(
                customer=customer, promise="Catalogue", promise_due=timezone.localdate()
            )
        churn_analyse()

    add(1)
    few = queries()

    # when there is several times as much
    add(4)
    many = queries()

    # then the page costs the same, within the ceiling
    assert many == few
    assert many <= HOME_CEILING


def test_a_service_departments_supervisor_counts_the_complaints_it_handles(world, service):
    # given a complaint about an east customer routed to the customer-service department
    _routed(world, service.department.pk)
    client = Client()
    client.force_login(service.supervisor)

    # when the customer-service supervisor opens the home page
    view = client.get("/").context["department"]

    # then the complaint counts among the department's, though the customer is east's
    assert view.complaints_received.now == 1
    assert view.complaint_counts == {"open": 1, "overdue": 0}
    assert view.sales.now == 0  # sales stay with the customers' own department
