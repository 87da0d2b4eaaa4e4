"""A worker killed mid-job loses nothing: the job runs again, and every survey invitation is
e-mailed exactly once — whether one pool process dies (the OOM killer) or the whole worker."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import requests
from rest_framework.authtoken.models import Token

from core.models import OutboxMessage, OutboxState
from surveys.models import Campaign, Invitation
from surveys.services import campaign_create
from tests.conftest import World
from tests.factories import make_customer
from tests.surveys.conftest import published

from .mailbox import read as read_mailbox
from .stack import Stack, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]
RECIPIENTS = 65
SLOW_SMTP_SECONDS = "0.15"


def _campaign(world: World, tag: str) -> Campaign:
    template = published(world)
    for index in range(RECIPIENTS):
        make_customer(
            owner=world.manager,
            name=f"{tag} {index}",
            email=f"{tag}-{index}@example.com",
            tags=[tag],
        )
    return campaign_create(
        actor=world.admin, name=tag, template=template, kind="segment", segment={"tag": [tag]}
    )


def _send(deployment: Stack, world: World, campaign: Campaign) -> None:
    token, _created = Token.objects.get_or_create(user=world.admin)
    response = requests.post(
        f"{deployment.base_url}/api/v1/surveys/campaigns/{campaign.pk}/send/",
        headers={"Authorization": f"Token {token.key}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text


def _emailed(mailbox: Path, tag: str) -> Counter[str]:
    return Counter(
        address
        for mail in read_mailbox(mailbox)
        for address in mail["to"]  # type: ignore[attr-defined]
        if address.startswith(f"{tag}-")
    )


def _sent_marks(tag: str) -> int:
    return Invitation.objects.filter(
        customer__name__startswith=f"{tag} ", emailed_at__isnull=False
    ).count()


@pytest.fixture
def slow_mail(deployment: Stack) -> Stack:
    deployment.env.update(
        CRM_TEST_MAIL_DELAY=SLOW_SMTP_SECONDS,
        # A worker that vanishes gives its job back within seconds here (30 minutes in
        # production, longer than the longest job).
        CELERY_VISIBILITY_TIMEOUT="6",
        CELERY_RESTORE_INTERVAL="1",
    )
    return deployment


def test_a_pool_process_killed_mid_job_loses_no_invitation_and_doubles_none(
    world, slow_mail, mailbox
):
    # given a campaign to 65 customers and the product running, e-mail slow to send
    campaign = _campaign(world, "pool")
    slow_mail.start_web()
    slow_mail.start_worker()

    # when it is sent and the process doing the work is killed after 25 e-mails
    _send(slow_mail, world, campaign)
    wait_for(lambda: _sent_marks("pool") >= 25, timeout=90, what="25 invitations e-mailed")
    children = slow_mail.pool_children()
    assert children, "the worker has no pool process"
    for child in children:
        slow_mail.kill_pid(child)
    killed_after = _sent_marks("pool")

    # then the worker replaces the process, the job runs again, and every invitation is
    # e-mailed exactly once
    wait_for(
        lambda: _sent_marks("pool") == RECIPIENTS, timeout=120, what="every invitation e-mailed"
    )
    emailed = _emailed(mailbox, "pool")
    print(
        f"\npool process killed after {killed_after} of {RECIPIENTS}: "
        f"e-mailed {len(emailed)} addresses, {sum(emailed.values())} messages"
    )
    assert len(emailed) == RECIPIENTS
    assert max(emailed.values()) == 1
    assert not OutboxMessage.objects.exclude(state=OutboxState.DONE).exists()


def test_a_whole_worker_killed_mid_job_loses_no_invitation_and_doubles_none(
    world, slow_mail, mailbox
):
    # given a campaign to 65 customers and the product running, e-mail slow to send
    campaign = _campaign(world, "host")
    slow_mail.start_web()
    slow_mail.start_worker()

    # when it is sent and the whole worker dies (SIGKILL, every process) after 25 e-mails
    _send(slow_mail, world, campaign)
    wait_for(lambda: _sent_marks("host") >= 25, timeout=90, what="25 invitations e-mailed")
    slow_mail.kill("worker")
    killed_after = _sent_marks("host")
    # and a new worker starts
    slow_mail.start_worker("replacement")

    # then the job is given back to the new worker and every invitation is e-mailed once
    wait_for(
        lambda: _sent_marks("host") == RECIPIENTS, timeout=180, what="every invitation e-mailed"
    )
    emailed = _emailed(mailbox, "host")
    print(
        f"\nworker killed after {killed_after} of {RECIPIENTS}: "
        f"e-mailed {len(emailed)} addresses, {sum(emailed.values())} messages"
    )
    assert len(emailed) == RECIPIENTS
    assert max(emailed.values()) == 1
    assert not OutboxMessage.objects.exclude(state=OutboxState.DONE).exists()
