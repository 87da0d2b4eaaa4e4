from __future__ import annotations

from typing import Any

from rest_framework import serializers

from customers.models import Customer

from ..choices import CampaignKind, Measures, QuestionKind
from ..models import Answer, Campaign, Question, SurveyResponse, SurveyTemplate


class OptionSerializer(serializers.Serializer):
    value = serializers.CharField(max_length=60)
    en = serializers.CharField(max_length=200)
    zh = serializers.CharField(max_length=200)


class QuestionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    measures = serializers.ChoiceField(choices=Measures.choices, required=False, allow_blank=True)
    options = OptionSerializer(many=True, required=False)

    class Meta:
        model = Question
        fields = [
            "id",
            "position",
            "section_en",
            "section_zh",
            "kind",
            "text_en",
            "text_zh",
            "required",
            "options",
            "measures",
        ]
        read_only_fields = ["id", "position"]


class SurveyTemplateSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True)
    key = serializers.SlugField(max_length=60, required=False)

    class Meta:
        model = SurveyTemplate
        fields = [
            "id",
            "key",
            "version",
            "title_en",
            "title_zh",
            "intro_en",
            "intro_zh",
            "status",
            "published_at",
            "questions",
        ]
        read_only_fields = ["id", "version", "status", "published_at"]


class CampaignSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=CampaignKind.choices)
    template = serializers.PrimaryKeyRelatedField(queryset=SurveyTemplate.objects.all())
    customer = serializers.PrimaryKeyRelatedField(
        queryset=Customer.objects.none(), required=False, allow_null=True
    )
    segment = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(max_length=100)), required=False
    )
    invited = serializers.IntegerField(read_only=True, default=0)
    answered = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "template",
            "kind",
            "segment",
            "customer",
            "expires_after_days",
            "status",
            "created_by",
            "created_at",
            "sent_at",
            "invited",
            "answered",
        ]
        read_only_fields = ["id", "status", "created_by", "created_at", "sent_at"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            fields["customer"].queryset = Customer.objects.visible_to(request.user)  # type: ignore[attr-defined]
        return fields


class AnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Answer
        fields = ["question", "score", "expected", "perceived", "choices", "text"]


class SurveyResponseSerializer(serializers.ModelSerializer):
    answers = AnswerSerializer(many=True, read_only=True)
    campaign = serializers.IntegerField(source="invitation.campaign_id", read_only=True)
    is_detractor = serializers.BooleanField(read_only=True)

    class Meta:
        model = SurveyResponse
        fields = [
            "id",
            "campaign",
            "template",
            "customer",
            "submitted_at",
            "language",
            "nps",
            "csat",
            "satisfaction_index",
            "is_detractor",
            "answers",
        ]
        read_only_fields = fields


class PublicQuestionSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    text = serializers.CharField()
    section = serializers.CharField()
    mandatory = serializers.BooleanField(help_text="An answer is required.")
    options = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class PublicSurveySerializer(serializers.Serializer):
    title = serializers.CharField()
    intro = serializers.CharField()
    language = serializers.CharField()
    expires_at = serializers.DateTimeField()
    questions = PublicQuestionSerializer(many=True)


class PublicSubmitSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=["en", "zh-hans"], required=False)
    answers = serializers.DictField(
        help_text='Keyed "q<id>": a number (rating, NPS), {"expected": n, "perceived": n}, '
        "an option value, a list of option values, or text."
    )
