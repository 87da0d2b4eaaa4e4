"""Hardening: login throttling, content security policy, headers, cookies."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import TEST_PASSWORD


def test_five_wrong_passwords_lock_the_login_even_for_the_right_one(world):
    # given
    client = Client(REMOTE_ADDR="10.0.0.9")

    # when someone guesses five times
    for _ in range(5):
        client.post("/accounts/login/", {"username": "manager", "password": "guess"})
    locked = client.post("/accounts/login/", {"username": "manager", "password": TEST_PASSWORD})

    # then even the right password is refused for now, with a clear page
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(world):
    attacker = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(5):
        attacker.post("/accounts/login/", {"username": "manager", "password": "guess"})

    colleague = Client(REMOTE_ADDR="10.0.0.10")
    response = colleague.post(
        "/accounts/login/", {"username": "manager", "password": TEST_PASSWORD}
    )

    assert response.status_code == 302


def test_token_endpoint_is_throttled_too(world, api_client):
    for _ in range(5):
        api_client.post(
            "/api/v1/auth/token/", {"username": "manager", "password": "guess"}, format="json"
        )

    response = api_client.post(
        "/api/v1/auth/token/", {"username": "manager", "password": TEST_PASSWORD}, format="json"
    )

    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"


@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/customers/", "/api/docs/"])
def test_pages_carry_a_strict_content_security_policy(world, page_as, path):
    response = page_as("manager").get(path)

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/", "/customers/", "/customers/new/", "/orders/", "/api/docs/"]
)
def test_pages_have_no_inline_scripts_or_styles_the_policy_would_block(world, page_as, path):
    html = page_as("manager").get(path).content.decode()

    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "<style" not in html
    assert " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


def test_security_headers_are_sent(world, page_as):
    response = page_as("manager").get("/customers/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_every_form_carries_a_csrf_token(world, page_as):
    client = page_as("manager")

    for path in ("/customers/new/", f"/customers/{world.own.pk}/", "/customers/"):
        html = client.get(path).content.decode()
        for form in re.findall(r"<form\b[^>]*method=\"post\"[^>]*>.*?</form>", html, re.S):
            assert "csrfmiddlewaretoken" in form


def test_posts_without_csrf_token_are_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.manager)

    response = client.post(
        f"/customers/{world.own.pk}/interactions/", {"channel": "phone", "summary": "x"}
    )

    assert response.status_code == 403
