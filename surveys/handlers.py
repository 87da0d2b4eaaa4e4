"""What the surveys app does after other apps' events, and its own e-mails (outbox handlers)."""

from __future__ import annotations

from core.events import Payload

from .choices import CampaignKind
from .models import Invitation
from .selectors import automatic_survey_active
from .services import invitation_for_event, invitation_send_email


def wants_after_order(payload: Payload) -> bool:
    return automatic_survey_active(CampaignKind.AFTER_ORDER)


def invite_after_complaint(*, complaint_id: int, customer_id: int) -> None:
    invitation_for_event(
        kind=CampaignKind.AFTER_COMPLAINT,
        customer_id=customer_id,
        source=f"complaint:{complaint_id}",
    )


def invite_after_order(*, order_id: int, customer_id: int) -> None:
    invitation_for_event(
        kind=CampaignKind.AFTER_ORDER, customer_id=customer_id, source=f"order:{order_id}"
    )


def email_invitation(*, invitation_id: int, reminder: int = 0) -> None:
    """E-mail one link, or its `reminder`-th reminder; a redo finds it sent and sends nothing."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("customer")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return
    if reminder:
        if invitation.reminders >= reminder:
            return
    elif invitation.emailed_at is not None:
        return
    invitation_send_email(invitation=invitation, reminder=bool(reminder))
