"""Customer lifecycle (客户的状态及流转, SPEC §2), declared as data.

Manual changes need a reason and must follow MANUAL_TRANSITIONS. An order moves the
customer as ORDER_TRANSITIONS says; every change lands in the lifecycle history.
"""

from __future__ import annotations

from .choices import LifecycleCause, LifecycleState

S = LifecycleState

MANUAL_TRANSITIONS: dict[str, frozenset[str]] = {
    S.POTENTIAL: frozenset({S.TARGET, S.NON_CUSTOMER}),
    S.TARGET: frozenset({S.POTENTIAL, S.NON_CUSTOMER}),
    S.CURRENT: frozenset({S.LOYAL, S.LOST, S.NON_CUSTOMER}),
    S.LOYAL: frozenset({S.CURRENT, S.LOST}),
    S.LOST: frozenset({S.TARGET, S.NON_CUSTOMER}),
    S.NON_CUSTOMER: frozenset({S.POTENTIAL, S.TARGET}),
}

# state before an order → (state after, why). States not listed are left alone.
ORDER_TRANSITIONS: dict[str, tuple[str, str]] = {
    S.POTENTIAL: (S.CURRENT, LifecycleCause.FIRST_ORDER),
    S.TARGET: (S.CURRENT, LifecycleCause.FIRST_ORDER),
    S.NON_CUSTOMER: (S.CURRENT, LifecycleCause.FIRST_ORDER),
    S.LOST: (S.CURRENT, LifecycleCause.WIN_BACK),
}


def manual_targets(state: str) -> frozenset[str]:
    return MANUAL_TRANSITIONS.get(state, frozenset())
