"""Side panels other apps add to the customer page (surveys, reminders, …), each a template
and its context, computed in a bounded number of queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Customer


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]


PanelSource = Callable[["Customer", "User"], Panel | None]
_SOURCES: list[PanelSource] = []


def register_panel(source: PanelSource) -> PanelSource:
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def customer_panels(*, customer: Customer, user: User) -> list[Panel]:
    return [panel for source in _SOURCES if (panel := source(customer, user)) is not None]
