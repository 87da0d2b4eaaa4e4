from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from customers.choices import LifecycleState, PersonalityType, ServiceTier
from customers.models import Customer, Region, Tag

from .choices import CampaignKind, Measures, QuestionKind
from .models import SurveyTemplate


class TemplateForm(forms.Form):
    key = forms.SlugField(
        label=_("Key"),
        max_length=60,
        required=False,
        help_text=_("Short name shared by all versions, e.g. after-sales."),
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    intro_en = forms.CharField(
        label=_("Introduction (English)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    intro_zh = forms.CharField(
        label=_("Introduction (Chinese)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QuestionForm(forms.Form):
    section_en = forms.CharField(label=_("Section (English)"), required=False, max_length=200)
    section_zh = forms.CharField(label=_("Section (Chinese)"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text_en = forms.CharField(label=_("Question (English)"), max_length=500)
    text_zh = forms.CharField(label=_("Question (Chinese)"), max_length=500)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    measures = forms.ChoiceField(
        label=_("Feeds the indicator"), choices=Measures.choices, required=False
    )
    options = forms.CharField(
        label=_("Options"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Choice questions: one option per line as value | English | 中文."),
    )

    def clean_options(self) -> list[dict[str, str]]:
        options = []
        for line in (self.cleaned_data.get("options") or "").splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3 or not all(parts):
                raise forms.ValidationError(_("Write each option as value | English | 中文."))
            options.append({"value": parts[0], "en": parts[1], "zh": parts[2]})
        return options


QuestionFormSet = forms.formset_factory(
    QuestionForm, extra=2, can_delete=True, max_num=60, validate_max=True
)


def options_text(options: list[dict[str, str]]) -> str:
    return "\n".join(f"{o['value']} | {o['en']} | {o['zh']}" for o in options)


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    template = forms.ModelChoiceField(label=_("Template"), queryset=SurveyTemplate.objects.none())
    kind = forms.ChoiceField(label=_("Who receives it"), choices=CampaignKind.choices)
    expires_after_days = forms.IntegerField(
        label=_("Links expire after (days)"), min_value=1, max_value=365, initial=14
    )
    customer = forms.ModelChoiceField(
        label=_("Customer (for one customer)"),
        queryset=Customer.objects.none(),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
    )
    lifecycle_state = forms.MultipleChoiceField(
        label=_("Lifecycle state"), choices=LifecycleState.choices, required=False
    )
    tier = forms.MultipleChoiceField(
        label=_("Service tier"), choices=ServiceTier.choices, required=False
    )
    region = forms.ModelMultipleChoiceField(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="code", required=False
    )
    tag = forms.ModelMultipleChoiceField(
        label=_("Tag"), queryset=Tag.objects.all(), to_field_name="name", required=False
    )
    personality_type = forms.MultipleChoiceField(
        label=_("Personality type"), choices=PersonalityType.choices, required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = SurveyTemplate.objects.filter(status="published")  # type: ignore[attr-defined]
        self.fields["customer"].queryset = Customer.objects.visible_to(user)  # type: ignore[attr-defined]

    def segment(self) -> dict[str, list[str]]:
        data = self.cleaned_data
        segment: dict[str, list[str]] = {}
        for key in ("lifecycle_state", "tier", "personality_type"):
            if data.get(key):
                segment[key] = list(data[key])
        if data.get("region"):
            segment["region"] = [region.code for region in data["region"]]
        if data.get("tag"):
            segment["tag"] = [tag.name for tag in data["tag"]]
        return segment
