"""Survey writes: templates (versioned), campaigns and invitations, responses."""

from .campaigns import (
    campaign_close,
    campaign_create,
    campaign_remind,
    campaign_send,
    invitation_for_event,
    invitation_send_email,
)
from .responses import response_submit, responses_act_on_pending
from .templates import template_create, template_new_version, template_publish, template_update

__all__ = [
    "campaign_close",
    "campaign_create",
    "campaign_remind",
    "campaign_send",
    "invitation_for_event",
    "invitation_send_email",
    "response_submit",
    "responses_act_on_pending",
    "template_create",
    "template_new_version",
    "template_publish",
    "template_update",
]
