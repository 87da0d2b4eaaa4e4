"""The page a customer opens from their link: no login, a phone-friendly form, answered once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import InvalidInput, NotVisible
from core.ratelimit import over_budget

from .choices import QuestionKind
from .models import Invitation, Question
from .services import response_submit
from .services.responses import AlreadyAnswered, LinkExpired

LANGUAGES = ("zh-hans", "en")


def answers_from_post(questions: list[Question], post: Any) -> dict[str, Any]:
    """The HTML form's fields as the service's answer mapping."""
    submitted: dict[str, Any] = {}
    for question in questions:
        key = f"q{question.pk}"
        if question.kind == QuestionKind.EXPECTATION:
            expected, perceived = post.get(f"{key}_expected", ""), post.get(f"{key}_perceived", "")
            if expected or perceived:
                submitted[key] = {"expected": expected, "perceived": perceived}
        elif question.kind == QuestionKind.MULTIPLE:
            chosen = post.getlist(key)
            if chosen:
                submitted[key] = chosen
        else:
            value = post.get(key, "")
            if value != "":
                submitted[key] = value
    return submitted


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int, language: str
) -> HttpResponse:
    with translation.override(language):
        response = render(request, template, {**context, "language": language}, status=status)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


@require_http_methods(["GET", "POST"])
def respond_view(request: HttpRequest, token: str) -> HttpResponse:
    language = request.GET.get("lang") or request.POST.get("lang") or ""
    if over_budget(request, scope="survey-page", rate=settings.SURVEY_RATE_LIMIT):
        return _page(
            request,
            "surveys/public/message.html",
            {"title": _("Too many requests"), "message": _("Please wait a minute and try again.")},
            429,
            language if language in LANGUAGES else settings.LANGUAGE_CODE,
        )
    invitation = (
        Invitation.objects.select_related("campaign__template", "customer")
        .filter(token=token)
        .first()
        if 20 <= len(token) <= 64
        else None
    )
    if language not in LANGUAGES:
        language = invitation.language if invitation else settings.LANGUAGE_CODE
    with translation.override(language):
        if invitation is None:
            return _page(
                request,
                "surveys/public/message.html",
                {
                    "title": _("This link does not work"),
                    "message": _("Please check that you copied the whole link."),
                },
                404,
                language,
            )
        if invitation.responded_at is not None:
            return _page(
                request,
                "surveys/public/message.html",
                {"title": _("Thank you!"), "message": _("You have answered this survey already.")},
                200,
                language,
            )
        if invitation.is_expired:
            return _page(
                request,
                "surveys/public/message.html",
                {
                    "title": _("This survey has closed"),
                    "message": _("The link has expired. Thank you for your interest."),
                },
                410,
                language,
            )
        template = invitation.campaign.template
        questions = list(template.questions.all())
        errors: dict[str, list[str]] = {}
        values: dict[str, Any] = {}
        status = 200
        if request.method == "POST":
            values = answers_from_post(questions, request.POST)
            try:
                response_submit(token=token, submitted=values, language=language)
            except InvalidInput as exc:
                errors, status = exc.field_errors, 400
            except AlreadyAnswered:
                return _page(
                    request,
                    "surveys/public/message.html",
                    {
                        "title": _("Thank you!"),
                        "message": _("You have answered this survey already."),
                    },
                    200,
                    language,
                )
            except LinkExpired:
                return _page(
                    request,
                    "surveys/public/message.html",
                    {
                        "title": _("This survey has closed"),
                        "message": _("The link has expired. Thank you for your interest."),
                    },
                    410,
                    language,
                )
            except NotVisible:
                return _page(
                    request,
                    "surveys/public/message.html",
                    {
                        "title": _("This link does not work"),
                        "message": _("Please check that you copied the whole link."),
                    },
                    404,
                    language,
                )
            else:
                return _page(
                    request,
                    "surveys/public/message.html",
                    {
                        "title": _("Thank you!"),
                        "message": _("Your answers help us serve you better."),
                    },
                    200,
                    language,
                )
        return _page(
            request,
            "surveys/public/form.html",
            {
                "invitation": invitation,
                "template": template,
                "title": template.title(language),
                "intro": template.intro(language),
                "questions": [_question_view(q, language, values, errors) for q in questions],
                "error_count": len(errors),
                "scale_5": range(1, 6),
                "scale_11": range(0, 11),
            },
            status,
            language,
        )


def _question_view(
    question: Question, language: str, values: dict[str, Any], errors: dict[str, list[str]]
) -> dict[str, Any]:
    key = f"q{question.pk}"
    value = values.get(key)
    return {
        "key": key,
        "kind": question.kind,
        "text": question.text(language),
        "section": question.section(language),
        "required": question.required,
        "options": question.option_labels(language),
        "value": value if not isinstance(value, dict) else "",
        "chosen": value if isinstance(value, list) else [value] if isinstance(value, str) else [],
        "expected": str(value.get("expected", "")) if isinstance(value, dict) else "",
        "perceived": str(value.get("perceived", "")) if isinstance(value, dict) else "",
        "errors": errors.get(key, [])
        + errors.get(f"{key}.expected", [])
        + errors.get(f"{key}.perceived", []),
    }
