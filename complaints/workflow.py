"""The eight-step complaint process (处理客户投诉的流程, SPEC §7) as one table.

Each transition says from which states it may be taken, where it leads, who may take it
(relations between the user and the complaint), what it asks for (a form), and what follows.
complaints.services.complaint_transition is the one function that applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import ComplaintState, Severity
from .forms import (
    AnalyseForm,
    ApproveForm,
    AssignForm,
    CloseForm,
    EvaluateForm,
    ImplementForm,
    JudgeForm,
    ProposeForm,
    RejectForm,
    ReopenForm,
)

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Complaint

S = ComplaintState

# Relations between a user and a complaint.
OWNER = "owner"  # the customer's account manager
CUSTOMER_SUPERVISOR = "customer_supervisor"  # a supervisor of the customer's department
DEPARTMENT_STAFF = "department_staff"  # staff of the responsible department
DEPARTMENT_SUPERVISOR = "department_supervisor"  # a supervisor of the responsible department
ADMIN = "admin"


@dataclass(frozen=True)
class Transition:
    action: str
    label: Promise
    sources: frozenset[str]
    target: str  # for judge: the target when valid; INVALID otherwise
    who: tuple[str, ...]
    form: type[forms.Form]
    then: Promise  # what follows, for the reader and the page
    not_by_proposer: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "judge",
            _("Judge validity"),
            frozenset({S.RECORDED}),
            S.ACCEPTED,
            (OWNER, CUSTOMER_SUPERVISOR, ADMIN),
            JudgeForm,
            _("Valid: a department is assigned next. Not valid: closed, the customer told why."),
        ),
        Transition(
            "assign",
            _("Assign department"),
            frozenset({S.ACCEPTED}),
            S.ASSIGNED,
            (OWNER, CUSTOMER_SUPERVISOR, ADMIN),
            AssignForm,
            _("The department's staff analyse the cause."),
        ),
        Transition(
            "analyse",
            _("Analyse cause"),
            frozenset({S.ASSIGNED}),
            S.ANALYSED,
            (DEPARTMENT_STAFF, DEPARTMENT_SUPERVISOR, ADMIN),
            AnalyseForm,
            _("The account manager proposes a fair resolution."),
        ),
        Transition(
            "propose",
            _("Propose resolution"),
            frozenset({S.ANALYSED}),
            S.PROPOSED,
            (OWNER, ADMIN),
            ProposeForm,
            _("A supervisor of the responsible department decides."),
        ),
        Transition(
            "approve",
            _("Approve"),
            frozenset({S.PROPOSED}),
            S.APPROVED,
            (DEPARTMENT_SUPERVISOR,),
            ApproveForm,
            _("The department's staff carry it out."),
            not_by_proposer=True,
        ),
        Transition(
            "reject",
            _("Reject"),
            frozenset({S.PROPOSED}),
            S.ANALYSED,
            (DEPARTMENT_SUPERVISOR,),
            RejectForm,
            _("Back to the account manager for a new proposal."),
            not_by_proposer=True,
        ),
        Transition(
            "implement",
            _("Record implementation"),
            frozenset({S.APPROVED}),
            S.IMPLEMENTED,
            (DEPARTMENT_STAFF, ADMIN),
            ImplementForm,
            _("The account manager evaluates with the customer."),
        ),
        Transition(
            "evaluate",
            _("Evaluate"),
            frozenset({S.IMPLEMENTED}),
            S.EVALUATED,
            (OWNER, ADMIN),
            EvaluateForm,
            _("A follow-up is scheduled and the customer gets a satisfaction survey."),
        ),
        Transition(
            "close",
            _("Close"),
            frozenset({S.EVALUATED}),
            S.CLOSED,
            (OWNER, CUSTOMER_SUPERVISOR, ADMIN),
            CloseForm,
            _("Done."),
        ),
        Transition(
            "reopen",
            _("Reopen"),
            frozenset({S.INVALID}),
            S.RECORDED,
            (OWNER, CUSTOMER_SUPERVISOR, ADMIN),
            ReopenForm,
            _("Judged again; a complaint can be reopened once."),
        ),
    )
}
# The action names as one choice set, so the API schema names its enum once.
ACTION_CHOICES: list[str] = list(TRANSITIONS)

# Hours each step may take at normal severity; other severities scale it. Admins override any
# cell in StepDeadline (seeded from this table).
NORMAL_HOURS: dict[str, int] = {
    S.RECORDED: 24,
    S.ACCEPTED: 24,
    S.ASSIGNED: 48,
    S.ANALYSED: 48,
    S.PROPOSED: 24,
    S.APPROVED: 72,
    S.IMPLEMENTED: 72,
    S.EVALUATED: 48,
}
SEVERITY_FACTOR: dict[str, float] = {
    Severity.LOW: 2.0,
    Severity.NORMAL: 1.0,
    Severity.HIGH: 0.5,
    Severity.CRITICAL: 0.25,
}


def default_deadline_hours(severity: str, state: str) -> int | None:
    hours = NORMAL_HOURS.get(state)
    return None if hours is None else max(1, round(hours * SEVERITY_FACTOR[severity]))


def holds(relation: str, user: User, complaint: Complaint) -> bool:
    customer = complaint.customer
    if relation == ADMIN:
        return user.is_admin_role
    if relation == OWNER:
        return customer.owner_id == user.pk
    if relation == CUSTOMER_SUPERVISOR:
        return user.is_supervisor and customer.department_id == user.department_id
    if relation == DEPARTMENT_STAFF:
        return (
            user.is_department_staff
            and complaint.department_id is not None
            and complaint.department_id == user.department_id
        )
    if relation == DEPARTMENT_SUPERVISOR:
        return (
            user.is_supervisor
            and complaint.department_id is not None
            and complaint.department_id == user.department_id
        )
    raise ValueError(relation)


def may_take(transition: Transition, user: User, complaint: Complaint) -> bool:
    if transition.not_by_proposer and complaint.proposed_by_id == user.pk:
        return False
    return any(holds(relation, user, complaint) for relation in transition.who)


def allowed_actions(user: User, complaint: Complaint) -> list[str]:
    """Actions this user may take on this complaint now."""
    return [
        action
        for action, transition in TRANSITIONS.items()
        if complaint.state in transition.sources and may_take(transition, user, complaint)
    ]


def _relation_q(relation: str, user: User) -> Q:
    """holds() as a filter, so an inbox can ask the database for complaints waiting on a user."""
    if relation == ADMIN:
        return Q() if user.is_admin_role else Q(pk__in=[])
    if relation == OWNER:
        return Q(customer__owner_id=user.pk)
    if relation == CUSTOMER_SUPERVISOR:
        return Q(customer__department_id=user.department_id) if user.is_supervisor else Q(pk__in=[])
    if relation == DEPARTMENT_STAFF:
        return Q(department_id=user.department_id) if user.is_department_staff else Q(pk__in=[])
    if relation == DEPARTMENT_SUPERVISOR:
        return Q(department_id=user.department_id) if user.is_supervisor else Q(pk__in=[])
    raise ValueError(relation)


def waiting_on_q(user: User, *, include_admin: bool = False) -> Q:
    """Complaints on which `user` may take a step now (the "mine to act on" inbox). Admins may
    act on everything; their inbox counts only what they are named for unless asked."""
    waiting = Q(pk__in=[])
    for transition in TRANSITIONS.values():
        relations = [r for r in transition.who if include_admin or r != ADMIN]
        who = Q(pk__in=[])
        for relation in relations:
            who |= _relation_q(relation, user)
        step = Q(state__in=transition.sources) & who
        if transition.not_by_proposer:
            step &= ~Q(proposed_by_id=user.pk)
        waiting |= step
    return waiting
