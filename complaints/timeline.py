from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from customers.models import Customer
from customers.timeline import TimelineEntry, register_source

if TYPE_CHECKING:
    from accounts.models import User


@register_source
def complaint_entries(customer: Customer, user: User, limit: int) -> Iterable[TimelineEntry]:
    for complaint in customer.complaints.select_related("recorded_by").order_by("-received_at")[
        :limit
    ]:
        yield TimelineEntry(
            at=complaint.received_at,
            kind="complaint",
            title=_("Complaint #%(id)d: %(category)s — %(state)s")
            % {
                "id": complaint.pk,
                "category": complaint.get_category_display(),
                "state": complaint.get_state_display(),
            },
            detail=complaint.content,
            actor=str(complaint.recorded_by),
            url=reverse("complaints:detail", args=[complaint.pk]),
        )
