"""Complaint writes: record (step 1), the transitions of complaints.workflow, comments,
escalation of overdue steps."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role, User
from care.models import ReminderKind
from care.services import reminder_schedule
from core import events
from core.errors import IllegalStateChange, InvalidInput, NotAllowed
from core.mail import mail_queue
from customers.models import Customer

from . import audit
from .choices import ComplaintState
from .forms import CommentForm, RecordForm
from .models import Complaint, Escalation, StepDeadline
from .workflow import TRANSITIONS, default_deadline_hours, may_take

FOLLOW_UP_AFTER_DAYS = 3
# Fields each action writes from its form (judge and propose are special-cased below).
ACTION_FIELDS: dict[str, tuple[str, ...]] = {
    "assign": ("department",),
    "analyse": ("cause_category", "cause_detail"),
    "propose": ("resolution_actions", "compensation_kind", "compensation_amount"),
    "implement": ("implementation", "implemented_on"),
    "evaluate": ("evaluation", "customer_opinion", "customer_opinion_note", "lessons"),
}


def _form_errors(form: forms.BaseForm) -> dict[str, list[str]]:
    return {field: [str(m) for m in messages] for field, messages in form.errors.items()}


def deadline_for(complaint: Complaint, state: str, start: datetime) -> datetime | None:
    override = StepDeadline.objects.filter(severity=complaint.severity, state=state).first()
    hours = override.hours if override else default_deadline_hours(complaint.severity, state)
    return None if hours is None else start + timedelta(hours=hours)


@transaction.atomic
def complaint_record(
    *, customer: Customer, actor: User, values: dict[str, Any], at: datetime | None = None
) -> Complaint:
    """Step 1 (记录投诉内容): anyone who may see the customer may record their complaint."""
    if not Customer.objects.visible_to(actor).filter(pk=customer.pk).exists():
        raise NotAllowed(_("You may not record complaints for this customer."))
    form = RecordForm(data=values)
    if not form.is_valid():
        raise InvalidInput(
            _("The complaint could not be recorded."), field_errors=_form_errors(form)
        )
    now = at or timezone.now()
    complaint = form.save(commit=False)
    complaint.customer = customer
    complaint.recorded_by = actor
    complaint.state = ComplaintState.RECORDED
    complaint.state_since = now
    complaint.step_deadline = deadline_for(complaint, ComplaintState.RECORDED, now)
    complaint.save()
    audit.record_event(
        complaint=complaint,
        action="record",
        actor=actor,
        at=now,
        to_state=complaint.state,
        comment=complaint.content,
        changes={
            field: form.cleaned_data[field] for field in form.changed_data if field != "content"
        },
    )
    _announce(complaint, "record", "", complaint.state)
    return complaint


def _announce(complaint: Complaint, action: str, from_state: str, to_state: str) -> None:
    events.publish(
        events.COMPLAINT_TRANSITIONED,
        complaint_id=complaint.pk,
        action=action,
        from_state=from_state,
        to_state=to_state,
    )


def _serializable(value: Any) -> Any:
    return value.pk if isinstance(value, Model) else value


@transaction.atomic
def complaint_transition(
    *,
    complaint: Complaint,
    actor: User,
    action: str,
    values: dict[str, Any],
    at: datetime | None = None,
) -> Complaint:
    """Apply one step of the declared workflow: lock, check who and when, validate, write,
    record the event, and schedule what follows after commit."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise InvalidInput(
            _("Unknown action."),
            field_errors={
                "action": [_("Choose one of: %(actions)s.") % {"actions": ", ".join(TRANSITIONS)}]
            },
        )
    locked = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("customer")
        .get(pk=complaint.pk)
    )
    if not may_take(transition, actor, locked):
        if transition.not_by_proposer and locked.proposed_by_id == actor.pk:
            raise NotAllowed(_("Nobody approves or rejects a proposal they made."))
        raise NotAllowed(_("Your role may not %(action)s this complaint.") % {"action": action})
    if locked.state not in transition.sources:
        raise IllegalStateChange(
            _("This complaint is “%(state)s”; “%(action)s” is not possible now.")
            % {"state": locked.get_state_display(), "action": transition.label}
        )
    if action == "reopen" and locked.reopen_count >= 1:
        raise IllegalStateChange(_("A complaint can be reopened only once."))
    form = transition.form(data=values)
    if not form.is_valid():
        raise InvalidInput(_("Some fields need attention."), field_errors=_form_errors(form))
    cleaned = form.cleaned_data
    now = at or timezone.now()
    from_state = locked.state
    target = transition.target
    changed: dict[str, Any] = {}
    comment = str(cleaned.get("comment") or cleaned.get("reason") or "")

    if action == "judge":
        if not cleaned["valid"]:
            target = ComplaintState.INVALID
            locked.invalid_explanation = cleaned["explanation"].strip()
            changed["invalid_explanation"] = locked.invalid_explanation
        comment = cleaned.get("explanation") or ""
    for field in ACTION_FIELDS.get(action, ()):
        value = cleaned.get(field)
        if field == "compensation_amount" and value is None:
            value = 0
        setattr(locked, field, value)
        changed[field] = _serializable(value)
    if action == "propose":
        locked.proposed_by = actor
        locked.approved_by = None
    if action == "approve":
        locked.approved_by = actor
    if action == "reopen":
        locked.reopen_count += 1
        locked.closed_at = None

    locked.state = target
    locked.state_since = now
    locked.step_deadline = deadline_for(locked, target, now)
    locked.is_escalated = False
    if target in (ComplaintState.CLOSED, ComplaintState.INVALID):
        locked.closed_at = now
    locked.save()
    audit.record_event(
        complaint=locked,
        action=action,
        actor=actor,
        at=now,
        from_state=from_state,
        to_state=target,
        comment=comment,
        changes=changed,
    )
    _announce(locked, action, from_state, target)
    if action == "evaluate":
        _after_evaluation(locked, now)
    return locked


def _after_evaluation(complaint: Complaint, now: datetime) -> None:
    """Follow-up service (跟踪服务) for the manager, and the event the survey follows."""
    reminder_schedule(
        customer=complaint.customer,
        kind=ReminderKind.COMPLAINT_FOLLOW_UP,
        due_on=(now + timedelta(days=FOLLOW_UP_AFTER_DAYS)).date(),
        title=_("Follow up on complaint #%(id)d") % {"id": complaint.pk},
        detail=complaint.evaluation,
        source_key=f"complaint-follow-up:{complaint.pk}:{complaint.reopen_count}",
    )
    events.publish(
        events.COMPLAINT_EVALUATED, complaint_id=complaint.pk, customer_id=complaint.customer_id
    )


@transaction.atomic
def complaint_comment(*, complaint: Complaint, actor: User, comment: str) -> Complaint:
    """A comment on the trail; anyone who sees the complaint may add one."""
    form = CommentForm(data={"comment": comment})
    if not form.is_valid():
        raise InvalidInput(_("The comment could not be added."), field_errors=_form_errors(form))
    audit.record_event(
        complaint=complaint,
        action="comment",
        actor=actor,
        at=timezone.now(),
        comment=form.cleaned_data["comment"].strip(),
    )
    return complaint


def _supervisors_to_notify(complaint: Complaint) -> list[User]:
    department_id = complaint.department_id or complaint.customer.department_id
    return list(
        User.objects.filter(role=Role.SUPERVISOR, department_id=department_id, is_active=True)
    )


def complaint_escalate_overdue(*, now: datetime | None = None) -> int:
    """Mark every complaint whose current step is overdue as escalated and tell the responsible
    department's supervisors — once per breach (the Escalation row is unique), however often
    this runs. Returns how many breaches were escalated now."""
    now = now or timezone.now()
    overdue = (
        Complaint.objects.open()
        .filter(step_deadline__lt=now)
        .select_related("customer")
        .order_by("step_deadline")
    )
    escalated = 0
    for complaint in overdue.iterator(chunk_size=500):
        deadline = complaint.step_deadline
        if deadline is None:  # filtered out above; keeps the type precise
            continue
        try:
            with transaction.atomic():
                breach = Escalation.objects.create(
                    complaint=complaint,
                    state=complaint.state,
                    step_started_at=complaint.state_since,
                    deadline=deadline,
                    escalated_at=now,
                )
                supervisors = _supervisors_to_notify(complaint)
                for supervisor in supervisors:
                    reminder_schedule(
                        customer=complaint.customer,
                        owner=supervisor,
                        kind=ReminderKind.COMPLAINT_ESCALATED,
                        due_on=now.date(),
                        title=_("Overdue complaint #%(id)d: %(state)s")
                        % {"id": complaint.pk, "state": complaint.get_state_display()},
                        detail=complaint.content,
                        source_key=f"complaint-escalated:{breach.pk}:{supervisor.pk}",
                    )
                breach.notified = [s.pk for s in supervisors]
                breach.save(update_fields=["notified"])
                Complaint.objects.filter(pk=complaint.pk).update(is_escalated=True)
                audit.record_event(
                    complaint=complaint,
                    action="escalate",
                    actor=None,
                    at=now,
                    from_state=complaint.state,
                    to_state=complaint.state,
                    comment=_("Step overdue since %(due)s")
                    % {"due": date_format(timezone.localtime(deadline), "SHORT_DATETIME_FORMAT")},
                )
                mail_queue(
                    to=[s.email for s in supervisors],
                    subject=_("Complaint #%(id)d is overdue") % {"id": complaint.pk},
                    body=_("The step “%(state)s” was due by %(due)s.")
                    % {
                        "state": complaint.get_state_display(),
                        "due": date_format(timezone.localtime(deadline), "SHORT_DATETIME_FORMAT"),
                    },
                    key=f"complaint-escalated:{breach.pk}",
                )
                events.publish(
                    events.COMPLAINT_ESCALATED, complaint_id=complaint.pk, step=complaint.state
                )
        except IntegrityError:
            continue  # this breach was escalated before
        escalated += 1
    return escalated
