from __future__ import annotations

from typing import Any

from django import template

from analytics.presenters import key_text
from analytics.selectors import Figures

register = template.Library()


@register.filter
def report_key(value: Any) -> str:
    return key_text(value)


@register.filter
def cell(cells: dict[Any, Figures], key: Any) -> Figures | None:
    return cells.get(key)


@register.filter
def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key)
