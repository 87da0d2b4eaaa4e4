from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from .models import Complaint, ComplaintEvent, Escalation, StepDeadline


class ComplaintEventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "action", "from_state", "to_state", "actor", "comment", "changes"]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only here: complaints move only through the workflow (pages and API)."""

    list_display = ["id", "customer", "category", "severity", "state", "department", "received_at"]
    list_filter = ["state", "severity", "category", "department", "is_escalated"]
    search_fields = ["customer__name", "content"]
    list_select_related = ["customer", "department"]
    inlines = [ComplaintEventInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return [field.name for field in Complaint._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(StepDeadline)
class StepDeadlineAdmin(admin.ModelAdmin):
    list_display = ["severity", "state", "hours"]
    list_editable = ["hours"]
    list_filter = ["severity"]


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = ["complaint", "state", "deadline", "escalated_at"]
    readonly_fields = [
        "complaint",
        "state",
        "step_started_at",
        "deadline",
        "escalated_at",
        "notified",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
