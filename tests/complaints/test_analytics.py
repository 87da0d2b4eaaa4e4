"""Complaint analytics against hand-computed numbers."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from complaints.analytics import complaint_analytics
from complaints.models import Complaint, ComplaintEvent
from complaints.services import complaint_record
from tests.factories import make_customer, make_order

from .conftest import RECORD, record, walk


def test_rates_on_the_spot_retention_and_step_times(world, service):
    today = timezone.localdate()  # the day the test runs, read once
    # given three complaints by the manager's one customer: one on the spot, one closed later,
    # one still open; the customer buys again after all of them
    spot = record(world, resolved_on_the_spot="on")
    later = walk(record(world), world, service, "closed")
    open_one = record(world)
    three_days_ago = timezone.now() - timedelta(days=3)
    Complaint.objects.update(received_at=three_days_ago)
    Complaint.objects.filter(closed_at__isnull=False).update(closed_at=three_days_ago)
    make_order(customer=world.own, ordered_on=today)
    # the judge step of `later` took 10 hours
    judge = later.events.get(action="judge")
    ComplaintEvent.objects.filter(pk=judge.pk).update(
        at=later.events.get(action="record").at + timedelta(hours=10)
    )

    # when
    report = complaint_analytics(
        user=world.manager, date_from=today - timedelta(days=30), date_to=today
    )

    # then (the manager sees one customer: 3 complaints per 1 customer = 300 per hundred)
    assert report.total == 3
    assert report.on_the_spot_rate == round(100 / 3, 1)
    tiers = {row.key: row for row in report.by_segment["tier"]}
    assert tiers["silver"].complaints == 3
    assert tiers["silver"].customers == 1
    assert tiers["silver"].per_hundred == 300.0
    retention = {row["key"]: row for row in report.retention}
    assert retention["on_the_spot"]["share"] == 100.0
    assert retention["unresolved"]["complainants"] == 1
    steps = {state: hours for state, _label, hours, _n in report.step_hours}
    assert steps["recorded"] == 10.0
    assert report.by_cause[0][0] == "procedure_gap"
    assert spot.pk != open_one.pk


def test_a_customer_who_did_not_come_back_counts_against_retention(world, service):
    today = timezone.localdate()  # the day the test runs, read once
    walk(record(world), world, service, "closed")
    make_order(customer=world.own, ordered_on=today - timedelta(days=60))  # before the complaint

    report = complaint_analytics(
        user=world.manager, date_from=today - timedelta(days=30), date_to=today
    )

    later = next(row for row in report.retention if row["key"] == "later")
    assert (later["complainants"], later["bought_again"], later["share"]) == (1, 0, 0.0)


def test_breach_rate_counts_complaints_that_were_ever_overdue(world):
    today = timezone.localdate()  # the day the test runs, read once
    from complaints.services import complaint_escalate_overdue

    late = record(world)
    record(world)
    Complaint.objects.filter(pk=late.pk).update(step_deadline=timezone.now() - timedelta(hours=1))
    complaint_escalate_overdue()

    report = complaint_analytics(
        user=world.manager, date_from=today - timedelta(days=1), date_to=today
    )

    assert report.breach_rate == 50.0


def test_analytics_only_counts_what_the_user_may_see(world):
    today = timezone.localdate()  # the day the test runs, read once
    record(world)

    other = complaint_analytics(user=world.outsider, date_from=date(2000, 1, 1), date_to=today)
    admin = complaint_analytics(user=world.admin, date_from=date(2000, 1, 1), date_to=today)

    assert other.total == 0
    assert admin.total == 1


def test_customers_without_a_region_are_one_not_set_segment(world):
    # given a complaint by the manager's customer without a region
    nowhere = make_customer(owner=world.manager, name="Nowhere Ltd", region=None)
    complaint_record(customer=nowhere, actor=world.manager, values=RECORD)
    today = timezone.localdate()  # the day the test runs, read once

    # when
    report = complaint_analytics(user=world.manager, date_from=today, date_to=today)

    # then it is counted under "Not set", the customer with a region under its region
    regions = {row.label: row for row in report.by_segment["region"]}
    assert (regions["Not set"].complaints, regions["Not set"].customers) == (1, 1)
    assert (
        regions[world.own.region.name].complaints,
        regions[world.own.region.name].customers,
    ) == (0, 1)
