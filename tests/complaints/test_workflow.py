"""The eight-step state machine: legal paths, illegal actions, who may act, required fields."""

from __future__ import annotations

import pytest

from complaints.choices import ComplaintState
from complaints.models import ComplaintEvent
from complaints.services import complaint_transition
from complaints.workflow import TRANSITIONS
from core.errors import IllegalStateChange, InvalidInput, NotAllowed

from .conftest import PATH, actor_for, due, record, values_for, walk

STATES = list(ComplaintState.values)


def test_the_happy_path_walks_all_eight_steps_and_leaves_a_full_trail(world, service):
    # given
    complaint = record(world)

    # when
    complaint = walk(complaint, world, service, "closed")

    # then
    events = list(
        complaint.events.values_list("action", "from_state", "to_state", "actor__username")
    )
    assert [e[0] for e in events] == ["record", *PATH]
    assert events[1][1:] == ("recorded", "accepted", "manager")
    assert events[5][3] == "svc_boss"
    assert complaint.closed_at is not None
    assert complaint.proposed_by == world.manager
    assert complaint.approved_by == service.supervisor
    assert complaint.compensation_amount == 80


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (state, action)
        for state in STATES
        for action, t in TRANSITIONS.items()
        if state not in t.sources
    ],
)
def test_an_action_not_possible_now_is_refused_with_409_and_changes_nothing(
    world, service, complaint_at, state, action
):
    # given a complaint in `state` and someone who could take `action` in general
    complaint = complaint_at(state)
    actor = world.admin if action not in ("approve", "reject") else service.supervisor
    before = ComplaintEvent.objects.count()

    # when / then
    with pytest.raises((IllegalStateChange, NotAllowed)) as error:
        complaint_transition(
            complaint=complaint, actor=actor, action=action, values=values_for(action, service)
        )
    complaint.refresh_from_db()
    assert complaint.state == state
    assert ComplaintEvent.objects.count() == before
    if action not in ("approve", "reject") or complaint.department_id:
        assert isinstance(error.value, IllegalStateChange)


@pytest.mark.parametrize("action", list(TRANSITIONS))
@pytest.mark.parametrize(
    "who",
    [
        "manager",
        "colleague",
        "outsider",
        "supervisor",
        "other_supervisor",
        "staff",
        "svc_staff",
        "svc_boss",
        "admin",
    ],
)
def test_who_may_take_each_step(world, service, complaint_at, action, who):
    # given a complaint where `action` is possible now
    source = sorted(TRANSITIONS[action].sources)[0]
    complaint = complaint_at(source)
    user = {"svc_staff": service.staff, "svc_boss": service.supervisor}.get(who) or world.user(who)
    expected = {
        "judge": {"manager", "supervisor", "admin"},
        "assign": {"manager", "supervisor", "admin"},
        "analyse": {"svc_staff", "svc_boss", "admin"},
        "propose": {"manager", "admin"},
        "approve": {"svc_boss"},
        "reject": {"svc_boss"},
        "implement": {"svc_staff", "admin"},
        "evaluate": {"manager", "admin"},
        "close": {"manager", "supervisor", "admin"},
        "reopen": {"manager", "supervisor", "admin"},
    }[action]

    # when / then
    if who in expected:
        complaint_transition(
            complaint=complaint, actor=user, action=action, values=values_for(action, service)
        )
        complaint.refresh_from_db()
        assert complaint.state != source
    else:
        with pytest.raises(NotAllowed):
            complaint_transition(
                complaint=complaint, actor=user, action=action, values=values_for(action, service)
            )


def test_nobody_approves_or_rejects_their_own_proposal(world, service, complaint_at):
    # given a supervisor of the responsible department who owns the customer and proposed
    complaint = complaint_at("analysed")
    complaint.customer.owner = service.supervisor
    complaint.customer.save()
    complaint = complaint_transition(
        complaint=complaint,
        actor=service.supervisor,
        action="propose",
        values=values_for("propose", service),
    )

    # when / then: they may not decide on it, another supervisor may
    for action in ("approve", "reject"):
        with pytest.raises(NotAllowed, match="proposal they made"):
            complaint_transition(
                complaint=complaint,
                actor=service.supervisor,
                action=action,
                values=values_for(action, service),
            )
    approved = complaint_transition(
        complaint=complaint, actor=service.second_supervisor, action="approve", values={}
    )
    assert approved.state == "approved"


def test_reject_sends_the_proposal_back_and_needs_a_comment(world, service, complaint_at):
    complaint = complaint_at("proposed")

    with pytest.raises(InvalidInput) as error:
        complaint_transition(
            complaint=complaint, actor=service.supervisor, action="reject", values={"comment": " "}
        )
    rejected = complaint_transition(
        complaint=complaint,
        actor=service.supervisor,
        action="reject",
        values=values_for("reject", service),
    )
    again = complaint_transition(
        complaint=rejected,
        actor=world.manager,
        action="propose",
        values=values_for("propose", service),
    )

    assert "comment" in error.value.field_errors
    assert rejected.state == "analysed"
    assert rejected.events.get(action="reject").comment == "Too little for a gold customer."
    assert again.state == "proposed"


def test_an_invalid_complaint_is_closed_with_an_explanation_and_reopens_once(world, service):
    complaint = record(world)

    with pytest.raises(InvalidInput) as missing:
        complaint_transition(
            complaint=complaint, actor=world.manager, action="judge", values={"valid": "false"}
        )
    invalid = complaint_transition(
        complaint=complaint,
        actor=world.manager,
        action="judge",
        values={"valid": "false", "explanation": "Delivered on the agreed date."},
    )
    reopened = complaint_transition(
        complaint=invalid,
        actor=world.manager,
        action="reopen",
        values=values_for("reopen", service),
    )
    invalid_again = complaint_transition(
        complaint=reopened,
        actor=world.manager,
        action="judge",
        values={"valid": "false", "explanation": "Still on time."},
    )

    assert "explanation" in missing.value.field_errors
    assert invalid.state == "invalid"
    assert invalid.closed_at is not None
    assert invalid.invalid_explanation == "Delivered on the agreed date."
    assert reopened.state == "recorded"
    assert reopened.closed_at is None
    with pytest.raises(IllegalStateChange, match="only once"):
        complaint_transition(
            complaint=invalid_again,
            actor=world.manager,
            action="reopen",
            values=values_for("reopen", service),
        )


@pytest.mark.parametrize(
    ("action", "values", "field"),
    [
        ("judge", {}, "valid"),
        ("judge", {"valid": "maybe"}, "valid"),
        ("assign", {}, "department"),
        ("assign", {"department": "999999"}, "department"),
        ("analyse", {"cause_detail": "x"}, "cause_category"),
        ("analyse", {"cause_category": "bad_luck", "cause_detail": "x"}, "cause_category"),
        ("analyse", {"cause_category": "poor_service"}, "cause_detail"),
        ("propose", {"compensation_kind": "refund"}, "resolution_actions"),
        (
            "propose",
            {"resolution_actions": "x", "compensation_kind": "refund"},
            "compensation_amount",
        ),
        (
            "propose",
            {"resolution_actions": "x", "compensation_kind": "apology", "compensation_amount": "5"},
            "compensation_amount",
        ),
        (
            "propose",
            {"resolution_actions": "x", "compensation_kind": "refund", "compensation_amount": "-5"},
            "compensation_amount",
        ),
        ("implement", {"implementation": "x"}, "implemented_on"),
        ("implement", {"implementation": "x", "implemented_on": "2099-01-01"}, "implemented_on"),
        ("evaluate", {"evaluation": "x"}, "customer_opinion"),
        ("evaluate", {"customer_opinion": "satisfied"}, "evaluation"),
        ("reopen", {}, "reason"),
    ],
)
def test_missing_or_bad_fields_are_400_and_change_nothing(
    world, service, complaint_at, action, values, field
):
    # given
    if action == "reopen":
        complaint = complaint_at("invalid")
    else:
        complaint = complaint_at(sorted(TRANSITIONS[action].sources)[0])
    state = complaint.state

    # when / then
    with pytest.raises(InvalidInput) as error:
        complaint_transition(
            complaint=complaint,
            actor=actor_for(action, world, service),
            action=action,
            values=values,
        )
    assert field in error.value.field_errors
    complaint.refresh_from_db()
    assert complaint.state == state


def test_each_step_sets_the_next_deadline_by_severity(world, service):
    normal = record(world)
    critical = record(world, severity="critical")

    assert (due(normal) - normal.state_since).total_seconds() == 24 * 3600
    assert (due(critical) - critical.state_since).total_seconds() == 6 * 3600
    closed = walk(normal, world, service, "closed")
    assert closed.step_deadline is None


def test_evaluation_schedules_a_follow_up_and_publishes_the_evaluation(
    world, service, complaint_at, subscribe
):
    from care.models import Reminder
    from core import events
    from core.models import OutboxMessage

    # given a complaint whose resolution was carried out, and someone listening
    subscribe(events.COMPLAINT_EVALUATED, "tests.complaints.test_workflow.heard")
    complaint = complaint_at("implemented")

    # when the manager evaluates it
    complaint_transition(
        complaint=complaint,
        actor=world.manager,
        action="evaluate",
        values=values_for("evaluate", service),
    )

    # then the manager has a follow-up, and the event is written with the step
    reminder = Reminder.objects.get(kind="complaint_follow_up")
    assert reminder.owner == world.manager
    assert reminder.customer == world.own
    message = OutboxMessage.objects.get(handler="tests.complaints.test_workflow.heard")
    assert message.payload == {"complaint_id": complaint.pk, "customer_id": world.own.pk}


def heard(**payload: object) -> None:
    """A subscriber for the test above."""


def test_recording_needs_the_facts_and_a_visible_customer(world):
    from complaints.services import complaint_record

    with pytest.raises(InvalidInput) as error:
        complaint_record(customer=world.own, actor=world.manager, values={"channel": "phone"})
    with pytest.raises(NotAllowed):
        complaint_record(customer=world.other_department, actor=world.manager, values={})

    assert {"category", "content"} <= set(error.value.field_errors)
