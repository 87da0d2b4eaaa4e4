"""Buyer personality types (购买者个性类型, SPEC §1) and how to serve each."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import PersonalityType


@dataclass(frozen=True)
class PersonalityGuide:
    traits: Promise
    service: Promise


PERSONALITY_GUIDE: dict[str, PersonalityGuide] = {
    PersonalityType.COMPOSED: PersonalityGuide(
        _("Serious, rational, steady."),
        _("Analyse and compare, give evidence, appeal to the benefits."),
    ),
    PersonalityType.INDECISIVE: PersonalityGuide(
        _("Hesitant, goes back and forth."),
        _("Give examples; do not rush the deal."),
    ),
    PersonalityType.BOASTFUL: PersonalityGuide(
        _("Showy, vain, stubborn."),
        _("Listen well and satisfy their vanity."),
    ),
    PersonalityType.FORTHRIGHT: PersonalityGuide(
        _("Direct, decisive, emotional."),
        _("Be direct and warm."),
    ),
    PersonalityType.TALKATIVE: PersonalityGuide(
        _("Experienced, subjective."),
        _("Be patient and keep control of the conversation."),
    ),
    PersonalityType.TACITURN: PersonalityGuide(
        _("Seasoned, reveals little."),
        _("Lead logically; good first impressions stick."),
    ),
    PersonalityType.NITPICKING: PersonalityGuide(
        _("Rejects others' views, picky."),
        _("Praise them and ask for their advice."),
    ),
    PersonalityType.INSINCERE: PersonalityGuide(
        _("Friendly, but no real intent to buy."),
        _("Show trust, but do not concede easily."),
    ),
    PersonalityType.COLD_ARROGANT: PersonalityGuide(
        _("Stubborn, proud."),
        _("Get introduced through acquaintances; challenge them."),
    ),
    PersonalityType.IMPULSIVE: PersonalityGuide(
        _("Sensitive, volatile."),
        _("Choose words carefully and stress the benefits."),
    ),
    PersonalityType.RESENTFUL: PersonalityGuide(
        _("Attacks without reason."),
        _("Find the facts, sympathise and comfort."),
    ),
    PersonalityType.SLIPPERY: PersonalityGuide(
        _("Competitive, stubborn, cunning."),
        _("Create a 'selling fast' atmosphere."),
    ),
}


def personality_guide(personality_type: str) -> PersonalityGuide | None:
    return PERSONALITY_GUIDE.get(personality_type)
