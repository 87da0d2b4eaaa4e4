"""Two supervisors approving the same proposal at the same moment: one approval, one 409."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from complaints.models import ComplaintEvent
from complaints.services import complaint_transition
from core.errors import IllegalStateChange

from .conftest import record, walk

pytestmark = pytest.mark.django_db(transaction=True)


def _race(targets):
    """Run callables at the same instant, each in its own thread (own database connection)."""
    barrier = threading.Barrier(len(targets))
    results: list[object] = [None] * len(targets)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = targets[index]()
        except Exception as exc:  # collected for the assertions
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(targets))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_simultaneous_approvals_make_one_approval_and_one_conflict(world, service):
    # given a proposal two supervisors may approve
    complaint = walk(record(world), world, service, "proposed")
    assert connection.vendor == "postgresql"

    # when both approve at the same moment
    results = _race(
        [
            lambda boss=boss: complaint_transition(
                complaint=complaint, actor=boss, action="approve", values={}
            )
            for boss in (service.supervisor, service.second_supervisor)
        ]
    )

    # then exactly one approval happened and the other saw a 409-type conflict
    assert sum(isinstance(r, IllegalStateChange) for r in results) == 1
    assert sum(getattr(r, "state", None) == "approved" for r in results) == 1
    assert ComplaintEvent.objects.filter(complaint=complaint, action="approve").count() == 1


def test_the_same_race_through_the_api(world, service):
    complaint = walk(record(world), world, service, "proposed")

    def approve(boss):
        client = APIClient()
        client.force_authenticate(boss)
        return client.post(
            f"/api/v1/complaints/{complaint.pk}/transitions/", {"action": "approve"}, format="json"
        ).status_code

    statuses = _race(
        [lambda b=b: approve(b) for b in (service.supervisor, service.second_supervisor)]
    )

    assert sorted(statuses) == [200, 409]
