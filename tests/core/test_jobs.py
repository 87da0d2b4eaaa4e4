"""Periodic jobs: declared once, kept in the database schedule (admins' edits survive a sync),
runnable once from the command line, and run by a real worker through Redis."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from care.models import ChurnScore, Reminder
from core.jobs import declared_jobs, schedules_sync
from crm.celery import app
from tests.complaints.test_escalation_worker import worker_queue  # noqa: F401  (fixture)
from tests.factories import make_customer, make_order


def test_every_job_is_in_the_database_schedule_and_a_sync_keeps_admin_edits(db):
    # given the schedule written at migrate time, then edited by an admin
    assert set(PeriodicTask.objects.values_list("name", flat=True)) >= set(declared_jobs())
    PeriodicTask.objects.filter(name="care-reminders").update(enabled=False)

    # when the schedules are synced again (as after the next migrate)
    written = schedules_sync()

    # then nothing was rewritten and the edit stands; every task name is a registered task
    assert written == []
    assert not PeriodicTask.objects.get(name="care-reminders").enabled
    app.loader.import_default_modules()  # autodiscovery, as a worker does at start
    registered = set(app.tasks)
    assert {job.task for job in declared_jobs().values()} <= registered


def test_a_job_runs_once_from_the_command_line(world):
    # given a quiet one-to-one customer
    make_customer(owner=world.manager, name="Quiet", tier="one_to_one", lifecycle_state="current")
    out = StringIO()

    # when the care job is run for a day a month ahead, twice
    call_command("crm_run_job", "care-reminders", "--day", "2099-01-01", stdout=out)
    call_command("crm_run_job", "care-reminders", "--day", "2099-01-01", stdout=out)

    # then the first run scheduled the contact-gap reminder and the second nothing more
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["outcome"]["contact_gaps"] == 1
    assert second["outcome"]["contact_gaps"] == 0
    assert Reminder.objects.filter(kind="contact_gap").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_the_churn_job_runs_on_a_real_worker(world, worker_queue):  # noqa: F811
    # given a customer with a purchase (committed, so the worker sees it)
    make_order(customer=world.own)

    # when the nightly task is sent through Redis to a real worker
    outcome = app.send_task("analytics.tasks.analyse_churn", queue=worker_queue).get(timeout=90)

    # then it scored the customer
    assert outcome["scored"] == 1
    assert ChurnScore.objects.filter(customer=world.own).exists()
