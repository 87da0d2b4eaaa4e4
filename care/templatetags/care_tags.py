from __future__ import annotations

from typing import Any

from django import template

from care.risk import reason_text

register = template.Library()


@register.filter
def churn_reason(reason: dict[str, Any]) -> str:
    return reason_text(reason)
