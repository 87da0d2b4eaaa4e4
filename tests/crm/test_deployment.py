"""As deployed behind a TLS-terminating proxy: the health check answers plain HTTP while
everything else is sent to HTTPS, and API answers are never cached."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import TEST_PASSWORD


@pytest.fixture
def tls_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True


def test_the_health_check_answers_over_plain_http(db, tls_redirect):
    response = Client().get("/health/")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/v1/customers/", "/health/x"])
def test_everything_else_is_sent_to_https(db, tls_redirect, path):
    response = Client().get(path)

    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{path}"


@pytest.mark.parametrize(
    ("path", "role", "status"),
    [
        ("/api/v1/customers/", "manager", 200),
        ("/api/v1/customers/{own}/", "manager", 200),
        ("/api/v1/me/", "manager", 200),
        ("/api/v1/customers/", None, 401),
        ("/api/v1/customers/999999999/", "manager", 404),
        ("/api/schema/", "manager", 200),
    ],
)
def test_every_api_answer_forbids_caching(world, path, role, status):
    client = APIClient()
    if role:
        client.force_authenticate(world.user(role))

    response = client.get(path.format(own=world.own.pk))

    assert response.status_code == status
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_token_answer_is_not_cached(world):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "manager", "password": TEST_PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_pages_keep_their_own_cache_rules(world, page_as):
    response = page_as("manager").get("/customers/")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
