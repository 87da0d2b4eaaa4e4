"""Templates: question kinds, validation, and versions frozen once published."""

from __future__ import annotations

import pytest
from django.utils import translation

from core.errors import IllegalStateChange, InvalidInput, NotAllowed
from surveys.models import SurveyResponse, SurveyTemplate
from surveys.services import (
    response_submit,
    template_create,
    template_new_version,
    template_publish,
    template_update,
)

from .conftest import QUESTIONS, answers, invite, published


def test_a_published_template_is_frozen_and_editing_makes_a_new_version(world):
    # given a published template with an answer
    v1 = published(world)
    invitation = invite(world, world.own)
    response_submit(token=invitation.token, submitted=answers(v1))

    # when it is changed
    with pytest.raises(IllegalStateChange):
        template_update(
            template=v1,
            actor=world.admin,
            fields={"title_en": "X", "title_zh": "X"},
            questions=QUESTIONS,
        )
    v2 = template_new_version(template=v1, actor=world.admin)
    template_update(
        template=v2,
        actor=world.admin,
        fields={"title_en": "How are we doing now?", "title_zh": "满意度调查 2"},
        questions=QUESTIONS[:2],
    )
    v2 = template_publish(template=v2, actor=world.admin)

    # then the old response stays with v1, which is retired
    v1.refresh_from_db()
    assert (v1.version, v1.status) == (1, "retired")
    assert (v2.version, v2.status, v2.questions.count()) == (2, "published", 2)
    assert SurveyResponse.objects.get().template == v1
    assert v1.questions.count() == len(QUESTIONS)


def test_only_one_draft_per_template(world):
    v1 = published(world)
    template_new_version(template=v1, actor=world.admin)

    with pytest.raises(IllegalStateChange):
        template_new_version(template=v1, actor=world.admin)


@pytest.mark.parametrize(
    ("questions", "field"),
    [
        ([], "questions"),
        ([{"kind": "mood", "text_en": "x", "text_zh": "x"}], "questions[0].kind"),
        ([{"kind": "rating", "text_en": "x", "text_zh": ""}], "questions[0].text"),
        (
            [{"kind": "single", "text_en": "x", "text_zh": "x", "options": []}],
            "questions[0].options",
        ),
        (
            [
                {
                    "kind": "single",
                    "text_en": "x",
                    "text_zh": "x",
                    "options": [
                        {"value": "a", "en": "A", "zh": "甲"},
                        {"value": "a", "en": "B", "zh": "乙"},
                    ],
                }
            ],
            "questions[0].options",
        ),
        (
            [{"kind": "rating", "text_en": "x", "text_zh": "x", "options": [{"value": "a"}]}],
            "questions[0].options",
        ),
        ([{"kind": "rating", "text_en": "x" * 501, "text_zh": "x"}], "questions[0].text"),
    ],
)
def test_bad_questions_are_refused_by_field(world, questions, field):
    with pytest.raises(InvalidInput) as error:
        template_create(
            actor=world.admin, fields={"title_en": "T", "title_zh": "T"}, questions=questions
        )

    assert field in error.value.field_errors
    assert not SurveyTemplate.objects.exists()


def test_managers_do_not_design_templates(world):
    with pytest.raises(NotAllowed):
        template_create(
            actor=world.manager, fields={"title_en": "T", "title_zh": "T"}, questions=QUESTIONS
        )


def test_texts_come_in_both_languages(world):
    template = published(world)
    question = template.questions.order_by("position").first()
    assert question is not None

    with translation.override("zh-hans"):
        assert (template.title(), question.text()) == ("满意度调查", "总体满意度")
    with translation.override("en"):
        assert (template.title(), question.text()) == ("How are we doing?", "Overall satisfaction")
