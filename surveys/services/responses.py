"""Answering a survey: validated, stored once per link, scored, acted on."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from care.models import ReminderKind
from care.services import reminder_schedule
from core import events
from core.errors import IllegalStateChange, InvalidInput, NotVisible

from ..choices import QuestionKind
from ..models import Answer, Invitation, Question, SurveyResponse
from .store import response_store_once

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


INVITATION_FIELDS = (
    "pk",
    "customer_id",
    "responded_at",
    "expires_at",
    "language",
    "campaign__template_id",
    "campaign__template__published_at",
)


def _already_answered() -> AlreadyAnswered:
    return AlreadyAnswered(_("This survey has been answered already. Thank you!"))


def _checked(invitation: dict[str, Any] | None, now: Any) -> dict[str, Any]:
    if invitation is None:
        raise NotVisible(_("This survey link is not valid."))
    if invitation["responded_at"] is not None:
        raise _already_answered()
    if invitation["expires_at"] <= now:
        raise LinkExpired(_("This survey link has expired."))
    return invitation


def _parsed(
    invitation: dict[str, Any], submitted: Mapping[str, Any]
) -> tuple[list[Answer], dict[str, Any]]:
    """The answers, and the response's scores with whether it needs a care task."""
    questions = questions_of_published(
        invitation["campaign__template_id"], invitation["campaign__template__published_at"]
    )
    answers, errors = parse_answers(questions, submitted)
    if errors:
        raise InvalidInput(_("Some answers need attention."), field_errors=errors)
    scores = _scores(answers, {q.pk: q for q in questions})
    scores["care_pending"] = is_unhappy(
        nps=scores["nps"], satisfaction_index=scores["satisfaction_index"]
    )
    return answers, scores


def response_submit(
    *, token: str, submitted: Mapping[str, Any], language: str = ""
) -> SurveyResponse:
    """Store the answers of one invitation exactly once, whatever the client retries."""
    if not isinstance(token, str) or not 20 <= len(token) <= 64:
        raise NotVisible(_("This survey link is not valid."))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            response = _submit_in_one_statement(token, submitted, language)
        else:
            response = _submit_with_row_lock(token, submitted, language)
        # Written with the answers (only while someone listens): nothing lost if the broker
        # is down at submit time.
        events.publish(
            events.SURVEY_RESPONSE_RECEIVED,
            response_id=response.pk,
            customer_id=response.customer_id,
        )
        if response.care_pending and settings.CELERY_TASK_ALWAYS_EAGER:
            # With a broker the care task is the job of the frequent sweep (crm/schedules.py),
            # which finds the flag stored with the response. Without one (the no-services
            # demo) nothing sweeps, so act after the commit.
            response_id = response.pk
            transaction.on_commit(lambda: responses_act_on_pending(response_ids=[response_id]))
    return response


def _submit_in_one_statement(
    token: str, submitted: Mapping[str, Any], language: str
) -> SurveyResponse:
    """Read the link, validate, then claim it and store everything in one statement
    (services/store.py): two round trips to PostgreSQL in all."""
    now = timezone.now()
    invitation = _checked(
        Invitation.objects.filter(token=token).values(*INVITATION_FIELDS).first(), now
    )
    answers, scores = _parsed(invitation, submitted)
    response = _new_response(invitation, now, language, scores)
    try:
        response_id = response_store_once(
            invitation_id=invitation["pk"],
            template_id=response.template_id,
            now=now,
            language=response.language,
            scores=scores,
            answers=answers,
        )
    except IntegrityError as exc:  # the one-to-one held against a racing submit
        raise _already_answered() from exc
    if response_id is None:  # claimed by a concurrent submit between our read and write
        raise _already_answered()
    response.pk = response_id
    return response


def _new_response(
    invitation: dict[str, Any], now: Any, language: str, scores: dict[str, Any]
) -> SurveyResponse:
    return SurveyResponse(
        invitation_id=invitation["pk"],
        template_id=invitation["campaign__template_id"],
        customer_id=invitation["customer_id"],
        submitted_at=now,
        language=(language or invitation["language"])[:10],
        **scores,
    )


def _submit_with_row_lock(
    token: str, submitted: Mapping[str, Any], language: str
) -> SurveyResponse:
    try:
        with transaction.atomic():
            # The row lock queues concurrent submits of one link; the later sees it answered.
            now = timezone.now()
            invitation = _checked(
                Invitation.objects.select_for_update(of=("self",))
                .filter(token=token)
                .values(*INVITATION_FIELDS)
                .first(),
                now,
            )
            answers, scores = _parsed(invitation, submitted)
            response = _new_response(invitation, now, language, scores)
            response.save(force_insert=True)
            for answer in answers:
                answer.response = response
            Answer.objects.bulk_create(answers)
            Invitation.objects.filter(pk=invitation["pk"]).update(responded_at=now)
    except IntegrityError as exc:  # a racing submit got there first (the one-to-one held)
        raise _already_answered() from exc
    return response


SWEEP_BATCH = 500


def responses_act_on_pending(*, response_ids: list[int] | None = None) -> int:
    """Schedule the care task of every unhappy response still pending (or of the given ones);
    concurrent sweeps skip each other's rows; a rerun finds nothing. Returns how many."""
    done = 0
    while True:
        with transaction.atomic():
            pending = SurveyResponse.objects.filter(care_pending=True)
            if response_ids is not None:
                pending = pending.filter(pk__in=response_ids)
            batch = list(
                pending.select_for_update(of=("self",), skip_locked=True)
                .select_related("customer")
                .order_by("submitted_at", "id")[:SWEEP_BATCH]
            )
            for response in batch:
                _schedule_care(response)
            SurveyResponse.objects.filter(pk__in=[r.pk for r in batch]).update(care_pending=False)
        done += len(batch)
        if len(batch) < SWEEP_BATCH:
            return done


def _schedule_care(response: SurveyResponse) -> None:
    """A detractor, or perceived below expected, puts a care task in the owner's inbox."""
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
