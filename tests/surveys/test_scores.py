"""Score formulas against hand-computed values, and results only over visible customers."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from customers.models import Customer
from customers.services import customer_update
from surveys.models import Answer, Campaign, Invitation, SurveyTemplate
from surveys.scores import aspects_by_gap, campaign_results, indicators_by_segment, scores_of
from surveys.services import campaign_create, campaign_send, response_submit
from tests.factories import make_customer, make_order

from .conftest import answers


@pytest.fixture
def answered(world, template):
    """Four customers of the manager answer the same campaign."""
    customers = [world.own] + [
        make_customer(owner=world.manager, name=f"Answerer {i}", tier="gold") for i in range(3)
    ]
    campaign = campaign_create(
        actor=world.manager,
        name="Spring",
        template=template,
        kind="segment",
        segment={"lifecycle_state": ["potential"]},
    )
    campaign_send(campaign=campaign, actor=world.manager)
    rows = [
        # rating, nps, delivery (e, p), quality (e, p)
        (5, 10, (4, 2), (4, 4)),
        (4, 9, (5, 3), (3, 3)),
        (2, 6, (4, 4), (4, 2)),
        (3, 3, (3, 3), (4, 4)),
    ]
    for customer, (rating, nps, delivery, quality) in zip(customers, rows, strict=True):
        invitation = campaign.invitations.get(customer=customer)
        response_submit(
            token=invitation.token,
            submitted=answers(
                template,
                Overall_satisfaction=rating,
                **{"Would_you_recommend_us?": nps},
                Delivery={"expected": delivery[0], "perceived": delivery[1]},
                Quality={"expected": quality[0], "perceived": quality[1]},
            ),
        )
    return campaign


def test_csat_nps_and_index_match_the_hand_computation(world, answered):
    # CSAT: ratings 5,4,2,3 → 2 of 4 are 4-5 → 50 %.
    # NPS: 10,9 promoters; 6,3 detractors → (2 − 2) / 4 = 0.
    # Index: perceived 2+4+3+3+4+2+3+4 = 25 over expected 4+4+5+3+4+4+3+4 = 31 → 0.806.
    scores = scores_of(Answer.objects.all())

    assert scores.responses == 4
    assert scores.csat == 50.0
    assert (scores.promoters, scores.passives, scores.detractors, scores.nps) == (2, 0, 2, 0.0)
    assert scores.index == round(25 / 31, 3)


def test_aspects_are_ranked_by_how_far_perception_falls_short(world, answered):
    # Delivery: expected avg 4.0, perceived avg 3.0 → gap −1.0; Quality: 3.75 vs 3.25 → −0.5.
    aspects = aspects_by_gap(Answer.objects.all())

    assert [(a.label, a.expected, a.perceived, a.gap) for a in aspects] == [
        ("Delivery", 4.0, 3.0, -1.0),
        ("Quality", 3.75, 3.25, -0.5),
    ]
    assert aspects[0].index == 0.75


def test_campaign_results_count_only_customers_the_viewer_may_see(world, answered):
    # a colleague's customer answers the same campaign
    colleague_customer = make_customer(owner=world.colleague, name="Colleague's answerer")
    Invitation.objects.create(
        campaign=answered,
        customer=colleague_customer,
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + timedelta(days=1),
    )
    invitation = Invitation.objects.get(customer=colleague_customer)
    response_submit(
        token=invitation.token,
        submitted=answers(SurveyTemplate.objects.get(), Overall_satisfaction=1),
    )

    mine = campaign_results(campaign=answered, user=world.manager)
    theirs = campaign_results(campaign=answered, user=world.colleague)
    everyone = campaign_results(campaign=answered, user=world.admin)

    assert (mine.invited, mine.answered, mine.scores.responses) == (4, 4, 4)
    assert (theirs.invited, theirs.scores.responses) == (1, 1)
    assert everyone.scores.responses == 5


def test_indicators_by_segment(world, answered):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    make_order(customer=world.own, ordered_on=today - timedelta(days=3))
    make_order(customer=world.own, ordered_on=today - timedelta(days=2))

    segments = {
        s.key: s
        for s in indicators_by_segment(
            user=world.manager,
            dimension="tier",
            date_from=today - timedelta(days=30),
            date_to=today,
        )
    }

    silver, gold = segments["silver"], segments["gold"]
    assert silver.customers == 1
    assert gold.customers == 3
    assert silver.scores.nps == 100.0  # the one silver customer answered 10
    assert gold.scores.csat == round(100 / 3, 1)  # ratings 4,2,3
    assert silver.repurchase_rate == 100.0  # bought twice in the period
    assert silver.awareness == 100.0  # answered "yes"
    assert silver.complaint_rate == 0.0
    assert gold.sales_power is None  # nothing sold before


def test_the_api_results_follow_visibility(world, answered, api_as):
    response = api_as("colleague").get(f"/api/v1/surveys/campaigns/{answered.pk}/results/")

    assert response.status_code == 404  # the manager's own campaign is not the colleague's

    mine = api_as("manager").get(f"/api/v1/surveys/campaigns/{answered.pk}/results/").json()
    assert mine["scores"]["csat"] == 50.0
    assert mine["aspects"][0]["label"] == "Delivery"
    assert Campaign.objects.count() == 1


def test_customers_without_a_region_are_one_not_set_segment(world, answered):
    # given two of the four answerers have no region
    for customer in Customer.objects.filter(name__in=["Answerer 0", "Answerer 1"]):
        customer_update(customer=customer, actor=world.manager, attributes={"region": None})
    today = timezone.localdate()

    # when the indicators are split by region
    segments = {
        s.key: s
        for s in indicators_by_segment(
            user=world.manager,
            dimension="region",
            date_from=today - timedelta(days=30),
            date_to=today,
        )
    }

    # then those two form the "Not set" segment with their own answers
    not_set = segments["none"]
    assert (not_set.label, not_set.customers, not_set.scores.responses) == ("Not set", 2, 2)
    assert sum(s.customers for s in segments.values()) == 4
