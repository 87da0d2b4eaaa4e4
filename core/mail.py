"""E-mail as a side effect, and e-mail when production has no settings for it.

`mail_queue` queues a message with the transaction that decides to send it; the outbox sends it
after the commit. The send and the outbox's "done" mark commit together, so a redo after a crash
sends again only a message whose sending was cut off.

Without e-mail settings in production, crm/settings.py picks `UnconfiguredEmailBackend`, which
refuses clearly instead of trying an SMTP server on localhost:25 that is not there.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from email.utils import make_msgid

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from .outbox import outbox_enqueue

logger = logging.getLogger(__name__)

UNCONFIGURED_BACKEND = "core.mail.UnconfiguredEmailBackend"
HOW_TO_CONFIGURE = (
    "Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS) for an "
    "SMTP server, or EMAIL_BACKEND explicitly, e.g. django.core.mail.backends.console.EmailBackend "
    "to print messages instead of sending them."
)
UNCONFIGURED_MESSAGE = f"E-mail is not configured. {HOW_TO_CONFIGURE}"


def email_configured() -> bool:
    return str(settings.EMAIL_BACKEND) != UNCONFIGURED_BACKEND


def require_email() -> None:
    """For commands that send mail as a consequence of what they write: fail before writing."""
    if not email_configured():
        raise ImproperlyConfigured(UNCONFIGURED_MESSAGE)


class UnconfiguredEmailBackend(BaseEmailBackend):
    """Sends nothing. A caller that asked to fail silently gets a logged error; any other
    gets ImproperlyConfigured, so a job fails at once with what to set (no retries against a
    server that does not exist) and records nothing as sent."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        if self.fail_silently:
            logger.error(
                "e-mail not sent (%d message(s)): %s", len(email_messages), UNCONFIGURED_MESSAGE
            )
            return 0
        raise ImproperlyConfigured(UNCONFIGURED_MESSAGE)


DELIVER = "core.mail.mail_deliver"


def mail_queue(*, to: Sequence[str], subject: str, body: str, key: str | None = None) -> None:
    """Queue one e-mail (already in its reader's language). With a `key`, queuing the same
    e-mail again (a job that runs twice) sends it once."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    outbox_enqueue(
        handler=DELIVER,
        payload={
            "to": recipients,
            "subject": subject,
            "body": body,
            # One Message-ID for every attempt: mail systems drop a repeat of a message they
            # have already accepted.
            "message_id": make_msgid(domain="crm.local"),
        },
        key=key,
    )


def mail_deliver(*, to: list[str], subject: str, body: str, message_id: str) -> None:
    """The outbox handler: one SMTP (or configured backend) send."""
    EmailMessage(subject, body, to=to, headers={"Message-ID": message_id}).send()
