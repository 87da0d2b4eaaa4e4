from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import InvalidInput, NotVisible
from core.http import api_user
from core.idempotency import IDEMPOTENCY_PARAMETER, idempotent
from core.ratelimit import AddressBudgetThrottle

from ..models import Campaign, Invitation, SurveyResponse, SurveyTemplate
from ..scores import DIMENSIONS, campaign_results, indicators_by_segment
from ..selectors import campaign_get, campaign_list, response_list, template_get
from ..services import (
    campaign_close,
    campaign_create,
    campaign_remind,
    campaign_send,
    response_submit,
    template_create,
    template_new_version,
    template_publish,
    template_update,
)
from ..views import _period
from .serializers import (
    CampaignSerializer,
    PublicSubmitSerializer,
    PublicSurveySerializer,
    SurveyResponseSerializer,
    SurveyTemplateSerializer,
)

SCORES = inline_serializer(
    "SurveyScores",
    {
        "responses": serializers.IntegerField(),
        "csat": serializers.FloatField(allow_null=True),
        "nps": serializers.FloatField(allow_null=True),
        "promoters": serializers.IntegerField(),
        "passives": serializers.IntegerField(),
        "detractors": serializers.IntegerField(),
        "index": serializers.FloatField(allow_null=True),
    },
)


def _template_payload(validated: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    questions = [dict(q) for q in validated.pop("questions", [])]
    for question in questions:
        question["options"] = [dict(o) for o in question.get("options", [])]
    return validated, questions


class SurveyTemplateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[SurveyTemplate]
):
    """Questionnaire templates. Published versions are frozen; edit by making a new version."""

    scope_area = "surveys"
    serializer_class = SurveyTemplateSerializer
    queryset = SurveyTemplate.objects.prefetch_related("questions")
    filterset_fields = ["key", "status"]
    ordering = ["key", "-version"]

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields, questions = _template_payload(dict(serializer.validated_data))
        template = template_create(actor=api_user(request), fields=fields, questions=questions)
        return Response(
            self.get_serializer(template_get(pk=template.pk)).data, status=status.HTTP_201_CREATED
        )

    def update(self, request: Request, pk: str | None = None) -> Response:
        template = template_get(pk=pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields, questions = _template_payload(dict(serializer.validated_data))
        template = template_update(
            template=template, actor=api_user(request), fields=fields, questions=questions
        )
        return Response(self.get_serializer(template_get(pk=template.pk)).data)

    @extend_schema(request=None, responses=SurveyTemplateSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        template = template_publish(template=template_get(pk=pk), actor=api_user(request))
        return Response(self.get_serializer(template_get(pk=template.pk)).data)

    @extend_schema(request=None, responses={201: SurveyTemplateSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request: Request, pk: str | None = None) -> Response:
        draft = template_new_version(template=template_get(pk=pk), actor=api_user(request))
        return Response(
            self.get_serializer(template_get(pk=draft.pk)).data, status=status.HTTP_201_CREATED
        )


class CampaignViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Campaign]
):
    """Survey campaigns you run (a supervisor: the department's; an admin: all)."""

    scope_area = "surveys"
    serializer_class = CampaignSerializer
    filterset_fields = ["kind", "status", "template"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self) -> QuerySet[Campaign]:
        return campaign_list(user=api_user(self.request))

    def get_object(self) -> Campaign:
        return campaign_get(user=api_user(self.request), pk=self.kwargs["pk"])

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        campaign = campaign_create(
            actor=api_user(request),
            name=values["name"],
            template=values["template"],
            kind=values["kind"],
            segment=values.get("segment") or {},
            customer=values.get("customer"),
            expires_after_days=values.get("expires_after_days", 14),
        )
        return Response(
            self.get_serializer(campaign_get(user=api_user(request), pk=campaign.pk)).data,
            status=201,
        )

    @extend_schema(
        request=None,
        responses=inline_serializer("SendResult", {"invitations": serializers.IntegerField()}),
    )
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str | None = None) -> Response:
        return Response(
            {"invitations": campaign_send(campaign=self.get_object(), actor=api_user(request))}
        )

    @extend_schema(
        request=None,
        responses=inline_serializer("RemindResult", {"reminders": serializers.IntegerField()}),
    )
    @action(detail=True, methods=["post"])
    def remind(self, request: Request, pk: str | None = None) -> Response:
        return Response({"reminders": campaign_remind(campaign=self.get_object())})

    @extend_schema(request=None, responses=CampaignSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        campaign = campaign_close(campaign=self.get_object(), actor=api_user(request))
        return Response(
            self.get_serializer(campaign_get(user=api_user(request), pk=campaign.pk)).data
        )

    @extend_schema(
        responses=inline_serializer(
            "CampaignResults",
            {
                "invited": serializers.IntegerField(),
                "answered": serializers.IntegerField(),
                "response_rate": serializers.FloatField(),
                "scores": SCORES,
                "aspects": serializers.ListField(child=serializers.DictField()),
            },
        )
    )
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str | None = None) -> Response:
        """CSAT, NPS and the satisfaction index; aspects ranked by gap, most missed first."""
        results = campaign_results(campaign=self.get_object(), user=api_user(request))
        return Response(
            {
                "invited": results.invited,
                "answered": results.answered,
                "response_rate": results.response_rate,
                "scores": asdict(results.scores),
                "aspects": [{**asdict(a), "gap": a.gap} for a in results.aspects],
            }
        )


class SurveyResponseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[SurveyResponse]
):
    """Answers of the customers you may see."""

    scope_area = "surveys"
    serializer_class = SurveyResponseSerializer
    filterset_fields = ["customer", "template"]
    ordering = ["-submitted_at", "-id"]

    def get_queryset(self) -> QuerySet[SurveyResponse]:
        return response_list(user=api_user(self.request)).prefetch_related("answers")


class SegmentResultsView(APIView):
    scope_area = "surveys"

    @extend_schema(
        parameters=[
            OpenApiParameter("dimension", str, enum=list(DIMENSIONS)),
            OpenApiParameter("date_from", str),
            OpenApiParameter("date_to", str),
        ],
        responses=inline_serializer(
            "SegmentResults",
            {
                "dimension": serializers.CharField(),
                "segments": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        """Scores and the five indicators per segment (reputation, awareness, repurchase rate,
        complaint rate, sales power), over the customers you may see."""
        dimension = request.query_params.get("dimension", "tier")
        if dimension not in DIMENSIONS:
            raise InvalidInput(
                _("Unknown dimension."), field_errors={"dimension": [", ".join(DIMENSIONS)]}
            )
        date_from, date_to = _period(request)  # type: ignore[arg-type]
        segments = indicators_by_segment(
            user=api_user(request), dimension=dimension, date_from=date_from, date_to=date_to
        )
        return Response(
            {
                "dimension": dimension,
                "segments": [
                    {
                        "key": s.key,
                        "label": s.label,
                        "customers": s.customers,
                        "scores": asdict(s.scores),
                        "awareness": s.awareness,
                        "repurchase_rate": s.repurchase_rate,
                        "complaint_rate": s.complaint_rate,
                        "sales_power": s.sales_power,
                    }
                    for s in segments
                ],
            }
        )


class PublicSurveyView(APIView):
    """The customer's side, by link token: no login, throttled per address."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [AddressBudgetThrottle]
    throttle_scope = "survey_public"
    scope_area = "surveys"

    def _invitation(self, token: str) -> Invitation:
        invitation = (
            Invitation.objects.select_related("campaign__template").filter(token=token).first()
            if 20 <= len(token) <= 64
            else None
        )
        if invitation is None:
            raise NotVisible(_("This survey link is not valid."))
        return invitation

    @extend_schema(responses=PublicSurveySerializer)
    def get(self, request: Request, token: str) -> Response:
        invitation = self._invitation(token)
        language = request.query_params.get("lang") or invitation.language
        template = invitation.campaign.template
        return Response(
            {
                "title": template.title(language),
                "intro": template.intro(language),
                "language": language,
                "expires_at": invitation.expires_at,
                "questions": [
                    {
                        "key": f"q{q.pk}",
                        "kind": q.kind,
                        "text": q.text(language),
                        "section": q.section(language),
                        "mandatory": q.required,
                        "options": [list(o) for o in q.option_labels(language)],
                    }
                    for q in template.questions.all()
                ],
            }
        )

    @extend_schema(
        request=PublicSubmitSerializer,
        responses={201: inline_serializer("Submitted", {"status": serializers.CharField()})},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    @idempotent
    def post(self, request: Request, token: str) -> Response:
        serializer = PublicSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        response_submit(
            token=token,
            submitted=serializer.validated_data["answers"],
            language=serializer.validated_data.get("language", ""),
        )
        return Response({"status": "received"}, status=status.HTTP_201_CREATED)
