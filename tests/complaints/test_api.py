"""REST contract: create = step 1; transitions answer 409/403/404/400; actions and history."""

from __future__ import annotations

import pytest

from complaints.models import Complaint

from .conftest import RECORD, record, values_for, walk


def test_create_is_step_one_and_answers_the_full_representation(world, api_as):
    response = api_as("manager").post(
        "/api/v1/complaints/", {"customer": world.own.pk, **RECORD}, format="json"
    )

    body = response.json()
    assert response.status_code == 201
    assert body["state"] == "recorded"
    assert body["allowed_actions"] == ["judge"]
    assert [event["action"] for event in body["history"]] == ["record"]
    assert body["step_deadline"] is not None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"customer": "x"}, "customer"),
        ({"category": "weather"}, "category"),
        ({"content": ""}, "content"),
        ({"severity": "apocalyptic"}, "severity"),
        ({"received_at": "2099-01-01T00:00:00Z"}, "received_at"),
    ],
)
def test_create_rejects_bad_input_with_field_errors(world, api_as, payload, field):
    body = {"customer": world.own.pk, **RECORD, **payload}

    response = api_as("manager").post("/api/v1/complaints/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Complaint.objects.exists()


def test_create_for_an_invisible_customer_is_an_unknown_customer(world, api_as):
    response = api_as("manager").post(
        "/api/v1/complaints/", {"customer": world.other_department.pk, **RECORD}, format="json"
    )

    assert response.status_code == 400
    assert "customer" in response.json()["errors"]


def test_transition_statuses(world, service, api_as):
    # given a recorded complaint
    complaint = record(world)
    url = f"/api/v1/complaints/{complaint.pk}/transitions/"

    # then: not possible now → 409; not yours → 403; not visible → 404; bad fields → 400
    assert api_as("manager").post(url, {"action": "approve"}, format="json").status_code == 403
    conflict = api_as("manager").post(url, {"action": "close"}, format="json")
    assert conflict.status_code == 409
    assert conflict.json()["code"] == "illegal_state"
    assert "not possible now" in conflict.json()["detail"]
    assert (
        api_as("outsider").post(url, {"action": "judge", "valid": True}, format="json").status_code
        == 404
    )
    bad = api_as("manager").post(url, {"action": "judge"}, format="json")
    assert bad.status_code == 400
    assert "valid" in bad.json()["errors"]
    unknown = api_as("manager").post(url, {"action": "teleport"}, format="json")
    assert unknown.status_code == 400
    assert "action" in unknown.json()["errors"]
    ok = api_as("manager").post(url, {"action": "judge", "valid": True}, format="json")
    assert ok.status_code == 200
    assert ok.json()["state"] == "accepted"
    assert ok.json()["allowed_actions"] == ["assign"]


def test_allowed_actions_depend_on_who_asks(world, service, api_as):
    complaint = walk(record(world), world, service, "proposed")

    def actions(client):
        return client.get(f"/api/v1/complaints/{complaint.pk}/").json()["allowed_actions"]

    from rest_framework.test import APIClient

    boss = APIClient()
    boss.force_authenticate(service.supervisor)
    staff = APIClient()
    staff.force_authenticate(service.staff)
    assert actions(boss) == ["approve", "reject"]
    assert actions(staff) == []
    assert actions(api_as("manager")) == []


def test_the_responsible_department_sees_the_complaint_and_a_masked_customer(world, service):
    from rest_framework.test import APIClient

    complaint = walk(record(world), world, service, "assigned")
    staff = APIClient()
    staff.force_authenticate(service.staff)

    seen = staff.get(f"/api/v1/complaints/{complaint.pk}/")
    customer = staff.get(f"/api/v1/customers/{world.own.pk}/").json()
    others = staff.get(f"/api/v1/customers/{world.same_department.pk}/")

    assert seen.status_code == 200
    assert customer["sensitive_masked"] is True
    assert customer["phone"] != world.own.phone
    assert others.status_code == 404


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("manager", True),
        ("colleague", False),
        ("outsider", False),
        ("supervisor", True),
        ("other_supervisor", False),
        ("staff", True),
        ("admin", True),
    ],
)
def test_complaint_visibility_follows_the_customer(world, api_as, role, visible):
    complaint = record(world)
    client = api_as(role)

    listed = [row["id"] for row in client.get("/api/v1/complaints/").json()["results"]]
    detail = client.get(f"/api/v1/complaints/{complaint.pk}/")

    assert (complaint.pk in listed) is visible
    assert detail.status_code == (200 if visible else 404)


def test_comments_join_the_trail_and_the_trail_is_read_only(world, api_as):
    complaint = record(world)
    client = api_as("manager")

    added = client.post(
        f"/api/v1/complaints/{complaint.pk}/comments/", {"comment": "Called back."}, format="json"
    )
    empty = client.post(
        f"/api/v1/complaints/{complaint.pk}/comments/", {"comment": ""}, format="json"
    )
    history = client.get(f"/api/v1/complaints/{complaint.pk}/").json()["history"]

    assert added.status_code == 201
    assert empty.status_code == 400
    assert [e["action"] for e in history] == ["record", "comment"]
    assert (
        client.patch(
            f"/api/v1/complaints/{complaint.pk}/", {"state": "closed"}, format="json"
        ).status_code
        == 405
    )
    assert client.delete(f"/api/v1/complaints/{complaint.pk}/").status_code == 405


def test_inbox_filters(world, service, api_as):
    waiting = record(world)
    walk(record(world), world, service, "assigned")

    mine = api_as("manager").get("/api/v1/complaints/", {"inbox": "mine"}).json()["results"]

    assert [row["id"] for row in mine] == [waiting.pk]


def test_list_query_count_does_not_grow(world, service, api_as, django_assert_max_num_queries):
    for _ in range(3):
        walk(record(world), world, service, "proposed")
    client = api_as("manager")
    with django_assert_max_num_queries(8) as few:
        client.get("/api/v1/complaints/")
    for _ in range(12):
        walk(record(world), world, service, "proposed")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/api/v1/complaints/")


def test_analytics_endpoint_validates_dates(world, api_as):
    client = api_as("manager")

    assert client.get("/api/v1/complaints/analytics/").status_code == 200
    bad = client.get("/api/v1/complaints/analytics/", {"date_from": "yesterday"})
    backwards = client.get(
        "/api/v1/complaints/analytics/", {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert bad.status_code == 400
    assert backwards.status_code == 400


def test_every_step_through_the_api(world, service):
    from rest_framework.test import APIClient

    from .conftest import PATH, actor_for

    complaint = record(world)
    for action in PATH:
        client = APIClient()
        client.force_authenticate(actor_for(action, world, service))
        response = client.post(
            f"/api/v1/complaints/{complaint.pk}/transitions/",
            {"action": action, **values_for(action, service)},
            format="json",
        )
        assert response.status_code == 200, (action, response.json())
    complaint.refresh_from_db()
    assert complaint.state == "closed"
