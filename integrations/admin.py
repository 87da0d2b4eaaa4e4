from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from .egress import destination_verdict
from .models import (
    API_SCOPES,
    WEBHOOK_EVENTS,
    ApiClient,
    WebhookAllowedHost,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from .services import api_client_issue, api_client_revoke, webhook_replay


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=[(s, s) for s in API_SCOPES], widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiClient
        fields = ["name", "acts_as", "scopes", "throttle_rate"]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["name", "token_prefix", "acts_as", "scopes", "last_used_at", "revoked_at"]
    readonly_fields = ["token_prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        if obj is not None:  # a token's grants are fixed; issue a new one to change them
            return [*self.readonly_fields, "name", "acts_as", "scopes", "throttle_rate"]
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: ApiClient, form: Any, change: bool) -> None:
        if change:
            return
        client, raw = api_client_issue(
            actor=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            acts_as=form.cleaned_data["acts_as"],
            scopes=form.cleaned_data["scopes"],
            throttle_rate=form.cleaned_data["throttle_rate"],
        )
        obj.pk = client.pk
        messages.warning(
            request,
            _("Token for %(name)s (shown only now): %(token)s")
            % {"name": client.name, "token": raw},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset.filter(revoked_at__isnull=True):
            api_client_revoke(client=client, actor=request.user)  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # revoke instead: the record of who had access stays


@admin.register(WebhookAllowedHost)
class WebhookAllowedHostAdmin(admin.ModelAdmin):
    list_display = ["host", "note"]


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=[(e, e) for e in WEBHOOK_EVENTS],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "secret", "events", "is_active"]

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        verdict = destination_verdict(url)
        if not verdict.allowed:
            raise forms.ValidationError(verdict.reason)
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "url", "events", "is_active"]


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["at", "status_code", "error", "duration_ms"]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "endpoint", "status", "attempts", "last_status_code"]
    list_filter = ["status", "event", "endpoint"]
    readonly_fields = [
        "endpoint",
        "event",
        "event_id",
        "payload",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "created_at",
        "delivered_at",
    ]
    inlines = [WebhookAttemptInline]
    actions = ["replay"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Send the selected deliveries again"))
    def replay(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        for delivery in queryset:
            try:
                webhook_replay(delivery=delivery, actor=request.user)  # type: ignore[arg-type]
            except DomainError as exc:
                messages.error(request, f"{delivery}: {exc.message}")
