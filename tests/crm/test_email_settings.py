"""A safe e-mail backend when none is configured: the console with DEBUG, SMTP once EMAIL_HOST
names a server, otherwise a clear refusal — seed_demo before writing anything, a job without
marking anything sent, `check --deploy` with a warning."""

from __future__ import annotations

import io
import logging

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.core.management import CommandError, call_command

from accounts.models import Department, User
from core.mail import UNCONFIGURED_BACKEND
from core.models import OutboxMessage, OutboxState
from crm.settings import _email_backend
from customers.models import Customer
from tests.factories import make_customer
from tests.surveys.conftest import invite


@pytest.mark.parametrize(
    ("environ", "debug", "backend"),
    [
        ({}, True, "django.core.mail.backends.console.EmailBackend"),
        (
            {"EMAIL_HOST": "smtp.example.com"},
            True,
            "django.core.mail.backends.console.EmailBackend",
        ),
        ({"EMAIL_HOST": "smtp.example.com"}, False, "django.core.mail.backends.smtp.EmailBackend"),
        ({}, False, UNCONFIGURED_BACKEND),
        ({"EMAIL_HOST": ""}, False, UNCONFIGURED_BACKEND),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"},
            False,
            "django.core.mail.backends.filebased.EmailBackend",
        ),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"},
            True,
            "django.core.mail.backends.smtp.EmailBackend",
        ),
    ],
)
def test_the_email_backend_is_console_with_debug_smtp_with_a_host_else_unconfigured(
    environ, debug, backend
):
    assert _email_backend(environ, debug) == backend


@pytest.fixture
def no_email(settings):
    settings.EMAIL_BACKEND = UNCONFIGURED_BACKEND


def test_without_email_settings_seed_demo_stops_before_writing_anything(db, no_email):
    with pytest.raises(CommandError, match="EMAIL_HOST"):
        call_command("seed_demo", customers=5, order_lines=10, stdout=io.StringIO())

    assert (Customer.objects.count(), User.objects.count(), Department.objects.count()) == (0, 0, 0)


def test_without_email_settings_seed_demo_reset_keeps_the_existing_data(world, no_email):
    with pytest.raises(CommandError, match="EMAIL_BACKEND"):
        call_command("seed_demo", customers=5, order_lines=10, reset=True, stdout=io.StringIO())

    assert Customer.objects.filter(pk=world.own.pk).exists()


def test_without_email_settings_an_invitation_fails_clearly_and_waits_unsent(
    world, no_email, django_capture_on_commit_callbacks
):
    # given a customer to invite, and no e-mail settings
    customer = make_customer(owner=world.manager, name="Mailable", email="m@example.com")

    # when the invitation is sent and its e-mail runs
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(world, customer)

    # then the e-mail failed saying what to set, and waits for when e-mail is configured
    invitation.refresh_from_db()
    assert invitation.emailed_at is None
    waiting = OutboxMessage.objects.get(handler="surveys.handlers.email_invitation")
    assert waiting.state == OutboxState.PENDING
    assert "EMAIL_HOST" in waiting.last_error


def test_without_email_settings_a_notice_sent_silently_is_logged(no_email, caplog):
    with caplog.at_level(logging.ERROR, logger="core.mail"):
        sent = mail.send_mail("s", "m", None, ["a@example.com"], fail_silently=True)

    assert sent == 0
    assert "E-mail is not configured" in caplog.text


def test_check_deploy_warns_when_email_is_unconfigured(no_email):
    messages = run_checks(include_deployment_checks=True, tags=["email"])

    assert [m.id for m in messages] == ["crm.W001"]


def test_check_deploy_is_quiet_about_configured_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

    assert run_checks(include_deployment_checks=True, tags=["email"]) == []
