"""System API tokens: scoped, revocable, throttled per token, seeing what their user sees."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from core.errors import IllegalStateChange, InvalidInput, NotAllowed
from integrations.models import ApiClient
from integrations.services import api_client_issue, api_client_revoke


def _client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def issue(world):
    def make(scopes, acts_as=None, rate="600/min", name="ERP"):
        return api_client_issue(
            actor=world.admin,
            name=name,
            acts_as=acts_as or world.supervisor,
            scopes=scopes,
            throttle_rate=rate,
        )

    return make


@pytest.mark.parametrize(
    ("scopes", "method", "path", "allowed"),
    [
        (["read"], "get", "/api/v1/customers/", True),
        (["read"], "get", "/api/v1/orders/", True),
        (["read"], "post", "/api/v1/interactions/", False),
        (["customers:read"], "get", "/api/v1/customers/", True),
        (["customers:read"], "get", "/api/v1/orders/", False),
        (["customers:read"], "post", "/api/v1/interactions/", False),
        (["customers:write"], "post", "/api/v1/interactions/", True),
        (["orders:read"], "get", "/api/v1/customers/", False),
        (["write"], "post", "/api/v1/interactions/", True),
        (["customers:read"], "get", "/api/v1/webhooks/deliveries/", False),
    ],
)
def test_scopes_open_exactly_their_areas(world, issue, scopes, method, path, allowed):
    # given
    _client_row, token = issue(scopes)
    body = {"customer": world.own.pk, "channel": "phone", "summary": "From the ERP"}

    # when
    response = getattr(_client(token), method)(
        path, body if method == "post" else None, format="json"
    )

    # then
    assert (response.status_code in (200, 201)) is allowed, response.content
    if not allowed:
        assert response.status_code == 403


def test_a_token_sees_what_its_user_sees(world, issue):
    _row, token = issue(["read"], acts_as=world.manager)

    ids = [row["id"] for row in _client(token).get("/api/v1/customers/").json()["results"]]
    hidden = _client(token).get(f"/api/v1/customers/{world.other_department.pk}/")

    assert ids == [world.own.pk]
    assert hidden.status_code == 404


def test_revoked_and_unknown_tokens_are_refused(world, issue):
    row, token = issue(["read"])
    api_client_revoke(client=row, actor=world.admin)

    revoked = _client(token).get("/api/v1/customers/")
    unknown = _client("crm_not-a-real-token").get("/api/v1/customers/")

    assert revoked.status_code == 401
    assert unknown.status_code == 401


def test_only_the_hash_of_a_token_is_stored(world, issue):
    row, token = issue(["read"])

    stored = ApiClient.objects.get(pk=row.pk)
    assert token not in (stored.token_hash, stored.token_prefix)
    assert token.startswith(stored.token_prefix)


def test_each_token_has_its_own_rate_limit(world, issue):
    _row, slow = issue(["read"], rate="3/min", name="Slow")
    _row2, fast = issue(["read"], rate="100/min", name="Fast")

    statuses = [_client(slow).get("/api/v1/regions/").status_code for _ in range(4)]
    other = _client(fast).get("/api/v1/regions/")

    assert statuses == [200, 200, 200, 429]
    assert other.status_code == 200


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"name": "", "scopes": ["read"]}, "name"),
        ({"name": "X", "scopes": ["everything"]}, "scopes"),
        ({"name": "X", "scopes": []}, "scopes"),
        ({"name": "X", "scopes": ["read"], "throttle_rate": "lots"}, "throttle_rate"),
    ],
)
def test_issuing_validates_its_input(world, arguments, field):
    with pytest.raises(InvalidInput) as error:
        api_client_issue(actor=world.admin, acts_as=world.manager, **arguments)

    assert field in error.value.field_errors
    assert not ApiClient.objects.exists()


def test_only_admins_issue_and_revoke(world, issue):
    with pytest.raises(NotAllowed):
        api_client_issue(actor=world.supervisor, name="X", acts_as=world.manager, scopes=["read"])
    row, _token = issue(["read"])
    with pytest.raises(NotAllowed):
        api_client_revoke(client=row, actor=world.manager)
    api_client_revoke(client=row, actor=world.admin)
    with pytest.raises(IllegalStateChange):
        api_client_revoke(client=row, actor=world.admin)


def test_command_prints_a_working_token(world, capsys):
    call_command("crm_issue_token", "BI tool", "--as", "supervisor", "--scope", "read")

    token = capsys.readouterr().out.strip()
    assert _client(token).get("/api/v1/customers/").status_code == 200
    with pytest.raises(CommandError):
        call_command("crm_issue_token", "BI tool", "--as", "supervisor", "--scope", "read")


def test_admin_page_issues_a_token_and_shows_it_once(world, page_as):
    admin = page_as("admin")

    response = admin.post(
        "/admin/integrations/apiclient/add/",
        {
            "name": "CRM sync",
            "acts_as": world.supervisor.pk,
            "scopes": ["read"],
            "throttle_rate": "60/min",
        },
        follow=True,
    )

    messages = [str(m) for m in response.context["messages"]]
    token = next(m.split(": ")[-1] for m in messages if "shown only now" in m)
    assert _client(token).get("/api/v1/customers/").status_code == 200
