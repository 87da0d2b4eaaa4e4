"""Answering a survey: validated, stored once per link, scored, acted on."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from care.models import ReminderKind
from care.services import reminder_schedule
from crm import events
from crm.errors import IllegalStateChange, InvalidInput, NotVisible

from ..choices import QuestionKind
from ..models import Answer, Invitation, Question, SurveyResponse

TEXT_MAX = 4000


class AlreadyAnswered(IllegalStateChange):
    code = "already_answered"


class LinkExpired(IllegalStateChange):
    status_code = 410
    code = "expired"


def _score(value: Any, low: int, high: int) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high and str(value).strip().lstrip("-").isdigit() else None


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def parse_answers(
    questions: list[Question], submitted: Mapping[str, Any]
) -> tuple[list[Answer], dict[str, list[str]]]:
    """Check every answer against its question; errors are keyed "q<id>" (and "q<id>.expected")."""
    answers: list[Answer] = []
    errors: dict[str, list[str]] = {}
    for question in questions:
        key = f"q{question.pk}"
        value = submitted.get(key)
        if _blank(value):
            if question.required:
                errors[key] = [_("Please answer this question.")]
            continue
        answer = Answer(question=question)
        if question.kind == QuestionKind.RATING:
            answer.score = _score(value, 1, 5)
            if answer.score is None:
                errors[key] = [_("Choose a rating from 1 to 5.")]
        elif question.kind == QuestionKind.NPS:
            answer.score = _score(value, 0, 10)
            if answer.score is None:
                errors[key] = [_("Choose a number from 0 to 10.")]
        elif question.kind == QuestionKind.EXPECTATION:
            pair = value if isinstance(value, Mapping) else {}
            answer.expected = _score(pair.get("expected"), 1, 5)
            answer.perceived = _score(pair.get("perceived"), 1, 5)
            if answer.expected is None:
                errors[f"{key}.expected"] = [_("Rate what you expected, from 1 to 5.")]
            if answer.perceived is None:
                errors[f"{key}.perceived"] = [_("Rate what you got, from 1 to 5.")]
        elif question.kind == QuestionKind.SINGLE:
            allowed = {str(o["value"]) for o in question.options}
            if not isinstance(value, str) or value not in allowed:
                errors[key] = [_("Choose one of the options.")]
            else:
                answer.choices = [value]
        elif question.kind == QuestionKind.MULTIPLE:
            allowed = {str(o["value"]) for o in question.options}
            chosen = value if isinstance(value, list) else [value]
            if not all(isinstance(v, str) and v in allowed for v in chosen) or len(
                set(chosen)
            ) != len(chosen):
                errors[key] = [_("Choose among the options.")]
            else:
                answer.choices = list(chosen)
        else:
            if not isinstance(value, str):
                errors[key] = [_("Write your answer as text.")]
            elif len(value) > TEXT_MAX:
                errors[key] = [_("At most 4000 characters.")]
            else:
                answer.text = value.strip()
        answers.append(answer)
    known = {f"q{q.pk}" for q in questions}
    for key in submitted:
        if key not in known:
            errors[key] = [_("Not a question of this survey.")]
    return answers, errors


def _scores(answers: list[Answer], questions: dict[int, Question]) -> dict[str, Any]:
    ratings = [
        a.score for a in answers if questions[a.question_id].kind == QuestionKind.RATING and a.score
    ]
    nps = next(
        (a.score for a in answers if questions[a.question_id].kind == QuestionKind.NPS), None
    )
    expected = sum(a.expected or 0 for a in answers if a.expected)
    perceived = sum(a.perceived or 0 for a in answers if a.perceived)
    return {
        "nps": nps,
        "csat": (Decimal(sum(1 for r in ratings if r >= 4)) / len(ratings)).quantize(
            Decimal("0.0001")
        )
        if ratings
        else None,
        "satisfaction_index": (Decimal(perceived) / expected).quantize(Decimal("0.0001"))
        if expected
        else None,
    }


# A published template never changes (editing makes a new version), so its questions can be
# kept per process; the public submit path then reads one row before writing. The key holds
# the publication time too, so a database restored or re-seeded under a running process (ids
# used again) never meets a stale entry.
_frozen_questions: dict[tuple[int, Any], list[Question]] = {}


def questions_of_published(template_id: int, published_at: Any) -> list[Question]:
    key = (template_id, published_at)
    questions = _frozen_questions.get(key)
    if questions is None:
        questions = list(Question.objects.filter(template_id=template_id).order_by("position"))
        if len(_frozen_questions) > 500:  # a bound, not a policy: templates are few
            _frozen_questions.clear()
        _frozen_questions[key] = questions
    return questions


def is_unhappy(*, nps: int | None, satisfaction_index: Decimal | None) -> bool:
    """A detractor (0–6), or a customer who got less than they expected."""
    return (nps is not None and nps <= 6) or (
        satisfaction_index is not None and satisfaction_index < 1
    )


def response_submit(
    *, token: str, submitted: Mapping[str, Any], language: str = ""
) -> SurveyResponse:
    """Store the answers of one invitation exactly once, whatever the client retries."""
    if not isinstance(token, str) or not 20 <= len(token) <= 64:
        raise NotVisible(_("This survey link is not valid."))
    try:
        with transaction.atomic():
            # The row lock queues concurrent submits of one link; the later sees it answered.
            invitation = (
                Invitation.objects.select_for_update(of=("self",))
                .filter(token=token)
                .values(
                    "pk",
                    "customer_id",
                    "responded_at",
                    "expires_at",
                    "language",
                    "campaign__template_id",
                    "campaign__template__published_at",
                )
                .first()
            )
            if invitation is None:
                raise NotVisible(_("This survey link is not valid."))
            if invitation["responded_at"] is not None:
                raise AlreadyAnswered(_("This survey has been answered already. Thank you!"))
            now = timezone.now()
            if invitation["expires_at"] <= now:
                raise LinkExpired(_("This survey link has expired."))
            template_id = invitation["campaign__template_id"]
            questions = questions_of_published(
                template_id, invitation["campaign__template__published_at"]
            )
            answers, errors = parse_answers(questions, submitted)
            if errors:
                raise InvalidInput(_("Some answers need attention."), field_errors=errors)
            response = SurveyResponse.objects.create(
                invitation_id=invitation["pk"],
                template_id=template_id,
                customer_id=invitation["customer_id"],
                submitted_at=now,
                language=(language or invitation["language"])[:10],
                **_scores(answers, {q.pk: q for q in questions}),
            )
            for answer in answers:
                answer.response = response
            Answer.objects.bulk_create(answers)
            Invitation.objects.filter(pk=invitation["pk"]).update(responded_at=now)
    except IntegrityError as exc:  # a racing submit got there first (the one-to-one held)
        raise AlreadyAnswered(_("This survey has been answered already. Thank you!")) from exc
    response_id, customer_id = response.pk, response.customer_id
    unhappy = is_unhappy(nps=response.nps, satisfaction_index=response.satisfaction_index)
    transaction.on_commit(lambda: _after_response(response_id, customer_id, unhappy))
    return response


def _after_response(response_id: int, customer_id: int, unhappy: bool) -> None:
    from ..tasks import act_on_response

    if unhappy:  # only then is there a care task to create
        act_on_response.delay(response_id)
    events.survey_response_received.send(
        sender=SurveyResponse, response_id=response_id, customer_id=customer_id
    )


def response_act_on(*, response_id: int) -> bool:
    """A detractor, or perceived below expected, puts a care task in the owner's inbox."""
    response = SurveyResponse.objects.select_related("customer").filter(pk=response_id).first()
    if response is None:
        return False
    if not is_unhappy(nps=response.nps, satisfaction_index=response.satisfaction_index):
        return False
    reasons = []
    if response.is_detractor:
        reasons.append(_("would recommend us %(score)d/10") % {"score": response.nps})
    if response.satisfaction_index is not None and response.satisfaction_index < 1:
        reasons.append(
            _("got less than expected (index %(index).2f)") % {"index": response.satisfaction_index}
        )
    reminder_schedule(
        customer=response.customer,
        kind=ReminderKind.SATISFACTION_ALERT,
        due_on=timezone.localdate(),
        title=_("Dissatisfied in a survey: %(name)s") % {"name": response.customer.name},
        detail="; ".join(reasons),
        source_key=f"survey-response:{response.pk}",
    )
    return True
