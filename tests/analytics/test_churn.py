"""Nightly churn analysis: scores with reasons, reminders for newly at-risk customers, the
lifecycle rules with history, and reruns that change nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from analytics.churn import churn_analyse
from analytics.models import OrderRollup
from analytics.rollup import rollup_rebuild
from care.models import ChurnScore, CustomerLoss, Reminder
from care.risk import reason_text
from care.selectors import loss_report
from care.services import customer_loss_open
from crm.celery import app as celery_app
from customers.models import Customer, LifecycleChange
from tests.factories import ProductFactory, make_customer, make_order


@pytest.fixture
def product():
    return ProductFactory.create(list_price=Decimal("100.00"), unit_cost=Decimal("60.00"))


def _buy(customer, product, days_ago: int, quantity: int = 1):
    return make_order(
        customer=customer,
        product=product,
        quantity=quantity,
        ordered_on=timezone.localdate() - timedelta(days=days_ago),
    )


@override_settings(CRM_CHURN_AT_RISK_SCORE=30, CRM_LOST_AFTER_DAYS=365, CRM_LOYAL_MIN_ORDERS=4)
def test_a_customer_whose_buying_fell_away_is_scored_at_risk_with_reasons_and_reminded_once(
    world, product
):
    # given a customer who bought a lot four months ago and little since, and a steady one
    slipping = make_customer(owner=world.manager, name="Slipping")
    _buy(slipping, product, 150, quantity=20)
    _buy(slipping, product, 120, quantity=20)
    _buy(slipping, product, 80, quantity=1)
    steady = make_customer(owner=world.manager, name="Steady")
    for days_ago in (10, 40, 70, 100, 130):
        _buy(steady, product, days_ago, quantity=3)

    # when the nightly analysis runs twice
    first = churn_analyse()
    second = churn_analyse()

    # then the slipping customer is at risk, with the drop and the silence as reasons
    risky = ChurnScore.objects.get(customer=slipping)
    calm = ChurnScore.objects.get(customer=steady)
    assert risky.at_risk
    assert risky.score > calm.score
    codes = [reason["code"] for reason in risky.reasons]
    assert "trend" in codes
    assert risky.trend == pytest.approx(-0.975, abs=0.001)  # 100 in the last 90 days vs 4,000
    assert any("Spending down 98%" in reason_text(reason) for reason in risky.reasons)
    assert not calm.at_risk
    # and its owner got one reminder, not two
    assert first["newly_at_risk"] == 1
    assert second["newly_at_risk"] == 0
    assert Reminder.objects.filter(kind="churn_risk", customer=slipping).count() == 1


@override_settings(CRM_LOST_AFTER_DAYS=365, CRM_LOYAL_MIN_ORDERS=4, CRM_LOYAL_KEEP_ORDERS=2)
def test_lifecycle_rules_move_customers_with_history_and_keep_the_rollups_right(world, product):
    # given a customer silent for 400 days, a repeat buyer, and a loyal one who stopped
    gone = make_customer(owner=world.manager, name="Gone")
    _buy(gone, product, 400)
    repeat = make_customer(owner=world.manager, name="Repeat")
    for days_ago in (20, 60, 100, 140):
        _buy(repeat, product, days_ago)
    faded = make_customer(owner=world.manager, name="Faded")
    _buy(faded, product, 200)
    Customer.objects.filter(pk=faded.pk).update(lifecycle_state="loyal")
    rollup_rebuild()

    # when the nightly job runs twice
    first = churn_analyse()
    second = churn_analyse()

    # then each moved once, with an automatic history row, and a loss waits for a reason
    states = dict(Customer.objects.values_list("name", "lifecycle_state"))
    assert (states["Gone"], states["Repeat"], states["Faded"]) == ("lost", "loyal", "current")
    assert (first["lost"], first["loyal"], first["current"]) == (1, 1, 1)
    assert (second["lost"], second["loyal"], second["current"]) == (0, 0, 0)
    change = LifecycleChange.objects.filter(customer=gone).latest("changed_at")
    assert (change.from_state, change.to_state, change.cause) == ("current", "lost", "automatic")
    assert CustomerLoss.objects.filter(customer=gone, reason="").count() == 1
    assert not ChurnScore.objects.filter(customer=gone).exists()
    # the rollups moved with them
    kept = sorted(OrderRollup.objects.values_list("customer_lifecycle_state", "order_count"))
    rollup_rebuild()
    assert (
        sorted(OrderRollup.objects.values_list("customer_lifecycle_state", "order_count")) == kept
    )


def test_churn_scores_api_shows_only_visible_customers(world, product, api_as):
    # given scores for customers of two managers
    _buy(world.own, product, 30)
    _buy(world.other_department, product, 30)
    churn_analyse()

    # when each asks
    mine = api_as("manager").get("/api/v1/churn-scores/").json()["results"]
    other = api_as("manager").get(f"/api/v1/churn-scores/{world.other_department.pk}/")

    # then they see their own, and another department's customer is not found
    assert [row["customer"] for row in mine] == [world.own.pk]
    assert isinstance(mine[0]["reasons_text"], list)
    assert other.status_code == 404


def test_recording_why_a_customer_was_lost(
    world, product, page_as, api_as, django_capture_on_commit_callbacks
):
    # given a customer the manager marked lost by hand
    from customers.services import customer_change_lifecycle

    _buy(world.own, product, 30)
    with django_capture_on_commit_callbacks(execute=True):
        customer_change_lifecycle(
            customer=world.own, actor=world.manager, to_state="lost", reason="Moved"
        )
    loss = CustomerLoss.objects.get(customer=world.own)

    # when the reason is missing, then given
    bad = api_as("manager").post(f"/api/v1/lost-customers/{loss.pk}/reason/", {"reason": "weather"})
    good = page_as("manager").post(
        f"/care/losses/{loss.pk}/", {"reason": "competitor", "note": "Went to X"}
    )
    denied = api_as("outsider").post(
        f"/api/v1/lost-customers/{loss.pk}/reason/", {"reason": "price"}
    )

    # then the bad one is refused with a field error, the good one saved, strangers see nothing
    assert bad.status_code == 400
    assert "reason" in bad.json()["errors"]
    assert good.status_code == 302
    loss.refresh_from_db()
    assert (loss.reason, loss.note, loss.recorded_by) == ("competitor", "Went to X", world.manager)
    assert denied.status_code == 404
    report = page_as("supervisor").get("/care/losses/").context["report"]
    assert report.by_reason == [("Went to a competitor", 1)]


def test_lost_customers_without_a_region_are_counted_under_not_set(world, product):
    # given two lost customers of the manager, one without a region
    nowhere = make_customer(owner=world.manager, name="Nowhere Ltd", region=None)
    for customer in (world.own, nowhere):
        customer_loss_open(customer_id=customer.pk, lost_on=timezone.localdate())

    # when
    report = loss_report(user=world.manager)

    # then
    assert sorted(report.by_region) == sorted([(world.own.region.name, 1), ("Not set", 1)])


def test_the_lost_after_threshold_is_configurable(world, product):
    _buy(world.own, product, 100)
    with override_settings(CRM_LOST_AFTER_DAYS=90):
        churn_analyse(day=timezone.localdate())
    world.own.refresh_from_db()
    assert world.own.lifecycle_state == "lost"


@override_settings(CRM_CHURN_AT_RISK_SCORE=30)
def test_the_at_risk_page_lists_the_managers_customers_with_reasons_in_words(
    world, product, page_as
):
    # given a customer whose spending collapsed, owned by the manager
    _buy(world.own, product, 150, quantity=20)
    _buy(world.own, product, 120, quantity=20)
    _buy(world.own, product, 80)
    churn_analyse()

    # when the manager and a colleague open the page
    mine = page_as("manager").get("/care/at-risk/").content.decode()
    theirs = page_as("colleague").get("/care/at-risk/").content.decode()

    # then only the owner sees the customer, with the drop in words
    assert "Own customer" in mine
    assert "Spending down 98%" in mine
    assert "Own customer" not in theirs


@override_settings(CRM_LOST_AFTER_DAYS=365)
def test_a_night_that_moves_customers_refreshes_the_rollup_statistics_for_the_reports(
    world, product
):
    # given a customer silent for 400 days
    gone = make_customer(owner=world.manager, name="Gone")
    _buy(gone, product, 400)

    # when the nightly job moves them, then runs again with nothing to move
    with CaptureQueriesContext(connection) as moving:
        churn_analyse()
    with CaptureQueriesContext(connection) as idle:
        churn_analyse()

    # then the planner's statistics of both rollups were refreshed once, after the move only
    def analysed(captured: CaptureQueriesContext) -> list[str]:
        return [q["sql"] for q in captured.captured_queries if q["sql"].startswith("ANALYZE")]

    assert analysed(moving) == [
        'ANALYZE "analytics_categoryrollup"',
        'ANALYZE "analytics_orderrollup"',
    ]
    assert analysed(idle) == []


def test_a_schedule_written_while_the_job_was_cares_runs_the_analytics_task(db):
    # given a beat schedule from before the churn analysis moved to analytics
    every_day, _created = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.DAYS
    )
    PeriodicTask.objects.update_or_create(
        name="churn-analysis",
        defaults={"task": "care.tasks.analyse_churn", "interval": every_day, "crontab": None},
    )

    # when the migration runs
    import_module("analytics.migrations.0002_churn_job_task").rename(django_apps, None)

    # then the schedule names a task the workers know
    task = PeriodicTask.objects.get(name="churn-analysis").task
    celery_app.loader.import_default_modules()  # the task discovery a worker does at start
    assert task == "analytics.tasks.analyse_churn"
    assert task in celery_app.tasks
