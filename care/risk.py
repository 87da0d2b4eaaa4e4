"""What a churn score's reasons say: the analysis (analytics.churn) stores them as data with
their codes and figures; the words come at display, in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def reason_text(reason: dict[str, Any]) -> str:
    code = reason.get("code")
    if code == "recency":
        return _("No purchase for %(days)d days") % {"days": reason["days"]}
    if code == "trend":
        return _("Spending down %(drop)d%% (last 90 days against the 90 before)") % {
            "drop": round(reason["drop"] * 100)
        }
    if code == "frequency":
        return _("Only %(orders)d orders in the last year") % {"orders": reason["orders"]}
    if code == "complaints":
        return _("%(complaints)d complaints in 180 days, %(open)d still open") % reason
    if code == "satisfaction":
        parts = []
        if reason.get("nps") is not None and reason["nps"] <= 6:
            parts.append(_("would recommend %(nps)d/10") % {"nps": reason["nps"]})
        if reason.get("index") is not None and reason["index"] < 1:
            parts.append(_("got less than expected (index %(index).2f)") % reason)
        return _("Dissatisfied: %(what)s") % {"what": "; ".join(parts)}
    return str(code)
