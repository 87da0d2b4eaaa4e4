from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from customers.models import Customer
from customers.timeline import TimelineEntry, register_source

from .models import SurveyResponse

if TYPE_CHECKING:
    from accounts.models import User


@register_source
def survey_entries(customer: Customer, user: User, limit: int) -> Iterable[TimelineEntry]:
    responses = (
        SurveyResponse.objects.filter(customer=customer)
        .select_related("template")
        .order_by("-submitted_at")[:limit]
    )
    for response in responses:
        parts = []
        if response.nps is not None:
            parts.append(_("would recommend %(score)d/10") % {"score": response.nps})
        if response.satisfaction_index is not None:
            parts.append(_("index %(index).2f") % {"index": response.satisfaction_index})
        yield TimelineEntry(
            at=response.submitted_at,
            kind="survey",
            title=_("Survey answered: %(title)s") % {"title": response.template.title()},
            detail=", ".join(parts),
        )
