"""Locale-aware display of money and numbers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.formats import number_format


def money(value: Decimal | int | float | None, decimals: int = 2) -> str:
    if value is None:
        return ""
    # Round half up to the cent first: number_format cuts extra digits off (1.999 → 1.99).
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    amount = number_format(abs(rounded), decimal_pos=decimals, use_l10n=True, force_grouping=True)
    sign = "-" if rounded < 0 else ""
    return f"{sign}{settings.CRM_CURRENCY_SYMBOL}{amount}"
