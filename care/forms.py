from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from customers.choices import InteractionChannel

from .models import LossReason


class ReminderDoneForm(forms.Form):
    channel = forms.ChoiceField(label=_("How you got in touch"), choices=InteractionChannel.choices)
    summary = forms.CharField(
        label=_("What was said"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReminderSnoozeForm(forms.Form):
    until = forms.DateField(label=_("Remind me on"), widget=forms.DateInput(attrs={"type": "date"}))


class ReminderDismissForm(forms.Form):
    reason = forms.CharField(label=_("Why (optional)"), max_length=4000, required=False)


class LossReasonForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[c for c in LossReason.choices if c[0]])
    note = forms.CharField(
        label=_("Note"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
