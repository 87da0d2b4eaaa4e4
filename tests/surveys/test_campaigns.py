"""Campaigns: who they reach, sending, reminders, and the automatic surveys."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.errors import IllegalStateChange, InvalidInput, NotAllowed
from surveys.models import Invitation
from surveys.services import campaign_close, campaign_create, campaign_remind, campaign_send
from tests.factories import make_customer, make_order

from .conftest import invite


def test_a_segment_campaign_reaches_only_matching_customers_the_sender_may_see(
    world, template, django_capture_on_commit_callbacks
):
    # given customers of the manager and of a colleague, some gold
    gold = make_customer(
        owner=world.manager, name="Gold one", tier="gold", email="gold@example.com"
    )
    make_customer(owner=world.colleague, name="Colleague gold", tier="gold")
    campaign = campaign_create(
        actor=world.manager,
        name="Gold check",
        template=template,
        kind="segment",
        segment={"tier": ["gold"]},
    )

    # when it is sent
    with django_capture_on_commit_callbacks(execute=True):
        count = campaign_send(campaign=campaign, actor=world.manager)

    # then only the manager's gold customer is invited and e-mailed a link
    assert count == 1
    assert list(Invitation.objects.values_list("customer__name", flat=True)) == ["Gold one"]
    assert [m.to for m in mail.outbox] == [["gold@example.com"]]
    assert Invitation.objects.get().token in mail.outbox[0].body
    with pytest.raises(IllegalStateChange):
        campaign_send(campaign=campaign, actor=world.manager)
    assert gold.pk


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "segment", "segment": {"colour": ["red"]}}, "segment.colour"),
        ({"kind": "segment", "segment": {"tier": ["platinum"]}}, "segment.tier"),
        ({"kind": "segment", "segment": {"tier": "gold"}}, "segment.tier"),
        ({"kind": "single"}, "customer"),
        ({"kind": "segment", "expires_after_days": 0}, "expires_after_days"),
        ({"kind": "mass-mail"}, "kind"),
    ],
)
def test_campaign_input_is_validated(world, template, kwargs, field):
    with pytest.raises(InvalidInput) as error:
        campaign_create(actor=world.manager, name="X", template=template, **kwargs)

    assert field in error.value.field_errors


def test_single_customer_campaign_needs_a_visible_customer(world, template):
    with pytest.raises(InvalidInput):
        campaign_create(
            actor=world.manager,
            name="X",
            template=template,
            kind="single",
            customer=world.other_department,
        )


def test_drafts_cannot_be_sent_and_staff_run_no_campaigns(world, template):
    from surveys.services import template_new_version

    draft = template_new_version(template=template, actor=world.admin)
    with pytest.raises(InvalidInput) as error:
        campaign_create(
            actor=world.manager, name="X", template=draft, kind="single", customer=world.own
        )
    with pytest.raises(NotAllowed):
        campaign_create(
            actor=world.staff, name="X", template=template, kind="single", customer=world.own
        )
    assert "template" in error.value.field_errors


def test_reminders_go_to_non_responders_at_most_twice(
    world, template, django_capture_on_commit_callbacks
):
    # given a customer invited four days ago who has not answered
    world.own.email = "own@example.com"
    world.own.save()
    invitation = invite(world, world.own)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=4)
    )
    mail.outbox.clear()

    def remind() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return campaign_remind()

    # when the daily job runs, twice the same day, then again after three days, twice
    first = remind()
    again_now = remind()
    Invitation.objects.filter(pk=invitation.pk).update(
        reminded_at=timezone.now() - timedelta(days=4)
    )
    second = remind()
    Invitation.objects.filter(pk=invitation.pk).update(
        reminded_at=timezone.now() - timedelta(days=4)
    )
    third = remind()

    # then two reminders in all, each e-mailed once
    assert (first, again_now, second, third) == (1, 0, 1, 0)
    assert len(mail.outbox) == 2


def test_closing_a_campaign(world, template):
    campaign = campaign_create(
        actor=world.manager, name="X", template=template, kind="single", customer=world.own
    )

    campaign_close(campaign=campaign, actor=world.manager)
    with pytest.raises(IllegalStateChange):
        campaign_close(campaign=campaign, actor=world.manager)
    with pytest.raises(NotAllowed):
        campaign_close(campaign=campaign, actor=world.colleague)


def test_only_admins_set_up_automatic_surveys_and_one_per_occasion(world, template):
    with pytest.raises(NotAllowed):
        campaign_create(actor=world.supervisor, name="Auto", template=template, kind="after_order")
    campaign_create(actor=world.admin, name="Auto", template=template, kind="after_order")
    with pytest.raises(InvalidInput):
        campaign_create(actor=world.admin, name="Auto 2", template=template, kind="after_order")


def test_an_order_invites_the_customer_automatically_once(
    world, template, django_capture_on_commit_callbacks
):
    campaign_create(actor=world.admin, name="After order", template=template, kind="after_order")

    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(customer=world.own)

    invitation = Invitation.objects.get()
    assert (invitation.customer, invitation.source) == (world.own, f"order:{order.pk}")
    from surveys.handlers import invite_after_order

    invite_after_order(order_id=order.pk, customer_id=world.own.pk)  # the handler run again
    assert Invitation.objects.count() == 1


def test_an_evaluated_complaint_sends_the_customer_a_survey(
    world, template, service, django_capture_on_commit_callbacks
):
    from tests.complaints.conftest import record, walk

    campaign_create(
        actor=world.admin, name="After complaint", template=template, kind="after_complaint"
    )
    complaint = walk(record(world), world, service, "implemented")

    with django_capture_on_commit_callbacks(execute=True):
        walk(complaint, world, service, "evaluated")

    assert Invitation.objects.get().source == f"complaint:{complaint.pk}"
