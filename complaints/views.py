from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import IllegalStateChange, InvalidInput, NotAllowed
from core.http import AuthenticatedRequest
from core.periods import last_year, report_period
from customers.masking import MaskedCustomer
from customers.selectors import customer_get

from .analytics import complaint_analytics
from .choices import ComplaintState
from .forms import CommentForm, RecordForm
from .selectors import (
    INBOXES,
    approval_queue,
    complaint_counts,
    complaint_get,
    complaint_history,
    complaint_inbox,
)
from .services import complaint_comment, complaint_record, complaint_transition
from .workflow import TRANSITIONS, allowed_actions

PAGE_SIZE = 25
STEPS = [
    (ComplaintState.RECORDED, gettext_lazy("Recorded")),
    (ComplaintState.ACCEPTED, gettext_lazy("Judged")),
    (ComplaintState.ASSIGNED, gettext_lazy("Assigned")),
    (ComplaintState.ANALYSED, gettext_lazy("Analysed")),
    (ComplaintState.PROPOSED, gettext_lazy("Proposed")),
    (ComplaintState.APPROVED, gettext_lazy("Approved")),
    (ComplaintState.IMPLEMENTED, gettext_lazy("Implemented")),
    (ComplaintState.EVALUATED, gettext_lazy("Evaluated")),
    (ComplaintState.CLOSED, gettext_lazy("Closed")),
]


@login_required
def complaint_inbox_view(request: AuthenticatedRequest) -> HttpResponse:
    box = request.GET.get("box", "mine")
    if box not in INBOXES:
        box = "mine"
    page = Paginator(complaint_inbox(user=request.user, box=box), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "complaints/inbox.html",
        {"box": box, "page": page, "counts": complaint_counts(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_record_view(request: AuthenticatedRequest) -> HttpResponse:
    customer = customer_get(
        user=request.user, pk=request.GET.get("customer") or request.POST.get("customer")
    )
    form = RecordForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        try:
            complaint = complaint_record(
                customer=customer, actor=request.user, values=request.POST.dict()
            )
        except InvalidInput as exc:
            for field, errors in exc.field_errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Complaint recorded."))
            return redirect("complaints:detail", pk=complaint.pk)
    return render(
        request,
        "complaints/record.html",
        {"form": form, "customer": MaskedCustomer(customer, request.user)},
        status=status,
    )


def _detail_context(
    request: AuthenticatedRequest, complaint: Any, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    actions = allowed_actions(request.user, complaint)
    forms = {
        action: (bound or {}).get(action) or TRANSITIONS[action].form(prefix=action)
        for action in actions
    }
    reached = [state for state, _label in STEPS]
    position = reached.index(complaint.state) if complaint.state in reached else -1
    return {
        "complaint": complaint,
        "customer": MaskedCustomer(complaint.customer, request.user),
        "history": complaint_history(complaint=complaint),
        "actions": [(action, TRANSITIONS[action], forms[action]) for action in actions],
        "steps": [(label, index <= position) for index, (_state, label) in enumerate(STEPS)],
        "comment_form": (bound or {}).get("comment") or CommentForm(prefix="comment"),
        "earlier": complaint.customer.complaints.exclude(pk=complaint.pk).order_by("-received_at")[
            :10
        ],
    }


@login_required
def complaint_detail_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    complaint = complaint_get(user=request.user, pk=pk)
    return render(request, "complaints/detail.html", _detail_context(request, complaint))


@login_required
@require_POST
def complaint_act_view(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    complaint = complaint_get(user=request.user, pk=pk)
    if action not in TRANSITIONS:
        raise PermissionDenied
    form = TRANSITIONS[action].form(request.POST, prefix=action)
    values = {name: request.POST.get(f"{action}-{name}", "") for name in form.fields}
    try:
        complaint_transition(complaint=complaint, actor=request.user, action=action, values=values)
    except InvalidInput as exc:
        form.is_valid()
        status = 400
        if not form.errors:
            form.add_error(None, exc.message)
    except IllegalStateChange as exc:
        messages.error(request, exc.message)
        status = 409
    except NotAllowed as exc:
        messages.error(request, exc.message)
        status = 403
    else:
        messages.success(
            request, _("Step saved: %(label)s.") % {"label": TRANSITIONS[action].label}
        )
        target = request.POST.get("next", "")
        if target == "approvals":
            return redirect("complaints:approvals")
        return redirect("complaints:detail", pk=complaint.pk)
    complaint = complaint_get(user=request.user, pk=pk)
    return render(
        request,
        "complaints/detail.html",
        _detail_context(request, complaint, {action: form}),
        status=status,
    )


@login_required
@require_POST
def complaint_comment_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    complaint = complaint_get(user=request.user, pk=pk)
    form = CommentForm(request.POST, prefix="comment")
    try:
        complaint_comment(
            complaint=complaint, actor=request.user, comment=request.POST.get("comment-comment", "")
        )
    except InvalidInput:
        form.is_valid()
        return render(
            request,
            "complaints/detail.html",
            _detail_context(request, complaint, {"comment": form}),
            status=400,
        )
    return redirect("complaints:detail", pk=complaint.pk)


@login_required
def approval_queue_view(request: AuthenticatedRequest) -> HttpResponse:
    if not (request.user.is_supervisor or request.user.is_admin_role):
        raise PermissionDenied
    queue = list(approval_queue(user=request.user))
    for complaint in queue:
        complaint.earlier = [c for c in complaint.customer.all_complaints if c.pk != complaint.pk]  # type: ignore[attr-defined]
        complaint.masked_customer = MaskedCustomer(complaint.customer, request.user)  # type: ignore[attr-defined]
    return render(
        request,
        "complaints/approvals.html",
        {
            "queue": queue,
            "approve_form": TRANSITIONS["approve"].form(prefix="approve"),
            "reject_form": TRANSITIONS["reject"].form(prefix="reject"),
        },
    )


@login_required
def complaint_analytics_view(request: AuthenticatedRequest) -> HttpResponse:
    status = 200
    try:
        date_from, date_to = report_period(request.GET)
    except InvalidInput as exc:
        messages.error(request, exc.message)
        date_from, date_to = last_year()
        status = 400
    report = complaint_analytics(user=request.user, date_from=date_from, date_to=date_to)
    return render(request, "complaints/analytics.html", {"report": report}, status=status)
