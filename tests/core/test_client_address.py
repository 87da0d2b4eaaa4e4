"""Behind proxies: X-Forwarded-For is believed only as far as the trusted proxies vouch for it,
and the same client address serves every limit (survey budget, token throttle, login lockout)."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from core.ratelimit import client_address
from crm.settings import _trusted_proxy_count
from surveys.models import SurveyResponse
from tests.factories import TEST_PASSWORD
from tests.surveys.conftest import invite

PROXY = "10.0.0.2"  # the load balancer, the only peer the web tier ever sees behind it


def _address() -> str:
    """A client address no earlier run has spent budget on (budgets live in the shared Redis)."""
    return f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"


@pytest.fixture
def behind(settings: Any):
    """Configures n trusted proxies the way crm/settings.py does: for axes, our limits and DRF."""

    def configure(proxies: int) -> None:
        settings.TRUSTED_PROXY_COUNT = proxies
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}

    return configure


def _request(forwarded: str | None, remote: str = PROXY) -> Any:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_trusted_proxies_the_forwarded_header_is_ignored(behind):
    behind(0)

    assert client_address(_request("198.51.100.7", remote="203.0.113.9")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        # what the client wrote itself lies left of what our proxy appended
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6,198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        # fewer hops than proxies: the request skipped the outer one; the first hop saw the client
        (2, "198.51.100.7", "198.51.100.7"),
        (1, "198.51.100.7:51234", "198.51.100.7"),
        (1, "[2001:DB8::0:1]:443", "2001:db8::1"),
        (1, "2001:0db8:0000::0001", "2001:db8::1"),
    ],
)
def test_with_n_trusted_proxies_the_client_is_the_nth_address_from_the_right(
    behind, proxies, forwarded, expected
):
    behind(proxies)

    assert client_address(_request(forwarded)) == expected


@pytest.mark.parametrize("forwarded", [None, "", " , ", "unknown", "not-an-address", "1.2.3"])
def test_a_missing_or_malformed_forwarded_address_falls_back_to_the_peer(behind, forwarded):
    behind(1)

    assert client_address(_request(forwarded)) == PROXY


def test_a_peer_without_an_address_still_gets_a_valid_one(behind):
    # given a server that gives no peer address (a Unix socket)
    behind(0)

    assert client_address(_request(None, remote="")) == "0.0.0.0"  # noqa: S104


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, 0),
        ({"TRUSTED_PROXY_COUNT": "2"}, 2),
        ({"AXES_PROXY_COUNT": "1"}, 1),
        ({"TRUSTED_PROXY_COUNT": "1", "AXES_PROXY_COUNT": "1"}, 1),
        ({"TRUSTED_PROXY_COUNT": "", "AXES_PROXY_COUNT": ""}, 0),
    ],
)
def test_the_proxy_count_comes_from_one_setting_with_the_old_name_accepted(environ, expected):
    assert _trusted_proxy_count(environ) == expected


@pytest.mark.parametrize(
    "environ",
    [{"TRUSTED_PROXY_COUNT": "1", "AXES_PROXY_COUNT": "2"}, {"TRUSTED_PROXY_COUNT": "-1"}],
)
def test_a_contradictory_or_negative_proxy_count_is_refused(environ):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        _trusted_proxy_count(environ)


def test_every_limit_reads_the_client_address_from_the_same_rule():
    from crm import settings as project

    assert project.AXES_CLIENT_IP_CALLABLE == "core.ratelimit.client_address"
    assert project.REST_FRAMEWORK["NUM_PROXIES"] == project.TRUSTED_PROXY_COUNT


def test_behind_a_proxy_each_customer_has_their_own_survey_budget(world, behind, settings):
    # given one trusted proxy and a budget of three page loads per address
    behind(1)
    settings.SURVEY_RATE_LIMIT = "3/min"
    token = invite(world, world.own).token
    first, second = _address(), _address()

    def load(client_address: str, spoofed: str = "") -> int:
        forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
        client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
        return client.get(f"/surveys/r/{token}/").status_code

    # when the first customer reloads, writing a new X-Forwarded-For of their own each time
    statuses = [load(first, spoofed=_address()) for _ in range(4)]

    # then their own address is what counts, and the second customer is not held up by them
    assert statuses == [200, 200, 200, 429]
    assert load(second) == 200
    assert SurveyResponse.objects.count() == 0


def test_behind_a_proxy_a_rotated_forwarded_header_does_not_escape_the_token_throttle(
    world, behind
):
    # given one trusted proxy; the token endpoint allows 30 attempts a minute per address
    behind(1)
    attacker, colleague = _address(), _address()

    def attempt(address: str, username: str, spoofed: str = "") -> int:
        forwarded = f"{spoofed}, {address}" if spoofed else address
        client = APIClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
        body = {"username": username, "password": "guess"}
        return client.post("/api/v1/auth/token/", body, format="json").status_code

    # when one client tries 31 usernames (no lockout applies), rotating the header it writes
    statuses = [attempt(attacker, f"nobody{n}", spoofed=_address()) for n in range(31)]

    # then the 31st is throttled, and another client behind the same proxy is not
    assert statuses[:30] == [400] * 30
    assert statuses[30] == 429
    assert attempt(colleague, "nobody") == 400


@pytest.mark.parametrize("door", ["page", "token"])
def test_behind_a_proxy_the_login_lockout_follows_the_client_not_the_proxy(world, behind, door):
    # given one trusted proxy
    behind(1)
    attacker, colleague = _address(), _address()

    def log_in(address: str, password: str, spoofed: str = "") -> int:
        forwarded = f"{spoofed}, {address}" if spoofed else address
        if door == "page":
            page = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
            body = {"username": "manager", "password": password}
            return page.post("/accounts/login/", body).status_code
        api = APIClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
        body = {"username": "manager", "password": password}
        return api.post("/api/v1/auth/token/", body, format="json").status_code

    # when one client guesses five times, rotating the header it writes
    for _ in range(5):
        log_in(attacker, "guess", spoofed=_address())

    # then that client is locked out even with the right password; a colleague behind the
    # same proxy logs in
    assert log_in(attacker, TEST_PASSWORD, spoofed=_address()) == 429
    assert log_in(colleague, TEST_PASSWORD) == (302 if door == "page" else 200)
