from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from .models import Answer, Campaign, Invitation, Question, SurveyResponse, SurveyTemplate


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(admin.ModelAdmin):
    list_display = ["key", "version", "title_en", "status", "published_at"]
    list_filter = ["status"]
    inlines = [QuestionInline]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Published versions are frozen: change them by making a new version.
        return obj is None or getattr(obj, "status", "") == "draft"


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "template", "created_by", "sent_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["customer"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["campaign", "customer", "expires_at", "emailed_at", "responded_at"]
    raw_id_fields = ["customer"]
    exclude = ["token"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    readonly_fields = ["question", "score", "expected", "perceived", "choices", "text"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["customer", "template", "submitted_at", "nps", "csat", "satisfaction_index"]
    readonly_fields = [
        "invitation",
        "template",
        "customer",
        "submitted_at",
        "language",
        "nps",
        "csat",
        "satisfaction_index",
    ]
    inlines = [AnswerInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
