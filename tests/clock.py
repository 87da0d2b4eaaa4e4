"""The suite on another clock: with CRM_TEST_CLOCK=2027-01-31T23:30:00+08:00 every test process
travels there at session start and the clock keeps ticking, so a test that passes only on some
days (a range that crosses a month or year end, a date literal compared with "now") fails in CI
instead of on that day.

Tests marked `real_clock` start processes of their own (a Celery worker, a server) that read the
machine's clock; they cannot share the moved clock, so the shifted run skips them.
"""

from __future__ import annotations

import os
from datetime import datetime

import pytest
import time_machine

CLOCK_VARIABLE = "CRM_TEST_CLOCK"
_traveller = pytest.StashKey[time_machine.travel]()


def shifted_clock() -> datetime | None:
    raw = os.environ.get(CLOCK_VARIABLE, "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as error:
        raise pytest.UsageError(f"{CLOCK_VARIABLE}={raw!r} is not an ISO 8601 moment") from error
    if moment.tzinfo is None:
        raise pytest.UsageError(f"{CLOCK_VARIABLE} needs a UTC offset, e.g. +08:00")
    return moment


def pytest_configure(config: pytest.Config) -> None:
    moment = shifted_clock()
    if moment is None:
        return
    traveller = time_machine.travel(moment, tick=True)
    traveller.start()
    config.stash[_traveller] = traveller


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_traveller, None)
    if traveller is not None:
        traveller.stop()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _traveller not in config.stash:
        return
    reason = f"{CLOCK_VARIABLE} moved the clock; its subprocesses read the real one"
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if item.get_closest_marker("real_clock"):
            item.add_marker(skip)


def pytest_report_header(config: pytest.Config) -> str | None:
    moment = shifted_clock()
    if moment is None:
        return None
    return f"clock: moved to {moment.isoformat()} at session start, ticking ({CLOCK_VARIABLE})"
