"""Demo surveys: a published template with every question kind, campaigns, and answers spread
over the past year whose scores follow the customer's situation (loyal happier, lost less so)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from accounts.models import User
from customers.models import Customer
from surveys.choices import CampaignKind
from surveys.models import Invitation, SurveyResponse
from surveys.services import (
    campaign_create,
    campaign_send,
    response_submit,
    template_create,
    template_publish,
)

if TYPE_CHECKING:
    from demo.generate import DemoBuilder, DemoReport

QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": "rating",
        "section_en": "Overall",
        "section_zh": "总体",
        "text_en": "How satisfied are you with us overall?",
        "text_zh": "您对我们的总体满意度如何？",
    },
    {
        "kind": "nps",
        "section_en": "Overall",
        "section_zh": "总体",
        "text_en": "How likely are you to recommend us to a friend?",
        "text_zh": "您向朋友推荐我们的可能性有多大？",
    },
    {
        "kind": "expectation",
        "section_en": "Expected and experienced",
        "section_zh": "期望与感受",
        "text_en": "Product quality",
        "text_zh": "产品质量",
    },
    {
        "kind": "expectation",
        "section_en": "Expected and experienced",
        "section_zh": "期望与感受",
        "text_en": "Delivery on time",
        "text_zh": "准时送货",
    },
    {
        "kind": "expectation",
        "section_en": "Expected and experienced",
        "section_zh": "期望与感受",
        "text_en": "Installation and after-sales service",
        "text_zh": "安装与售后服务",
    },
    {
        "kind": "expectation",
        "section_en": "Expected and experienced",
        "section_zh": "期望与感受",
        "text_en": "Value for money",
        "text_zh": "性价比",
    },
    {
        "kind": "rating",
        "section_en": "Our people",
        "section_zh": "我们的员工",
        "text_en": "How helpful was your account manager?",
        "text_zh": "您的客户经理是否乐于助人？",
    },
    {
        "kind": "single",
        "measures": "awareness",
        "section_en": "About us",
        "section_zh": "关于我们",
        "text_en": "Had you heard of us before you first bought?",
        "text_zh": "首次购买前您是否听说过我们？",
        "options": [
            {"value": "yes", "en": "Yes", "zh": "是"},
            {"value": "no", "en": "No", "zh": "否"},
        ],
    },
    {
        "kind": "multiple",
        "required": False,
        "section_en": "About us",
        "section_zh": "关于我们",
        "text_en": "What matters most to you?",
        "text_zh": "您最看重什么？",
        "options": [
            {"value": "price", "en": "Price", "zh": "价格"},
            {"value": "quality", "en": "Quality", "zh": "质量"},
            {"value": "service", "en": "Service", "zh": "服务"},
            {"value": "speed", "en": "Speed", "zh": "速度"},
        ],
    },
    {
        "kind": "text",
        "required": False,
        "section_en": "About us",
        "section_zh": "关于我们",
        "text_en": "Anything else you would like to tell us?",
        "text_zh": "还有什么想告诉我们的吗？",
    },
]
MOOD = {
    "loyal": 1.0,
    "current": 0.4,
    "lost": -1.2,
    "target": 0.0,
    "potential": 0.0,
    "non_customer": -0.5,
}
COMMENTS = [
    "服务很周到",
    "送货可以再快一点",
    "安装师傅很专业",
    "价格有点贵",
    "希望有更多优惠活动",
    "",
]


def seed_surveys(builder: DemoBuilder, report: DemoReport) -> None:
    admin = User.objects.filter(role="admin").order_by("pk").first()
    if admin is None:
        return
    template = template_create(
        actor=admin,
        fields={
            "key": "after-sales",
            "title_en": "How are we doing?",
            "title_zh": "客户满意度调查",
            "intro_en": "Two minutes of your time help us serve you better.",
            "intro_zh": "占用您两分钟时间，帮助我们更好地为您服务。",
        },
        questions=QUESTIONS,
    )
    template = template_publish(template=template, actor=admin)
    campaign_create(
        actor=admin,
        name="投诉处理后回访",
        template=template,
        kind=CampaignKind.AFTER_COMPLAINT,
        expires_after_days=14,
    )
    yearly = campaign_create(
        actor=admin,
        name="年度客户满意度调查",
        template=template,
        kind=CampaignKind.SEGMENT,
        segment={"lifecycle_state": ["current", "loyal", "lost"]},
        expires_after_days=365,
    )
    campaign_send(campaign=yearly, actor=admin)
    # The demo does not e-mail its invented customers.
    Invitation.objects.filter(campaign=yearly).update(emailed_at=timezone.now())
    invitations = list(
        Invitation.objects.filter(campaign=yearly).select_related("customer").order_by("pk")[:1500]
    )
    answered = _answer(builder, invitations, template)
    report.counts["survey_invitations"] = Invitation.objects.count()
    report.counts["survey_responses"] = answered


def _answer(builder: DemoBuilder, invitations: list[Invitation], template: Any) -> int:
    pick = builder.pick
    questions = list(template.questions.order_by("position"))
    # Answers lie in the year up to the demo's last day, like its orders and complaints.
    now = min(timezone.now(), datetime.combine(builder.as_of, time(20), tzinfo=builder.zone))
    answered = 0
    moments: dict[int, Any] = {}
    for invitation in invitations:
        if pick.random() > 0.62:
            continue
        customer: Customer = invitation.customer
        mood = MOOD.get(customer.lifecycle_state, 0) + (0.4 if customer.tier == "one_to_one" else 0)
        submitted: dict[str, Any] = {}
        for question in questions:
            key = f"q{question.pk}"
            if question.kind == "rating":
                submitted[key] = _clamp(round(pick.gauss(3.7 + mood * 0.6, 0.9)), 1, 5)
            elif question.kind == "nps":
                submitted[key] = _clamp(round(pick.gauss(7.3 + mood * 1.4, 1.8)), 0, 10)
            elif question.kind == "expectation":
                expected = _clamp(round(pick.gauss(4.1, 0.6)), 1, 5)
                shortfall = {"Delivery on time": 0.6, "Value for money": 0.4}.get(
                    question.text_en, 0.1
                )
                perceived = _clamp(round(pick.gauss(expected - shortfall + mood * 0.5, 0.8)), 1, 5)
                submitted[key] = {"expected": expected, "perceived": perceived}
            elif question.kind == "single":
                submitted[key] = "yes" if pick.random() < 0.55 + mood * 0.1 else "no"
            elif question.kind == "multiple":
                submitted[key] = pick.sample(
                    ["price", "quality", "service", "speed"], pick.randint(1, 2)
                )
            elif question.kind == "text":
                comment = pick.choice(COMMENTS)
                if comment:
                    submitted[key] = comment
        response = response_submit(token=invitation.token, submitted=submitted)
        moments[response.pk] = now - timedelta(days=pick.randint(0, 360), hours=pick.randint(0, 12))
        answered += 1
    # Spread the answers over the past year, as if the campaign had run that long.
    for response_id, moment in moments.items():
        SurveyResponse.objects.filter(pk=response_id).update(submitted_at=moment)
    return answered


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))
