"""MAN qualification (SPEC §2) and how to serve each buyer personality type (SPEC §1)."""

from __future__ import annotations

import pytest

from customers.choices import PersonalityType
from customers.personality import PERSONALITY_GUIDE, personality_guide
from customers.qualification import MAN_TABLE, man_advice, man_code
from customers.services import customer_update
from tests.factories import make_customer

# (money, authority, need) → (the texts' notation, action), straight from the SPEC §2 table.
SPEC_MAN = {
    (True, True, True): ("MAN", "prospect"),
    (True, True, False): ("MAn", "contact_skilled"),
    (True, False, True): ("MaN", "find_authority"),
    (False, True, True): ("mAN", "check_credit"),
    (False, False, True): ("maN", "cultivate"),
    (False, True, False): ("mAn", "cultivate"),
    (True, False, False): ("Man", "cultivate"),
    (False, False, False): ("man", "stop"),
}
MAN_CASES = [
    pytest.param(flags, code, action, id=code) for flags, (code, action) in SPEC_MAN.items()
]


def test_the_man_table_covers_exactly_the_eight_combinations():
    # given / when
    combinations = set(MAN_TABLE)

    # then
    assert combinations == set(SPEC_MAN)


@pytest.mark.parametrize(("flags", "code", "action"), MAN_CASES)
def test_man_table_gives_the_spec_action_for_every_combination(flags, code, action):
    # given
    money, authority, need = flags

    # when
    advice = man_advice(money=money, authority=authority, need=need)

    # then
    assert advice.code == action
    assert man_code(money=money, authority=authority, need=need) == code


@pytest.mark.parametrize(("flags", "code", "action"), MAN_CASES)
def test_a_customers_man_flags_give_its_code_action_and_assessment_time(
    world, api_as, flags, code, action
):
    # given
    money, authority, need = flags

    # when
    customer = make_customer(
        owner=world.manager, has_money=money, has_authority=authority, has_need=need
    )
    body = api_as("manager").get(f"/api/v1/customers/{customer.pk}/").json()

    # then
    assert customer.man_code == code
    assert customer.man_advice.code == action
    assert body["man_code"] == code
    assert body["man_action"] == str(MAN_TABLE[flags].action)
    assert (customer.man_assessed_at is not None) is any(flags)


def test_changing_the_man_flags_stamps_the_assessment(world):
    # given a customer never assessed
    assert world.own.man_assessed_at is None

    # when
    customer = customer_update(
        customer=world.own, actor=world.manager, attributes={"has_need": True}
    )

    # then
    assert customer.man_assessed_at is not None
    assert customer.man_advice.code == "cultivate"


@pytest.mark.parametrize("personality", PersonalityType.values)
def test_every_personality_type_has_traits_and_service_advice(personality):
    # when
    guide = personality_guide(personality)

    # then
    assert guide is not None
    assert str(guide.traits).strip()
    assert str(guide.service).strip()


def test_the_guide_has_twelve_distinct_pieces_of_advice_and_none_for_no_type():
    # given / when
    services = {str(guide.service) for guide in PERSONALITY_GUIDE.values()}

    # then
    assert set(PERSONALITY_GUIDE) == set(PersonalityType.values)
    assert len(PersonalityType.values) == len(services) == 12
    assert personality_guide("") is None


@pytest.mark.parametrize("personality", PersonalityType.values)
def test_customer_page_and_api_show_how_to_serve_the_customers_type(
    world, page_as, api_as, personality
):
    # given
    customer = customer_update(
        customer=world.own, actor=world.manager, attributes={"personality_type": personality}
    )
    advice = str(PERSONALITY_GUIDE[personality].service)

    # when
    html = page_as("manager").get(f"/customers/{customer.pk}/").content.decode()
    body = api_as("manager").get(f"/api/v1/customers/{customer.pk}/").json()

    # then
    assert advice.replace("'", "&#x27;") in html
    assert body["personality_service"] == advice


def test_customer_page_shows_the_man_action(world, page_as):
    # given
    customer_update(
        customer=world.own,
        actor=world.manager,
        attributes={"has_money": True, "has_authority": False, "has_need": True},
    )

    # when
    html = page_as("manager").get(f"/customers/{world.own.pk}/").content.decode()

    # then
    assert "Contact, and find the person with authority to buy." in html
