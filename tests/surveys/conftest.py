from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from customers.models import Customer
from surveys.models import Invitation, Question, SurveyTemplate
from surveys.services import campaign_create, campaign_send, template_create, template_publish
from tests.conftest import World

OPTIONS = [{"value": "yes", "en": "Yes", "zh": "是"}, {"value": "no", "en": "No", "zh": "否"}]
QUESTIONS: list[dict[str, Any]] = [
    {"kind": "rating", "text_en": "Overall satisfaction", "text_zh": "总体满意度"},
    {"kind": "nps", "text_en": "Would you recommend us?", "text_zh": "是否推荐？"},
    {"kind": "expectation", "text_en": "Delivery", "text_zh": "送货"},
    {"kind": "expectation", "text_en": "Quality", "text_zh": "质量"},
    {
        "kind": "single",
        "text_en": "Knew us before?",
        "text_zh": "之前知道我们吗？",
        "options": OPTIONS,
        "measures": "awareness",
    },
    {
        "kind": "multiple",
        "text_en": "What matters?",
        "text_zh": "看重什么？",
        "required": False,
        "options": [*OPTIONS, {"value": "maybe", "en": "Maybe", "zh": "也许"}],
    },
    {"kind": "text", "text_en": "Anything else?", "text_zh": "还有吗？", "required": False},
]


def published(world: World) -> SurveyTemplate:
    template = template_create(
        actor=world.admin,
        fields={"key": "after-sales", "title_en": "How are we doing?", "title_zh": "满意度调查"},
        questions=QUESTIONS,
    )
    return template_publish(template=template, actor=world.admin)


def questions_of(template: SurveyTemplate) -> dict[str, Question]:
    """Questions by English text."""
    return {q.text_en: q for q in template.questions.all()}


def answers(template: SurveyTemplate, **overrides: Any) -> dict[str, Any]:
    q = questions_of(template)
    submitted = {
        f"q{q['Overall satisfaction'].pk}": 5,
        f"q{q['Would you recommend us?'].pk}": 9,
        f"q{q['Delivery'].pk}": {"expected": 4, "perceived": 2},
        f"q{q['Quality'].pk}": {"expected": 4, "perceived": 5},
        f"q{q['Knew us before?'].pk}": "yes",
    }
    for text, value in overrides.items():
        name = text.replace("_", " ")
        question = q.get(text) or q.get(name) or q[f"{name}?"]
        key = f"q{question.pk}"
        if value is None:
            submitted.pop(key, None)
        else:
            submitted[key] = value
    return submitted


def invite(
    world: World, customer: Customer, actor: User | None = None, **campaign: Any
) -> Invitation:
    actor = actor or world.admin
    template = SurveyTemplate.objects.filter(status="published").first() or published(world)
    made = campaign_create(
        actor=actor, name="Test", template=template, kind="single", customer=customer, **campaign
    )
    campaign_send(campaign=made, actor=actor)
    return Invitation.objects.get(campaign=made, customer=customer)


@pytest.fixture
def template(world: World) -> SurveyTemplate:
    return published(world)
