"""The date range of a report request: `date_from` / `date_to` (YYYY-MM-DD) in the query,
each defaulting to the last year up to today. One rule for every report, pages and API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import InvalidInput


def last_year() -> tuple[date, date]:
    today = timezone.localdate()
    return today - timedelta(days=365), today


def report_period(params: Any) -> tuple[date, date]:
    """The range asked for in `params` (a QueryDict or a mapping); InvalidInput names the bad
    field."""
    since, until = last_year()
    errors: dict[str, list[str]] = {}
    bounds = {"date_from": since, "date_to": until}
    for name in bounds:
        raw = (params.get(name) or "").strip()
        if raw:
            try:
                bounds[name] = date.fromisoformat(raw)
            except ValueError:
                errors[name] = [_("Give a date as YYYY-MM-DD.")]
    if not errors and bounds["date_from"] > bounds["date_to"]:
        errors["date_to"] = [_("The end lies before the start.")]
    if errors:
        raise InvalidInput(_("The report request has problems."), field_errors=errors)
    return bounds["date_from"], bounds["date_to"]
