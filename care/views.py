from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.http import AuthenticatedRequest

from .forms import LossReasonForm, ReminderDismissForm, ReminderDoneForm, ReminderSnoozeForm
from .selectors import (
    care_advice,
    churn_scores,
    loss_get,
    loss_report,
    losses,
    purchase_drops,
    reminder_get,
    reminder_inbox,
)
from .services import (
    customer_loss_record,
    reminder_complete,
    reminder_dismiss,
    reminder_snooze,
)

PAGE_SIZE = 30


@login_required
def inbox_view(request: AuthenticatedRequest) -> HttpResponse:
    """The care inbox: reminders due within the lead time, overdue first, each with the
    customer's personality advice and gift hints, and the three ways to close it."""
    scope = "department" if request.GET.get("scope") == "department" else "mine"
    page = Paginator(reminder_inbox(user=request.user, scope=scope), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = [(reminder, care_advice(reminder=reminder, user=request.user)) for reminder in page]
    return render(
        request,
        "care/inbox.html",
        {
            "page": page,
            "items": items,
            "scope": scope,
            "today": timezone.localdate(),
            "done_form": ReminderDoneForm(),
            "snooze_form": ReminderSnoozeForm(),
            "dismiss_form": ReminderDismissForm(),
        },
    )


ACTIONS = {"done": ReminderDoneForm, "snooze": ReminderSnoozeForm, "dismiss": ReminderDismissForm}


@login_required
@require_POST
def reminder_action_view(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    reminder = reminder_get(user=request.user, pk=pk)
    form = ACTIONS[action](request.POST)
    if not form.is_valid():
        problems = "; ".join(" ".join(str(e) for e in errors) for errors in form.errors.values())
        messages.error(request, problems)
        return redirect("care:inbox")
    try:
        if action == "done":
            reminder_complete(reminder=reminder, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Done; the contact is in the customer's log."))
        elif action == "snooze":
            reminder_snooze(reminder=reminder, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Snoozed."))
        else:
            reminder_dismiss(reminder=reminder, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Dismissed."))
    except DomainError as problem:
        messages.error(request, problem.message)
    return redirect(request.POST.get("next") or "care:inbox")


@login_required
def at_risk_view(request: AuthenticatedRequest) -> HttpResponse:
    """Churn analysis: the at-risk list and the customers whose spending dropped most."""
    page = Paginator(churn_scores(user=request.user, at_risk_only=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "care/at_risk.html",
        {"page": page, "drops": purchase_drops(user=request.user, limit=20)},
    )


@login_required
def losses_view(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(losses(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "care/losses.html",
        {"page": page, "report": loss_report(user=request.user)},
    )


@login_required
def loss_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    loss = loss_get(user=request.user, pk=pk)
    form = LossReasonForm(request.POST or None, initial={"reason": loss.reason, "note": loss.note})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                customer_loss_record(loss=loss, actor=request.user, **form.cleaned_data)
            except DomainError as problem:
                messages.error(request, problem.message)
                status = problem.status_code
            else:
                messages.success(request, _("Reason recorded."))
                return redirect("care:losses")
    return render(request, "care/loss.html", {"loss": loss, "form": form}, status=status)
