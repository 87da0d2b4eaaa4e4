from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .choices import CalendarKind, LifecycleState
from .fields import BASIC, EDITABLE_FIELDS, SECTIONS, Section, fields_of
from .filters import owner_choices_for
from .lifecycle import manual_targets
from .models import NOT_SET, Customer, ImportantDate, Interaction, KeyContact, Region

TEXT_MAX = settings.CRM_TEXT_MAX_LENGTH
# CustomerForm fields that are not archive attributes: handed to the service apart.
FORM_ONLY_FIELDS = ("lifecycle_state", "owner", "tag_names")


class CustomerForm(forms.ModelForm):
    """Archive fields; owner, tags and the initial state are handed to the service apart."""

    owner = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("Account manager")
    )
    tag_names = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=600,
        help_text=_("Separate tags with commas."),
    )
    lifecycle_state = forms.ChoiceField(
        label=_("Lifecycle state"), choices=LifecycleState.choices, initial=LifecycleState.POTENTIAL
    )

    class Meta:
        model = Customer
        fields = list(EDITABLE_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 2, "maxlength": TEXT_MAX})
            for name in EDITABLE_FIELDS
            if isinstance(Customer._meta.get_field(name), models.TextField)
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        # Active regions, and the one the customer is in even if deactivated since.
        self.fields["region"].queryset = Region.objects.filter(  # type: ignore[attr-defined]
            Q(is_active=True) | Q(pk=self.instance.region_id)
        )
        self.fields["region"].empty_label = NOT_SET  # type: ignore[attr-defined]
        self.fields["referred_by"].queryset = Customer.objects.visible_to(user).only("id", "name")  # type: ignore[attr-defined]
        self.fields["referred_by"].widget = forms.NumberInput(attrs={"min": 1})
        self.fields["referred_by"].help_text = _("The referring customer's number.")
        owners = owner_choices_for(user)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["lifecycle_state"]
            self.fields["owner"].initial = self.instance.owner_id
            self.fields["tag_names"].initial = ", ".join(t.name for t in self.instance.tags.all())
            if not (user.is_admin_role or user.is_supervisor):
                del self.fields["owner"]
        elif user.is_manager:
            del self.fields["owner"]

    def sections(self) -> list[tuple[Section, list[forms.BoundField]]]:
        """The fieldsets of the page, as customers/fields.py groups the archive; the owner, the
        first lifecycle state and the tags close the basic data."""
        grouped = []
        for section in SECTIONS:
            names = [field.name for field in fields_of(section)]
            if section == BASIC:
                names += [name for name in FORM_ONLY_FIELDS if name in self.fields]
            grouped.append((section, [self[name] for name in names]))
        return grouped

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # As the service says it, next to the field (the model constraint would only name itself).
        referrer = cleaned.get("referred_by")
        if referrer is not None and self.instance.pk and referrer.pk == self.instance.pk:
            self.add_error("referred_by", _("A customer cannot refer themselves."))
        return cleaned

    def clean_tag_names(self) -> list[str]:
        raw = self.cleaned_data.get("tag_names") or ""
        return [name.strip() for name in raw.replace("，", ",").split(",") if name.strip()]


class ImportantDateForm(forms.ModelForm):
    class Meta:
        model = ImportantDate
        fields = ["kind", "label", "calendar", "year", "month", "day", "is_leap_month"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # As the service says it, next to the field (the model constraint would only name itself).
        if cleaned.get("calendar") == CalendarKind.LUNAR and (cleaned.get("day") or 0) > 30:
            self.add_error("day", _("A lunar month has at most 30 days."))
        elif cleaned.get("calendar") == CalendarKind.SOLAR and cleaned.get("is_leap_month"):
            self.add_error("is_leap_month", _("Only a lunar date has a leap month."))
        return cleaned


class KeyContactForm(forms.ModelForm):
    class Meta:
        model = KeyContact
        fields = ["name", "title", "decision_role", "phone", "email", "notes"]
        widgets = {"notes": forms.TextInput(attrs={"maxlength": TEXT_MAX})}


ImportantDateFormSet = forms.inlineformset_factory(
    Customer,
    ImportantDate,
    form=ImportantDateForm,
    extra=1,
    can_delete=True,
    max_num=20,
    validate_max=True,
)
KeyContactFormSet = forms.inlineformset_factory(
    Customer,
    KeyContact,
    form=KeyContactForm,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


@dataclass
class KeptRows:
    """The rows a user kept in a formset: plain values for the service, and their forms so the
    service's errors (``important_dates[2].day``) land next to the right field."""

    values: list[dict[str, Any]] = field(default_factory=list)
    forms: list[forms.BaseForm] = field(default_factory=list)


def formset_rows(formset: forms.BaseInlineFormSet[Any, Any, Any]) -> KeptRows:
    kept = KeptRows()
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        if form.cleaned_data.get("DELETE"):
            continue
        values = {
            k: v for k, v in form.cleaned_data.items() if k not in ("DELETE", "id", "customer")
        }
        if values:
            kept.values.append(values)
            kept.forms.append(form)
    return kept


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["channel", "occurred_at", "summary", "promise", "promise_due", "next_step"]
        widgets = {
            "occurred_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "promise_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}),
            "promise": forms.TextInput(attrs={"maxlength": TEXT_MAX}),
            "next_step": forms.TextInput(attrs={"maxlength": TEXT_MAX}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        # The page also sends back what it showed, so clean_occurred_at can tell "left as shown".
        self.fields["occurred_at"].show_hidden_initial = True
        self.fields["occurred_at"].input_formats = [  # type: ignore[attr-defined]
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        # As the service says it, next to the field (the model constraint would only name itself).
        if cleaned.get("promise_due") and not (cleaned.get("promise") or "").strip():
            self.add_error("promise", _("Say what was promised when you give a due date."))
        return cleaned

    def clean_occurred_at(self) -> Any:
        occurred_at = self.cleaned_data.get("occurred_at")
        # Left as shown (the minute the page opened): the contact happened now, so keep the real
        # moment — it then sorts after everything that happened since the page was opened.
        if occurred_at and "occurred_at" not in self.changed_data:
            return timezone.now()
        return occurred_at


class _LifecycleStateField(forms.ChoiceField):
    """Offers the moves allowed from the current state but accepts any known state, so an illegal
    move (e.g. from a stale page) reaches the service and answers 409 like the API."""

    def valid_value(self, value: Any) -> bool:
        return value in LifecycleState.values


class LifecycleChangeForm(forms.Form):
    to_state = _LifecycleStateField(label=_("New state"), choices=())
    reason = forms.CharField(label=_("Reason"), max_length=TEXT_MAX, widget=forms.TextInput())

    def __init__(self, *args: Any, current_state: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        targets = manual_targets(current_state)
        self.fields["to_state"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in LifecycleState.choices if value in targets
        ]


ROW_ERROR = re.compile(r"^(?P<group>\w+)\[(?P<index>\d+)\]\.(?P<field>\w+)$")


def apply_field_errors(
    form: forms.BaseForm,
    field_errors: dict[str, list[str]],
    message: str,
    rows: dict[str, KeptRows] | None = None,
) -> None:
    """Show a service's field errors next to the fields they are about."""
    aliases = {"tags": "tag_names"}
    placed = False
    for key, messages in field_errors.items():
        name = aliases.get(key, key)
        row = ROW_ERROR.match(key)
        for text in messages:
            if row and rows and row["group"] in rows:
                kept = rows[row["group"]].forms
                index = int(row["index"])
                if index < len(kept) and row["field"] in kept[index].fields:
                    kept[index].add_error(row["field"], text)
                    form.add_error(None, message)
                    placed = True
                    continue
            if name in form.fields:
                form.add_error(name, text)
            else:
                form.add_error(None, text if key == "non_field_errors" else f"{key}: {text}")
            placed = True
    if not placed:
        form.add_error(None, message)
