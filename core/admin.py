from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutboxMessage, OutboxState
from .outbox import outbox_retry


class ReadOnlyAdmin(admin.ModelAdmin):
    """An audit trail in the admin: looked at, never added to, changed or deleted there (its one
    writer is the app's audit module)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Side effects waiting, done or given up: an operator retries the failed ones here."""

    list_display = ("id", "handler", "state", "attempts", "created_at", "run_after", "last_error")
    list_filter = ("state", "handler")
    search_fields = ("handler", "key")
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    actions = ["retry"]
    show_full_result_count = False  # the table is large: no COUNT(*) over it on every page

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Retry the selected failed messages"))
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        ids = list(queryset.filter(state=OutboxState.FAILED).values_list("pk", flat=True))
        count = outbox_retry(ids=ids)
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
