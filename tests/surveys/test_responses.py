"""Answering: validation of every question kind, single use, expiry, concurrency, scores."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connections
from django.utils import timezone

from care.models import Reminder
from core.errors import InvalidInput, NotVisible
from surveys.models import Answer, Invitation, SurveyResponse
from surveys.services import (
    response_submit,
    responses_act_on_pending,
    template_create,
    template_publish,
)
from surveys.services.responses import AlreadyAnswered, LinkExpired, _submit_with_row_lock

from .conftest import answers, invite, questions_of


def test_a_valid_submission_stores_every_answer_and_its_scores(world, template):
    # given
    invitation = invite(world, world.own)

    # when
    response = response_submit(
        token=invitation.token, submitted=answers(template, What_matters=["yes", "maybe"])
    )

    # then: CSAT 1/1 rated 4-5; index (2+5)/(4+4) = 0.875
    assert response.nps == 9
    assert response.csat == Decimal("1.0000")
    assert response.satisfaction_index == Decimal("0.8750")
    assert Answer.objects.filter(response=response).count() == 6
    invitation.refresh_from_db()
    assert invitation.responded_at is not None


def test_the_one_statement_store_writes_what_the_row_lock_path_writes(world, template):
    # given two links of the same survey and the same answers, one with every kind filled in
    first, second = invite(world, world.own), invite(world, world.own)
    submitted = answers(template, What_matters=["yes", "maybe"], Anything_else="送货要准时")

    # when one is stored by PostgreSQL's single statement and the other through the ORM
    fast = response_submit(token=first.token, submitted=submitted, language="en")
    slow = _submit_with_row_lock(second.token, submitted, "en")

    # then the rows are the same but for their ids, and both links are used
    def stored(response_id: int) -> tuple[object, ...]:
        response = SurveyResponse.objects.get(pk=response_id)
        rows = sorted(
            Answer.objects.filter(response_id=response_id).values_list(
                "question_id", "score", "expected", "perceived", "choices", "text"
            )
        )
        return (
            response.template_id,
            response.customer_id,
            response.language,
            response.nps,
            response.csat,
            response.satisfaction_index,
            rows,
        )

    assert stored(fast.pk) == stored(slow.pk)
    assert (fast.nps, fast.csat, fast.satisfaction_index) == (
        9,
        Decimal("1.0000"),
        Decimal("0.8750"),
    )
    assert Invitation.objects.filter(pk__in=[first.pk, second.pk], responded_at=None).count() == 0


def test_a_survey_of_only_skipped_optional_questions_is_stored_without_answers(world):
    # given a template whose only question is optional
    template = template_publish(
        template=template_create(
            actor=world.admin,
            fields={"key": "optional", "title_en": "Optional", "title_zh": "可选"},
            questions=[
                {"kind": "text", "text_en": "Anything?", "text_zh": "还有吗？", "required": False}
            ],
        ),
        actor=world.admin,
    )
    invitation = invite(world, world.own)

    # when it is sent back empty
    response = response_submit(token=invitation.token, submitted={})

    # then one response with no answers, and the link is used
    assert response.template_id == template.pk
    assert SurveyResponse.objects.filter(pk=response.pk).exists()
    assert not Answer.objects.filter(response_id=response.pk).exists()
    with pytest.raises(AlreadyAnswered):
        response_submit(token=invitation.token, submitted={})


@pytest.mark.parametrize(
    ("question", "value", "key_suffix"),
    [
        ("Overall satisfaction", 6, ""),
        ("Overall satisfaction", 0, ""),
        ("Overall satisfaction", "four", ""),
        ("Overall satisfaction", 4.5, ""),
        ("Would you recommend us?", 11, ""),
        ("Would you recommend us?", -1, ""),
        ("Delivery", {"expected": 4}, ".perceived"),
        ("Delivery", {"expected": 0, "perceived": 3}, ".expected"),
        ("Delivery", 3, ".expected"),
        ("Knew us before?", "perhaps", ""),
        ("Knew us before?", ["yes"], ""),
        ("What matters?", ["yes", "nope"], ""),
        ("What matters?", ["yes", "yes"], ""),
        ("Anything else?", "x" * 4001, ""),
        ("Anything else?", 42, ""),
    ],
)
def test_every_question_kind_is_validated(world, template, question, value, key_suffix):
    invitation = invite(world, world.own)
    key = f"q{questions_of(template)[question].pk}"

    with pytest.raises(InvalidInput) as error:
        response_submit(token=invitation.token, submitted={**answers(template), key: value})

    assert f"{key}{key_suffix}" in error.value.field_errors
    assert not SurveyResponse.objects.exists()


def test_required_questions_must_be_answered_and_optional_ones_may_be_skipped(world, template):
    invitation = invite(world, world.own)
    required = f"q{questions_of(template)['Overall satisfaction'].pk}"

    with pytest.raises(InvalidInput) as error:
        response_submit(
            token=invitation.token, submitted=answers(template, Overall_satisfaction=None)
        )
    response = response_submit(token=invitation.token, submitted=answers(template))

    assert required in error.value.field_errors
    assert response.answers.count() == 5


def test_unknown_questions_are_refused(world, template):
    invitation = invite(world, world.own)

    with pytest.raises(InvalidInput) as error:
        response_submit(token=invitation.token, submitted={**answers(template), "q999999": 3})

    assert "q999999" in error.value.field_errors


def test_a_link_works_once(world, template):
    invitation = invite(world, world.own)
    response_submit(token=invitation.token, submitted=answers(template))

    with pytest.raises(AlreadyAnswered):
        response_submit(token=invitation.token, submitted=answers(template))
    assert SurveyResponse.objects.count() == 1


def test_an_expired_or_unknown_link_is_refused(world, template):
    invitation = invite(world, world.own)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    with pytest.raises(LinkExpired):
        response_submit(token=invitation.token, submitted=answers(template))
    with pytest.raises(NotVisible):
        response_submit(token="x" * 43, submitted=answers(template))
    with pytest.raises(NotVisible):
        response_submit(token="short", submitted=answers(template))


def test_links_are_unguessable(world, template):
    first = invite(world, world.own)
    second = invite(world, world.same_department)

    assert len(first.token) >= 43
    assert first.token != second.token


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_makes_one_response(world, template):
    # given one link submitted from two connections at the same instant
    invitation = invite(world, world.own)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def submit() -> None:
        try:
            barrier.wait()
            outcomes.append(response_submit(token=invitation.token, submitted=answers(template)))
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # then exactly one response exists; the other submit was told it is answered
    assert SurveyResponse.objects.filter(invitation=invitation).count() == 1
    assert sum(isinstance(o, AlreadyAnswered) for o in outcomes) == 1


@pytest.mark.parametrize(
    ("nps", "delivery", "alert"),
    [
        (3, {"expected": 3, "perceived": 3}, True),
        (9, {"expected": 5, "perceived": 1}, True),
        (9, {"expected": 3, "perceived": 5}, False),
    ],
)
def test_detractors_and_missed_expectations_put_a_care_task_in_the_owners_inbox(
    world, template, django_capture_on_commit_callbacks, nps, delivery, alert
):
    invitation = invite(world, world.own)

    with django_capture_on_commit_callbacks(execute=True):
        response = response_submit(
            token=invitation.token,
            submitted=answers(
                template,
                **{
                    "Would_you_recommend_us?": nps,
                    "Delivery": delivery,
                    "Quality": {"expected": 3, "perceived": 3},
                },
            ),
        )

    reminders = Reminder.objects.filter(
        kind="satisfaction_alert", source_key=f"survey-response:{response.pk}"
    )
    assert reminders.exists() is alert
    if alert:
        assert reminders.get().owner == world.manager


def test_with_a_broker_the_sweep_schedules_each_unhappy_responses_care_task_once(
    world, template, settings, django_capture_on_commit_callbacks
):
    # given a broker (no inline jobs): a detractor and a happy customer answer
    settings.CELERY_TASK_ALWAYS_EAGER = False
    unhappy_link, happy_link = invite(world, world.own), invite(world, world.own)
    with django_capture_on_commit_callbacks(execute=True):
        unhappy = response_submit(
            token=unhappy_link.token, submitted=answers(template, **{"Would_you_recommend_us?": 3})
        )
        happy = response_submit(
            token=happy_link.token,
            submitted=answers(template, Delivery={"expected": 3, "perceived": 4}),
        )
    alerts = Reminder.objects.filter(kind="satisfaction_alert")

    # then nothing was sent per submit: the unhappy one waits, flagged, for the sweep
    assert not alerts.exists()
    assert list(SurveyResponse.objects.filter(care_pending=True).values_list("pk", flat=True)) == [
        unhappy.pk
    ]

    # when the sweep runs, twice
    first, second = responses_act_on_pending(), responses_act_on_pending()

    # then one care task for the detractor's owner, none for the happy customer, none twice
    assert (first, second) == (1, 0)
    assert list(alerts.values_list("source_key", "owner")) == [
        (f"survey-response:{unhappy.pk}", world.manager.pk)
    ]
    assert not SurveyResponse.objects.filter(care_pending=True).exists()
    assert not Reminder.objects.filter(source_key=f"survey-response:{happy.pk}").exists()


def test_the_care_sweep_runs_often_enough_to_act_within_a_minute(db):
    from django_celery_beat.models import PeriodicTask

    from core.jobs import declared_jobs, schedules_sync

    job = declared_jobs()["care-for-unhappy-responses"]
    schedules_sync(reset=True)
    task = PeriodicTask.objects.get(name="care-for-unhappy-responses")

    assert 0 < job.every_seconds <= 30
    assert (task.interval.every, task.interval.period) == (job.every_seconds, "seconds")
    assert task.task == "surveys.tasks.act_on_unhappy_responses"
