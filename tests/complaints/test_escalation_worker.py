"""The escalation job on a real Celery worker, through the real Redis broker."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from complaints.models import Complaint, Escalation
from crm.celery import app

from .conftest import record

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.real_clock,  # the worker process judges "overdue" by the machine's clock
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


@pytest.fixture
def worker_queue() -> Iterator[str]:
    """A real `celery worker` process on its own queue, using this test's database."""
    if not settings.REDIS_URL:
        pytest.fail("The worker test needs REDIS_URL (a real broker).")
    queue = f"crm-test-{uuid.uuid4().hex[:8]}"
    database = connection.settings_dict
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="crm.settings",
        DEBUG="1",
        DATABASE_URL=f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        REDIS_URL=settings.REDIS_URL,
        LOG_FORMAT="plain",
    )
    process = subprocess.Popen(  # noqa: S603 (our own worker)
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "crm",
            "worker",
            "-Q",
            queue,
            "--concurrency=1",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_real_worker_escalates_an_overdue_complaint_once(world, worker_queue):
    # given a complaint whose first step is overdue (committed, so the worker sees it)
    complaint = record(world)
    Complaint.objects.filter(pk=complaint.pk).update(
        step_deadline=timezone.now() - timedelta(hours=1)
    )

    # when the job runs twice on the worker
    first = app.send_task("complaints.tasks.escalate_overdue_complaints", queue=worker_queue)
    assert first.get(timeout=90) == 1
    second = app.send_task("complaints.tasks.escalate_overdue_complaints", queue=worker_queue)

    # then the breach was escalated exactly once
    assert second.get(timeout=60) == 0
    assert Escalation.objects.filter(complaint=complaint).count() == 1
    complaint.refresh_from_db()
    assert complaint.is_escalated
