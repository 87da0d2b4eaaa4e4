from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from accounts.models import User
from complaints.models import Complaint
from complaints.services import complaint_record, complaint_transition
from tests.conftest import Service, World

RECORD = {
    "channel": "phone",
    "category": "delivery",
    "severity": "normal",
    "content": "The delivery came three days late.",
    "customer_request": "An apology and free delivery next time",
}
STEP_VALUES: dict[str, dict[str, Any]] = {
    "judge": {"valid": "true"},
    "assign": {},  # department filled in per test
    "analyse": {
        "cause_category": "procedure_gap",
        "cause_detail": "The warehouse missed the slot.",
    },
    "propose": {
        "resolution_actions": "Apologise; waive the next delivery fee.",
        "compensation_kind": "voucher",
        "compensation_amount": "80.00",
    },
    "approve": {"comment": "Fair."},
    "reject": {"comment": "Too little for a gold customer."},
    "implement": {
        "implementation": "Voucher sent by SMS.",
        "implemented_on": date(2026, 1, 2).isoformat(),
    },
    "evaluate": {
        "evaluation": "Customer accepted.",
        "customer_opinion": "satisfied",
        "lessons": "Confirm slots the day before.",
    },
    "close": {},
    "reopen": {"reason": "New facts from the customer."},
}
PATH = ["judge", "assign", "analyse", "propose", "approve", "implement", "evaluate", "close"]
STATE_AFTER = {
    "judge": "accepted",
    "assign": "assigned",
    "analyse": "analysed",
    "propose": "proposed",
    "approve": "approved",
    "implement": "implemented",
    "evaluate": "evaluated",
    "close": "closed",
}


def actor_for(action: str, world: World, service: Service) -> User:
    return {
        "judge": world.manager,
        "assign": world.manager,
        "analyse": service.staff,
        "propose": world.manager,
        "approve": service.supervisor,
        "reject": service.supervisor,
        "implement": service.staff,
        "evaluate": world.manager,
        "close": world.manager,
        "reopen": world.manager,
    }[action]


def values_for(action: str, service: Service) -> dict[str, Any]:
    values = dict(STEP_VALUES[action])
    if action == "assign":
        values["department"] = str(service.department.pk)
    return values


def due(complaint: Complaint) -> datetime:
    """The current step's deadline (always set while a complaint is open)."""
    assert complaint.step_deadline is not None
    return complaint.step_deadline


def record(world: World, **overrides: Any) -> Complaint:
    return complaint_record(customer=world.own, actor=world.manager, values={**RECORD, **overrides})


def walk(complaint: Complaint, world: World, service: Service, until: str) -> Complaint:
    """Take the happy path from where the complaint is up to the step that reaches `until`."""
    done = [action for action in PATH if STATE_AFTER[action] == complaint.state]
    start = PATH.index(done[0]) + 1 if done else 0
    for action in PATH[start:]:
        if complaint.state == until:
            break
        complaint = complaint_transition(
            complaint=complaint,
            actor=actor_for(action, world, service),
            action=action,
            values=values_for(action, service),
        )
    assert complaint.state == until
    return complaint


@pytest.fixture
def complaint_at(world: World, service: Service):
    def make(state: str) -> Complaint:
        complaint = record(world)
        if state == "invalid":
            return complaint_transition(
                complaint=complaint,
                actor=world.manager,
                action="judge",
                values={"valid": "false", "explanation": "Delivered on the agreed date."},
            )
        return walk(complaint, world, service, state)

    return make
