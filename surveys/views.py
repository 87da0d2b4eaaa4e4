from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError, IllegalStateChange, InvalidInput
from core.http import AuthenticatedRequest

from .forms import CampaignForm, QuestionFormSet, TemplateForm, options_text
from .models import SurveyTemplate
from .scores import DIMENSIONS, campaign_results, indicators_by_segment, scores_by_month
from .selectors import campaign_get, campaign_invitations, campaign_list, template_get
from .services import (
    campaign_close,
    campaign_create,
    campaign_remind,
    campaign_send,
    template_create,
    template_new_version,
    template_publish,
    template_update,
)
from .services.campaigns import invitation_link


def _may_design(user: Any) -> bool:
    return bool(user.is_admin_role or user.is_supervisor)


@login_required
def survey_home_view(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "surveys/home.html",
        {
            "campaigns": campaign_list(user=request.user)[:50],
            "templates": SurveyTemplate.objects.order_by("key", "-version"),
            "may_design": _may_design(request.user),
        },
    )


def _questions_from(formset: Any) -> list[dict[str, Any]]:
    rows = []
    for form in formset.forms:
        if not form.has_changed() or form.cleaned_data.get("DELETE"):
            continue
        values = {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        values["measures"] = values.get("measures") or ""
        rows.append(values)
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def template_edit_view(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    if not _may_design(request.user):
        raise PermissionDenied
    template = template_get(pk=pk) if pk else None
    if template is not None and template.is_frozen:
        return redirect("surveys:template", pk=template.pk)
    initial_questions = [
        {
            **{
                name: getattr(q, name)
                for name in (
                    "section_en",
                    "section_zh",
                    "kind",
                    "text_en",
                    "text_zh",
                    "required",
                    "measures",
                )
            },
            "options": options_text(q.options),
        }
        for q in (template.questions.all() if template else [])
    ]
    form = TemplateForm(
        request.POST or None,
        initial={
            name: getattr(template, name)
            for name in ("key", "title_en", "title_zh", "intro_en", "intro_zh")
        }
        if template
        else None,
    )
    formset = QuestionFormSet(request.POST or None, initial=initial_questions, prefix="q")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and formset.is_valid():
            try:
                if template is None:
                    template = template_create(
                        actor=request.user,
                        fields=form.cleaned_data,
                        questions=_questions_from(formset),
                    )
                else:
                    template_update(
                        template=template,
                        actor=request.user,
                        fields=form.cleaned_data,
                        questions=_questions_from(formset),
                    )
            except InvalidInput as exc:
                for field, errors in exc.field_errors.items():
                    for error in errors:
                        form.add_error(
                            field if field in form.fields else None,
                            f"{error}" if field in form.fields else f"{field}: {error}",
                        )
            else:
                messages.success(request, _("Template saved."))
                return redirect("surveys:template", pk=template.pk)
    return render(
        request,
        "surveys/template_form.html",
        {"form": form, "formset": formset, "template": template},
        status=status,
    )


@login_required
def template_detail_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    template = template_get(pk=pk)
    versions = SurveyTemplate.objects.filter(key=template.key).order_by("-version")
    return render(
        request,
        "surveys/template_detail.html",
        {"template": template, "versions": versions, "may_design": _may_design(request.user)},
    )


@login_required
@require_POST
def template_action_view(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    template = template_get(pk=pk)
    try:
        if action == "publish":
            template = template_publish(template=template, actor=request.user)
            messages.success(request, _("Template published."))
        elif action == "new-version":
            template = template_new_version(template=template, actor=request.user)
            messages.success(request, _("A new draft version was made."))
            return redirect("surveys:template-edit", pk=template.pk)
        else:
            raise PermissionDenied
    except DomainError as exc:
        if exc.status_code == 403:
            raise PermissionDenied from exc
        messages.error(request, exc.message)
        return render(
            request,
            "surveys/template_detail.html",
            {
                "template": template,
                "versions": SurveyTemplate.objects.filter(key=template.key),
                "may_design": _may_design(request.user),
            },
            status=exc.status_code,
        )
    return redirect("surveys:template", pk=template.pk)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create_view(request: AuthenticatedRequest) -> HttpResponse:
    if request.user.is_department_staff:
        raise PermissionDenied
    form = CampaignForm(
        request.POST or None,
        user=request.user,
        initial={
            "customer": request.GET.get("customer"),
            "kind": "single" if request.GET.get("customer") else "segment",
        },
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                campaign = campaign_create(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    template=form.cleaned_data["template"],
                    kind=form.cleaned_data["kind"],
                    segment=form.segment(),
                    customer=form.cleaned_data.get("customer"),
                    expires_after_days=form.cleaned_data["expires_after_days"],
                )
            except InvalidInput as exc:
                for field, errors in exc.field_errors.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            except DomainError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("Campaign created."))
                return redirect("surveys:campaign", pk=campaign.pk)
    return render(request, "surveys/campaign_form.html", {"form": form}, status=status)


@login_required
def campaign_detail_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    campaign = campaign_get(user=request.user, pk=pk)
    invitations = campaign_invitations(campaign=campaign, user=request.user)
    return render(
        request,
        "surveys/campaign_detail.html",
        {
            "campaign": campaign,
            "results": campaign_results(campaign=campaign, user=request.user),
            "invitations": [
                (invitation, invitation_link(invitation)) for invitation in invitations
            ],
        },
    )


@login_required
@require_POST
def campaign_action_view(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    campaign = campaign_get(user=request.user, pk=pk)
    try:
        if action == "send":
            count = campaign_send(campaign=campaign, actor=request.user)
            messages.success(request, _("%(count)d invitations created.") % {"count": count})
        elif action == "remind":
            if campaign.created_by_id != request.user.pk and not request.user.is_admin_role:
                raise PermissionDenied
            count = campaign_remind(campaign=campaign)
            messages.success(request, _("%(count)d reminders sent.") % {"count": count})
        elif action == "close":
            campaign_close(campaign=campaign, actor=request.user)
            messages.success(request, _("Campaign closed."))
        else:
            raise PermissionDenied
    except IllegalStateChange as exc:
        messages.error(request, exc.message)
        return redirect("surveys:campaign", pk=campaign.pk)
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return redirect("surveys:campaign", pk=campaign.pk)
    except DomainError as exc:
        raise PermissionDenied from exc
    return redirect("surveys:campaign", pk=campaign.pk)


def _period(request: AuthenticatedRequest) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        date_from = date.fromisoformat(request.GET.get("date_from", ""))
    except ValueError:
        date_from = today - timedelta(days=365)
    try:
        date_to = date.fromisoformat(request.GET.get("date_to", ""))
    except ValueError:
        date_to = today
    return (date_from, date_to) if date_from <= date_to else (date_to, date_from)


@login_required
def dashboard_view(request: AuthenticatedRequest) -> HttpResponse:
    dimension = request.GET.get("dimension", "tier")
    if dimension not in DIMENSIONS:
        dimension = "tier"
    date_from, date_to = _period(request)
    return render(
        request,
        "surveys/dashboard.html",
        {
            "dimension": dimension,
            "dimensions": [
                ("tier", _("Service tier")),
                ("lifecycle_state", _("Lifecycle state")),
                ("region", _("Region")),
                ("kind", _("Kind")),
            ],
            "segments": indicators_by_segment(
                user=request.user, dimension=dimension, date_from=date_from, date_to=date_to
            ),
            "months": scores_by_month(user=request.user),
            "date_from": date_from,
            "date_to": date_to,
        },
    )
