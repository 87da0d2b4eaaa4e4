"""E-mail as a side effect: queued with the transaction that decides to send it, sent by the
outbox after the commit. The send and the outbox's "done" mark commit together, so a redo after
a crash sends again only a message whose sending was cut off."""

from __future__ import annotations

from collections.abc import Sequence
from email.utils import make_msgid

from django.core.mail import EmailMessage

from .outbox import outbox_enqueue

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
