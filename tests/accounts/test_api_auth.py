"""API authentication: a token for the right password, nothing without credentials."""

from __future__ import annotations

import pytest

from customers.models import Customer
from tests.factories import TEST_PASSWORD
from tests.helpers import api_error_fields

API_PATHS = [
    "/api/v1/customers/",
    "/api/v1/customers/{own}/",
    "/api/v1/interactions/",
    "/api/v1/orders/",
    "/api/v1/products/",
    "/api/v1/regions/",
    "/api/v1/departments/",
    "/api/v1/users/",
    "/api/v1/me/",
]


def test_the_right_password_gets_a_token_that_authenticates(world, api_client):
    # given
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "manager", "password": TEST_PASSWORD}, format="json"
    )

    # when
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = api_client.get("/api/v1/me/")
    customers = api_client.get("/api/v1/customers/")

    # then
    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    assert me.status_code == 200
    assert (me.json()["username"], me.json()["role"]) == ("manager", "manager")
    assert [row["id"] for row in customers.json()["results"]] == [world.own.pk]


def test_asking_twice_gives_the_same_token(world, api_client):
    # given
    credentials = {"username": "manager", "password": TEST_PASSWORD}

    # when
    first = api_client.post("/api/v1/auth/token/", credentials, format="json").json()
    second = api_client.post("/api/v1/auth/token/", credentials, format="json").json()

    # then
    assert first == second


@pytest.mark.parametrize(
    ("credentials", "fields"),
    [
        pytest.param(
            {"username": "manager", "password": "wrong"}, {"non_field_errors"}, id="wrong"
        ),
        pytest.param(
            {"username": "nobody", "password": TEST_PASSWORD},
            {"non_field_errors"},
            id="unknown user",
        ),
        pytest.param({"username": "manager"}, {"password"}, id="no password"),
        pytest.param({}, {"username", "password"}, id="nothing"),
    ],
)
def test_wrong_or_missing_credentials_get_a_400_and_no_token(
    world, api_client, credentials, fields
):
    # when
    response = api_client.post("/api/v1/auth/token/", credentials, format="json")

    # then
    assert response.status_code == 400
    assert "token" not in response.json()
    assert api_error_fields(response) == fields


def test_an_inactive_user_gets_no_token(world, api_client):
    # given
    world.manager.is_active = False
    world.manager.save(update_fields=["is_active"])

    # when
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "manager", "password": TEST_PASSWORD}, format="json"
    )

    # then
    assert response.status_code == 400
    assert "token" not in response.json()


@pytest.mark.parametrize("path", API_PATHS)
def test_the_api_refuses_anonymous_callers(world, api_client, path):
    # when
    response = api_client.get(path.format(own=world.own.pk))

    # then
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


@pytest.mark.parametrize("header", ["Token not-a-real-token", "Token ", "Bearer abc", "Token a b"])
def test_the_api_refuses_a_bad_token(world, api_client, header):
    # given
    api_client.credentials(HTTP_AUTHORIZATION=header)

    # when
    response = api_client.get("/api/v1/customers/")

    # then
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_anonymous_writes_are_refused_and_write_nothing(world, api_client):
    # when
    response = api_client.post(
        "/api/v1/customers/", {"name": "X", "kind": "individual", "region": "east"}, format="json"
    )

    # then
    assert response.status_code in (401, 403)
    assert Customer.objects.count() == 3
