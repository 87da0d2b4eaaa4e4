"""E-mail when production has no e-mail settings: refuse clearly instead of trying an SMTP
server on localhost:25 that is not there (crm/settings.py picks this backend only then)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

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
