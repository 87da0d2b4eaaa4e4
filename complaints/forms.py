"""What each step asks for. Pages render these; the API validates its JSON with the same forms."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department

from .choices import (
    PAID_COMPENSATION,
    CauseCategory,
    CompensationKind,
    CustomerOpinion,
)
from .models import Complaint

TEXT_MAX = settings.CRM_TEXT_MAX_LENGTH


def _text(label: Any, *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": TEXT_MAX}),
    )


class RecordForm(forms.ModelForm):
    """Step 1: record what the customer complains about."""

    class Meta:
        model = Complaint
        fields = [
            "channel",
            "category",
            "severity",
            "content",
            "customer_request",
            "product_category",
            "received_at",
            "resolved_on_the_spot",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX}),
            "customer_request": forms.Textarea(attrs={"rows": 2, "maxlength": TEXT_MAX}),
            "received_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].required = False
        self.fields["received_at"].input_formats = [  # type: ignore[attr-defined]
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M:%S%z",
            "%Y-%m-%dT%H:%M:%S.%f%z",
        ]

    def clean_received_at(self) -> Any:
        received = self.cleaned_data.get("received_at") or timezone.now()
        if received > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("A complaint cannot be received in the future."))
        return received


class JudgeForm(forms.Form):
    valid = forms.TypedChoiceField(
        label=_("Is the complaint valid?"),
        choices=[("true", _("Valid: handle it")), ("false", _("Not valid: explain and close"))],
        coerce=lambda value: value in (True, "true", "True", "1", 1),
        widget=forms.RadioSelect,
    )
    explanation = _text(_("Explanation to the customer"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("valid") is False and not (cleaned.get("explanation") or "").strip():
            self.add_error("explanation", _("Explain to the customer why it is not valid."))
        return cleaned


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Responsible department"), queryset=Department.objects.all()
    )


class AnalyseForm(forms.Form):
    cause_category = forms.ChoiceField(label=_("Cause"), choices=CauseCategory.choices)
    cause_detail = _text(_("Cause analysis"))


class ProposeForm(forms.Form):
    resolution_actions = _text(_("Proposed resolution"))
    compensation_kind = forms.ChoiceField(label=_("Compensation"), choices=CompensationKind.choices)
    compensation_amount = forms.DecimalField(
        label=_("Compensation amount"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, amount = cleaned.get("compensation_kind"), cleaned.get("compensation_amount")
        if kind in PAID_COMPENSATION and not amount:
            self.add_error("compensation_amount", _("Say what this compensation costs."))
        if kind in (CompensationKind.NONE, CompensationKind.APOLOGY) and amount:
            self.add_error("compensation_amount", _("This kind of compensation costs nothing."))
        return cleaned


class ApproveForm(forms.Form):
    comment = _text(_("Comment"), required=False, rows=2)


class RejectForm(forms.Form):
    comment = _text(_("Why the proposal is rejected"), rows=2)


class ImplementForm(forms.Form):
    implementation = _text(_("What was done"))
    implemented_on = forms.DateField(
        label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_implemented_on(self) -> Any:
        done = self.cleaned_data["implemented_on"]
        if done > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return done


class EvaluateForm(forms.Form):
    evaluation = _text(_("Summary"))
    customer_opinion = forms.ChoiceField(
        label=_("The customer's opinion"), choices=CustomerOpinion.choices
    )
    customer_opinion_note = _text(_("In the customer's words"), required=False, rows=2)
    lessons = _text(_("Lessons learned"), required=False, rows=2)


class CloseForm(forms.Form):
    comment = _text(_("Comment"), required=False, rows=2)


class ReopenForm(forms.Form):
    reason = _text(_("Why it is reopened"), rows=2)


class CommentForm(forms.Form):
    comment = _text(_("Comment"), rows=2)
