"""Satisfaction scores, computed in the database over what the user may see.

CSAT = share of 1–5 ratings that are 4 or 5. NPS = % promoters (9–10) − % detractors (0–6).
Satisfaction index (满意度 = 感受值 : 期望值) = Σ perceived ÷ Σ expected, per aspect and overall.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Complaint
from customers.choices import CustomerKind, LifecycleState, ServiceTier
from customers.models import NOT_SET, Customer, Region
from sales.models import Order

from .choices import Measures, QuestionKind
from .models import Answer, Campaign, Invitation, Question, SurveyResponse

if TYPE_CHECKING:
    from accounts.models import User

DIMENSIONS: dict[str, str] = {
    "tier": "tier",
    "lifecycle_state": "lifecycle_state",
    "region": "region__code",
    "kind": "kind",
}


@dataclass
class Scores:
    responses: int = 0
    csat: float | None = None  # percent
    nps: float | None = None
    promoters: int = 0
    passives: int = 0
    detractors: int = 0
    index: float | None = None


@dataclass
class Aspect:
    question_id: int
    label: str
    answers: int
    expected: float
    perceived: float
    index: float

    @property
    def gap(self) -> float:
        return round(self.perceived - self.expected, 2)


def nps_of(promoters: int, detractors: int, answers: int) -> float:
    """Net promoter score: % promoters (9–10) − % detractors (0–6), one decimal."""
    return round(100 * (promoters - detractors) / answers, 1)


def _score_aggregates() -> dict[str, Any]:
    """What every score is computed from, as aggregates over answers."""
    return {
        "responses": Count("response", distinct=True),
        "ratings": Count("id", filter=Q(question__kind=QuestionKind.RATING, score__isnull=False)),
        "satisfied": Count("id", filter=Q(question__kind=QuestionKind.RATING, score__gte=4)),
        "nps_answers": Count("id", filter=Q(question__kind=QuestionKind.NPS, score__isnull=False)),
        "promoters": Count("id", filter=Q(question__kind=QuestionKind.NPS, score__gte=9)),
        "detractors": Count("id", filter=Q(question__kind=QuestionKind.NPS, score__lte=6)),
        "expected": Sum("expected"),
        "perceived": Sum("perceived"),
    }


def _scores_from(totals: Mapping[str, Any]) -> Scores:
    scores = Scores(responses=totals["responses"])
    if totals["ratings"]:
        scores.csat = round(100 * totals["satisfied"] / totals["ratings"], 1)
    if totals["nps_answers"]:
        scores.promoters = totals["promoters"]
        scores.detractors = totals["detractors"]
        scores.passives = totals["nps_answers"] - totals["promoters"] - totals["detractors"]
        scores.nps = nps_of(totals["promoters"], totals["detractors"], totals["nps_answers"])
    if totals["expected"]:
        scores.index = round(totals["perceived"] / totals["expected"], 3)
    return scores


def scores_of(answers: QuerySet[Answer]) -> Scores:
    """Every score from one aggregate query over the given answers."""
    return _scores_from(answers.aggregate(**_score_aggregates()))


def aspects_by_gap(answers: QuerySet[Answer]) -> list[Aspect]:
    """Expectation/perception pairs per aspect, the most missed expectation first."""
    rows = (
        answers.filter(question__kind=QuestionKind.EXPECTATION, expected__isnull=False)
        .values("question_id", "question__text_en", "question__text_zh")
        .annotate(
            n=Count("id"),
            expected_avg=Avg("expected"),
            perceived_avg=Avg("perceived"),
            expected_sum=Sum("expected"),
            perceived_sum=Sum("perceived"),
        )
    )
    from django.utils.translation import get_language

    chinese = (get_language() or "").startswith("zh")
    aspects = [
        Aspect(
            question_id=row["question_id"],
            label=row["question__text_zh"] if chinese else row["question__text_en"],
            answers=row["n"],
            expected=round(float(row["expected_avg"]), 2),
            perceived=round(float(row["perceived_avg"]), 2),
            index=round(row["perceived_sum"] / row["expected_sum"], 3),
        )
        for row in rows
    ]
    return sorted(aspects, key=lambda aspect: (aspect.gap, aspect.index))


def visible_answers(user: User) -> QuerySet[Answer]:
    return Answer.objects.filter(response__customer__in=Customer.objects.visible_to(user))


@dataclass
class CampaignResults:
    campaign: Campaign
    invited: int
    answered: int
    scores: Scores
    aspects: list[Aspect]

    @property
    def response_rate(self) -> float:
        return round(100 * self.answered / self.invited, 1) if self.invited else 0.0


def campaign_results(*, campaign: Campaign, user: User) -> CampaignResults:
    invitations = Invitation.objects.visible_to(user).filter(campaign=campaign)
    counts = invitations.aggregate(
        invited=Count("id"), answered=Count("id", filter=Q(responded_at__isnull=False))
    )
    answers = visible_answers(user).filter(response__invitation__campaign=campaign)
    return CampaignResults(
        campaign=campaign,
        invited=counts["invited"],
        answered=counts["answered"],
        scores=scores_of(answers),
        aspects=aspects_by_gap(answers),
    )


def _window(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(date_from, time.min, tzinfo=zone),
        datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone),
    )


# The segment of customers with no value on a dimension (no region): "not set".
NOT_SET_KEY = "none"


def _segment_key(value: Any) -> str:
    return NOT_SET_KEY if value is None else str(value)


def _in_segment(path: str, key: str) -> dict[str, Any]:
    """The filter of one segment's rows (`path` ends at the dimension's field)."""
    return {f"{path}__isnull": True} if key == NOT_SET_KEY else {path: key}


def segment_labels(dimension: str) -> dict[str, str]:
    if dimension == "region":
        names = {region.code: region.name for region in Region.objects.all()}
        return {**names, NOT_SET_KEY: str(NOT_SET)}
    choices = {"tier": ServiceTier, "lifecycle_state": LifecycleState, "kind": CustomerKind}[
        dimension
    ]
    return {value: str(label) for value, label in choices.choices}


@dataclass
class SegmentIndicators:
    key: str
    label: str
    scores: Scores = field(default_factory=Scores)
    awareness: float | None = None
    repurchase_rate: float | None = None
    complaint_rate: float | None = None
    sales_power: float | None = None  # % change of revenue against the previous period
    customers: int = 0


def _per_segment(
    queryset: QuerySet[Any], path: str, **aggregates: Any
) -> dict[str, dict[str, Any]]:
    return {
        _segment_key(row.pop("segment")): row
        for row in queryset.values(segment=F(path)).annotate(**aggregates).order_by()
    }


def indicators_by_segment(
    *, user: User, dimension: str, date_from: date, date_to: date
) -> list[SegmentIndicators]:
    """The five indicators of SPEC §5 per segment: reputation (NPS), awareness, repurchase rate,
    complaint rate and sales power — each one grouped query, never rows in Python."""
    path = DIMENSIONS[dimension]
    start, end = _window(date_from, date_to)
    customers = Customer.objects.visible_to(user)
    answers = visible_answers(user).filter(
        response__submitted_at__gte=start, response__submitted_at__lt=end
    )
    labels = segment_labels(dimension)
    result = {key: SegmentIndicators(key=key, label=label) for key, label in labels.items()}

    for key, row in _per_segment(customers, path, n=Count("id")).items():
        result.setdefault(key, SegmentIndicators(key=key, label=key)).customers = row["n"]
    for key in list(result):
        segment_answers = answers.filter(**_in_segment(f"response__customer__{path}", key))
        result[key].scores = scores_of(segment_answers)
    awareness_rows = (
        answers.filter(question__measures=Measures.AWARENESS)
        .values(
            segment=F(f"response__customer__{path}"),
            question_ref=F("question_id"),
            first=F("choices__0"),
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    knew_us = {
        question.pk: str(question.options[0]["value"])
        for question in Question.objects.filter(measures=Measures.AWARENESS)
        if question.options
    }
    tally: dict[str, list[int]] = {}
    for aware_row in awareness_rows:
        counts = tally.setdefault(_segment_key(aware_row["segment"]), [0, 0])
        counts[0] += aware_row["n"]
        if str(aware_row["first"]) == knew_us.get(aware_row["question_ref"]):
            counts[1] += aware_row["n"]
    for key, (asked, aware) in tally.items():
        if key in result and asked:
            result[key].awareness = round(100 * aware / asked, 1)
    days = (date_to - date_from).days + 1
    previous_from = date_from - timedelta(days=days)
    orders = Order.objects.filter(customer__in=customers)
    repurchase: dict[str, list[int]] = {}
    for buyer_row in (
        orders.filter(ordered_on__range=(date_from, date_to))
        .values(segment=F(f"customer__{path}"))
        .annotate(buyers=Count("customer", distinct=True))
        .order_by()
    ):
        repurchase[_segment_key(buyer_row["segment"])] = [buyer_row["buyers"], 0]
    repeaters = (
        orders.filter(ordered_on__range=(date_from, date_to))
        .values("customer")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .values("customer")
    )
    for repeat_row in (
        customers.filter(pk__in=repeaters)
        .values(segment=F(path))
        .annotate(n=Count("id"))
        .order_by()
    ):
        repurchase.setdefault(_segment_key(repeat_row["segment"]), [0, 0])[1] = repeat_row["n"]
    for key, (buyers_count, repeat_count) in repurchase.items():
        if key in result and buyers_count:
            result[key].repurchase_rate = round(100 * repeat_count / buyers_count, 1)
    revenue_now = _per_segment(
        orders.filter(ordered_on__range=(date_from, date_to)),
        f"customer__{path}",
        total=Sum("total_amount"),
    )
    revenue_before = _per_segment(
        orders.filter(ordered_on__range=(previous_from, date_from - timedelta(days=1))),
        f"customer__{path}",
        total=Sum("total_amount"),
    )
    for key in result:
        now = revenue_now.get(key, {}).get("total") or Decimal("0")
        before = revenue_before.get(key, {}).get("total") or Decimal("0")
        if before:
            result[key].sales_power = round(float((now - before) / before * 100), 1)
    complaints = _per_segment(
        Complaint.objects.filter(
            customer__in=customers, received_at__gte=start, received_at__lt=end
        ),
        f"customer__{path}",
        n=Count("id"),
    )
    for key, indicator in result.items():
        if indicator.customers:
            indicator.complaint_rate = round(
                100 * complaints.get(key, {}).get("n", 0) / indicator.customers, 2
            )
    return [indicator for indicator in result.values() if indicator.customers]


def scores_by_month(*, user: User, months: int = 12) -> list[tuple[date, Scores]]:
    """NPS, CSAT and index per month for the last `months` months (one grouped query)."""
    start = (timezone.localdate().replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    answers = visible_answers(user).filter(
        response__submitted_at__gte=datetime.combine(
            start, time.min, tzinfo=timezone.get_current_timezone()
        )
    )
    rows = (
        answers.annotate(month=TruncMonth("response__submitted_at"))
        .values("month")
        .annotate(**_score_aggregates())
        .order_by("month")
    )
    series = []
    for row in rows:
        month = row["month"].date() if isinstance(row["month"], datetime) else row["month"]
        series.append((month, _scores_from(row)))
    return series


def customer_survey_summary(*, customer: Customer) -> dict[str, Any]:
    """A customer's latest answers and their averages, for the customer page."""
    responses = list(
        SurveyResponse.objects.filter(customer=customer)
        .select_related("template")
        .order_by("-submitted_at")[:5]
    )
    overall = scores_of(Answer.objects.filter(response__customer=customer))
    return {"responses": responses, "scores": overall, "label": _("Surveys")}
