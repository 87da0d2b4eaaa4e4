"""Answering: validation of every question kind, single use, expiry, concurrency, scores."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connections
from django.utils import timezone

from care.models import Reminder
from crm.errors import InvalidInput, NotVisible
from surveys.models import Answer, Invitation, SurveyResponse
from surveys.services import response_submit
from surveys.services.responses import AlreadyAnswered, LinkExpired

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
