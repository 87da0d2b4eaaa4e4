"""The one writer of complaint audit rows (ComplaintEvent); they are never edited."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder

from .models import Complaint, ComplaintEvent

if TYPE_CHECKING:
    from accounts.models import User


def record_event(
    *,
    complaint: Complaint,
    action: str,
    actor: User | None,
    at: datetime,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    changes: dict[str, Any] | None = None,
) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        comment=comment,
        changes=json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder)),
        at=at,
    )
