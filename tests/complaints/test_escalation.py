"""Deadlines per step and severity; escalation once per breach, however often the job runs."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail

from care.models import Reminder
from complaints.models import Escalation, StepDeadline
from complaints.services import complaint_escalate_overdue, complaint_transition
from complaints.tasks import escalate_overdue_complaints

from .conftest import due, record, values_for, walk


def test_overdue_step_escalates_once_to_the_departments_supervisors(
    world, service, django_capture_on_commit_callbacks
):
    # given an assigned complaint whose analysis step is overdue
    complaint = walk(record(world), world, service, "assigned")
    service.supervisor.email = "boss@example.com"
    service.supervisor.save()
    later = due(complaint) + timedelta(minutes=1)

    # when the job runs three times
    with django_capture_on_commit_callbacks(execute=True):
        first = complaint_escalate_overdue(now=later)
    second = complaint_escalate_overdue(now=later + timedelta(hours=1))
    third = escalate_overdue_complaints.delay().get()

    # then one breach, one notice per supervisor, one e-mail
    complaint.refresh_from_db()
    assert (first, second, third) == (1, 0, 0)
    assert complaint.is_escalated
    assert Escalation.objects.filter(complaint=complaint).count() == 1
    notified = Reminder.objects.filter(kind="complaint_escalated").values_list(
        "owner__username", flat=True
    )
    assert sorted(notified) == ["svc_boss", "svc_boss2"]
    assert [m.to for m in mail.outbox] == [["boss@example.com"]]
    assert complaint.events.filter(action="escalate").count() == 1


def test_a_new_step_clears_the_flag_and_its_own_breach_escalates_again(world, service):
    complaint = walk(record(world), world, service, "assigned")
    complaint_escalate_overdue(now=due(complaint) + timedelta(minutes=1))

    complaint = complaint_transition(
        complaint=complaint,
        actor=service.staff,
        action="analyse",
        values=values_for("analyse", service),
    )
    assert not complaint.is_escalated
    escalated = complaint_escalate_overdue(now=due(complaint) + timedelta(minutes=1))

    assert escalated == 1
    assert Escalation.objects.filter(complaint=complaint).count() == 2


def test_unassigned_overdue_complaints_go_to_the_customers_department(world):
    complaint = record(world)

    complaint_escalate_overdue(now=due(complaint) + timedelta(minutes=1))

    assert list(Reminder.objects.values_list("owner__username", flat=True)) == ["supervisor"]


def test_nothing_escalates_before_the_deadline_or_after_closing(world, service):
    open_one = record(world)
    closed = walk(record(world), world, service, "closed")

    assert complaint_escalate_overdue(now=due(open_one) - timedelta(minutes=1)) == 0
    assert not Escalation.objects.filter(complaint=closed).exists()


def test_admins_configure_deadlines_per_severity_and_step(world):
    StepDeadline.objects.update_or_create(severity="high", state="recorded", defaults={"hours": 2})

    complaint = record(world, severity="high")

    assert due(complaint) - complaint.state_since == timedelta(hours=2)
