"""MAN qualification (SPEC §2): Money, Authority, Need → what the manager should do."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ManAdvice:
    code: str
    label: Promise
    action: Promise


_PROSPECT = ManAdvice("prospect", _("Ideal prospect"), _("Ideal sales target: pursue now."))
_SKILLED = ManAdvice("contact_skilled", _("Contact"), _("Contact; skilled selling may succeed."))
_FIND_AUTHORITY = ManAdvice(
    "find_authority",
    _("Contact, find the decision maker"),
    _("Contact, and find the person with authority to buy."),
)
_CHECK_CREDIT = ManAdvice(
    "check_credit",
    _("Contact, check credit"),
    _("Contact; check business and credit, consider financing."),
)
_CULTIVATE = ManAdvice("cultivate", _("Cultivate"), _("Contact; observe and cultivate over time."))
_STOP = ManAdvice("stop", _("Non-customer"), _("Non-customer: stop contact."))

# Keyed by (money, authority, need); True is the capital letter in the texts.
MAN_TABLE: dict[tuple[bool, bool, bool], ManAdvice] = {
    (True, True, True): _PROSPECT,
    (True, True, False): _SKILLED,
    (True, False, True): _FIND_AUTHORITY,
    (False, True, True): _CHECK_CREDIT,
    (False, False, True): _CULTIVATE,
    (False, True, False): _CULTIVATE,
    (True, False, False): _CULTIVATE,
    (False, False, False): _STOP,
}


def man_code(*, money: bool, authority: bool, need: bool) -> str:
    """The texts' notation: capital letter = has it, small = lacks it (e.g. "MaN")."""
    return ("M" if money else "m") + ("A" if authority else "a") + ("N" if need else "n")


def man_advice(*, money: bool, authority: bool, need: bool) -> ManAdvice:
    return MAN_TABLE[(money, authority, need)]
