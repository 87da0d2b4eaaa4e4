"""Lifecycle (客户的状态及流转, SPEC §2): creation records the first state, manual moves follow
MANUAL_TRANSITIONS with a reason, orders move prospects and lost customers; all of it is history."""

from __future__ import annotations

import itertools

import pytest

from core.errors import IllegalStateChange, InvalidInput, NotAllowed
from customers.choices import LifecycleCause, LifecycleState
from customers.lifecycle import MANUAL_TRANSITIONS
from customers.models import LifecycleChange
from customers.services import customer_change_lifecycle
from tests.factories import make_customer, make_order
from tests.helpers import api_error_fields

STATES = LifecycleState.values
PAIRS = list(itertools.product(STATES, STATES))
ALLOWED = [(a, b) for a, b in PAIRS if b in MANUAL_TRANSITIONS[a]]
FORBIDDEN = [(a, b) for a, b in PAIRS if b not in MANUAL_TRANSITIONS[a]]


def _history(customer) -> list[tuple[str, str, str]]:
    """Oldest first: (from, to, cause)."""
    return list(
        customer.lifecycle_changes.order_by("changed_at", "id").values_list(
            "from_state", "to_state", "cause"
        )
    )


def test_the_transition_table_knows_every_state_and_never_loops():
    # given / when
    sources = set(MANUAL_TRANSITIONS)

    # then
    assert sources == set(STATES)
    for state, targets in MANUAL_TRANSITIONS.items():
        assert targets <= set(STATES)
        assert state not in targets


@pytest.mark.parametrize("state", STATES)
def test_creating_a_customer_records_its_initial_state(world, state):
    # given / when
    customer = make_customer(owner=world.manager, lifecycle_state=state)

    # then
    change = LifecycleChange.objects.get(customer=customer)
    assert (change.from_state, change.to_state, change.cause, change.actor) == (
        "",
        state,
        LifecycleCause.CREATED,
        world.manager,
    )
    assert customer.lifecycle_state == state


@pytest.mark.parametrize(("from_state", "to_state"), ALLOWED)
def test_manual_move_allowed_by_the_table_changes_state_and_records_the_reason(
    world, from_state, to_state
):
    # given
    customer = make_customer(owner=world.manager, lifecycle_state=from_state)

    # when
    change = customer_change_lifecycle(
        customer=customer, actor=world.manager, to_state=to_state, reason="Agreed in the meeting"
    )

    # then
    customer.refresh_from_db()
    assert customer.lifecycle_state == to_state
    assert customer.lifecycle_changed_at == change.changed_at
    assert (change.from_state, change.to_state, change.cause, change.reason, change.actor) == (
        from_state,
        to_state,
        LifecycleCause.MANUAL,
        "Agreed in the meeting",
        world.manager,
    )
    assert _history(customer)[-1] == (from_state, to_state, "manual")


@pytest.mark.parametrize(("from_state", "to_state"), FORBIDDEN)
def test_manual_move_the_table_forbids_is_an_illegal_state_change(world, from_state, to_state):
    # given
    customer = make_customer(owner=world.manager, lifecycle_state=from_state)
    history = _history(customer)

    # when
    with pytest.raises(IllegalStateChange):
        customer_change_lifecycle(
            customer=customer, actor=world.manager, to_state=to_state, reason="Try anyway"
        )

    # then
    customer.refresh_from_db()
    assert customer.lifecycle_state == from_state
    assert _history(customer) == history


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_manual_move_needs_a_reason(world, reason):
    # when
    with pytest.raises(InvalidInput) as error:
        customer_change_lifecycle(
            customer=world.own, actor=world.manager, to_state="target", reason=reason
        )

    # then
    assert set(error.value.field_errors) == {"reason"}
    world.own.refresh_from_db()
    assert world.own.lifecycle_state == "potential"


@pytest.mark.parametrize("viewer", ["staff", "colleague"])
def test_only_editors_move_a_customer(world, viewer):
    # when
    with pytest.raises(NotAllowed):
        customer_change_lifecycle(
            customer=world.own, actor=world.user(viewer), to_state="target", reason="x"
        )

    # then
    world.own.refresh_from_db()
    assert world.own.lifecycle_state == "potential"


@pytest.mark.parametrize("state", ["potential", "target", "non_customer"])
def test_first_order_makes_a_prospect_current(world, state):
    # given
    customer = make_customer(owner=world.manager, lifecycle_state=state)

    # when
    make_order(customer=customer)

    # then
    customer.refresh_from_db()
    assert customer.lifecycle_state == "current"
    assert _history(customer) == [("", state, "created"), (state, "current", "first_order")]


def test_order_from_a_lost_customer_wins_them_back(world):
    # given
    customer = make_customer(owner=world.manager, lifecycle_state="lost")

    # when
    make_order(customer=customer)

    # then
    customer.refresh_from_db()
    assert customer.lifecycle_state == "current"
    assert _history(customer) == [("", "lost", "created"), ("lost", "current", "win_back")]


@pytest.mark.parametrize("state", ["current", "loyal"])
def test_orders_from_buying_customers_leave_state_and_history_alone(world, state):
    # given
    customer = make_customer(owner=world.manager, lifecycle_state=state)
    history = _history(customer)

    # when
    make_order(customer=customer)
    make_order(customer=customer)

    # then
    customer.refresh_from_db()
    assert customer.lifecycle_state == state
    assert _history(customer) == history


def test_second_order_of_a_new_customer_adds_no_history(world):
    # given a prospect made current by a first order
    customer = make_customer(owner=world.manager)
    make_order(customer=customer)
    history = _history(customer)

    # when
    make_order(customer=customer)

    # then
    assert _history(customer) == history


@pytest.mark.parametrize(("from_state", "to_state"), FORBIDDEN)
def test_lifecycle_api_answers_409_for_a_move_the_table_forbids(
    world, api_as, from_state, to_state
):
    # given
    customer = make_customer(owner=world.manager, lifecycle_state=from_state)

    # when
    response = api_as("manager").post(
        f"/api/v1/customers/{customer.pk}/lifecycle/",
        {"to_state": to_state, "reason": "Because"},
        format="json",
    )

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_state"
    customer.refresh_from_db()
    assert customer.lifecycle_state == from_state


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"to_state": "target"}, "reason"),
        ({"to_state": "target", "reason": ""}, "reason"),
        ({"to_state": "target", "reason": "x" * 4001}, "reason"),
        ({"reason": "Chosen"}, "to_state"),
        ({"to_state": "banana", "reason": "Chosen"}, "to_state"),
    ],
)
def test_lifecycle_api_answers_400_naming_a_missing_or_bad_field(world, api_as, body, field):
    # given
    history = _history(world.own)

    # when
    response = api_as("manager").post(
        f"/api/v1/customers/{world.own.pk}/lifecycle/", body, format="json"
    )

    # then
    assert response.status_code == 400
    assert api_error_fields(response) == {field}
    assert _history(world.own) == history


def test_lifecycle_api_moves_the_customer_and_the_history_shows_it(world, api_as):
    # given
    api = api_as("manager")

    # when
    moved = api.post(
        f"/api/v1/customers/{world.own.pk}/lifecycle/",
        {"to_state": "target", "reason": "Chosen for development"},
        format="json",
    )
    history = api.get(f"/api/v1/customers/{world.own.pk}/lifecycle-history/")

    # then
    assert moved.status_code == 201
    assert moved.json()["to_state"] == "target"
    assert [(row["to_state"], row["cause"], row["reason"]) for row in history.json()] == [
        ("target", "manual", "Chosen for development"),
        ("potential", "created", ""),
    ]


@pytest.mark.parametrize("state", ["target", "current", "non_customer"])
def test_lifecycle_cannot_be_patched_through_the_customer_endpoint(world, api_as, state):
    # when
    response = api_as("manager").patch(
        f"/api/v1/customers/{world.own.pk}/",
        {"lifecycle_state": state, "needs": "Also changed"},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert api_error_fields(response) == {"lifecycle_state"}
    world.own.refresh_from_db()
    assert (world.own.lifecycle_state, world.own.needs) == ("potential", "")
    assert _history(world.own) == [("", "potential", "created")]


def test_patching_the_unchanged_lifecycle_state_is_harmless(world, api_as):
    # when
    response = api_as("manager").patch(
        f"/api/v1/customers/{world.own.pk}/",
        {"lifecycle_state": "potential", "needs": "Tea sets"},
        format="json",
    )

    # then
    assert response.status_code == 200
    world.own.refresh_from_db()
    assert (world.own.lifecycle_state, world.own.needs) == ("potential", "Tea sets")
