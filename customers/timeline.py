"""The customer's one timeline. Each app contributes a source (orders, interactions,
lifecycle changes, and later complaints, surveys, reminders) through register_source."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .models import Customer

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # css/icon key: order, interaction, lifecycle, ...
    title: str
    detail: str = ""
    actor: str = ""
    url: str = ""
    date_only: bool = False
    extra: dict[str, str] = field(default_factory=dict)


# A source returns at most `limit` entries, newest first, in a bounded number of queries.
TimelineSource = Callable[[Customer, "User", int], Iterable[TimelineEntry]]
_SOURCES: list[TimelineSource] = []


def register_source(source: TimelineSource) -> TimelineSource:
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def customer_timeline(*, customer: Customer, user: User, limit: int = 40) -> list[TimelineEntry]:
    streams = [list(source(customer, user, limit)) for source in _SOURCES]
    merged = heapq.merge(*streams, key=lambda entry: entry.at, reverse=True)
    return [entry for _index, entry in zip(range(limit), merged, strict=False)]


@register_source
def _interactions(customer: Customer, user: User, limit: int) -> Iterable[TimelineEntry]:
    for item in customer.interactions.select_related("user").order_by("-occurred_at", "-id")[
        :limit
    ]:
        detail = item.summary
        extra: dict[str, str] = {}
        if item.promise:
            extra["promise"] = item.promise
            if item.promise_due:
                extra["promise_due"] = item.promise_due.isoformat()
        if item.next_step:
            extra["next_step"] = item.next_step
        yield TimelineEntry(
            at=item.occurred_at,
            kind="interaction",
            title=_("Contact by %(channel)s") % {"channel": item.get_channel_display()},
            detail=detail,
            actor=str(item.user),
            extra=extra,
        )


@register_source
def _lifecycle(customer: Customer, user: User, limit: int) -> Iterable[TimelineEntry]:
    for change in customer.lifecycle_changes.select_related("actor").order_by("-changed_at", "-id")[
        :limit
    ]:
        if change.from_state:
            title = _("State: %(from)s → %(to)s") % {
                "from": change.get_from_state_display(),
                "to": change.get_to_state_display(),
            }
        else:
            title = _("Created as %(to)s") % {"to": change.get_to_state_display()}
        yield TimelineEntry(
            at=change.changed_at,
            kind="lifecycle",
            title=title,
            detail=change.reason or str(change.get_cause_display()),
            actor=str(change.actor) if change.actor else _("System"),
        )
