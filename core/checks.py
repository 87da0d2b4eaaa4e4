"""Deployment checks of our own, run by `manage.py check --deploy`."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, register
from django.core.checks import Warning as CheckWarning

from .mail import HOW_TO_CONFIGURE, email_configured


@register("email", deploy=True)
def email_is_configured(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Survey invitations, reminders, digests and escalations go out by e-mail."""
    if email_configured():
        return []
    return [
        CheckWarning(
            "E-mail is not configured: survey invitations, care digests and escalation notices "
            "will not be sent.",
            hint=HOW_TO_CONFIGURE,
            id="crm.W001",
        )
    ]
