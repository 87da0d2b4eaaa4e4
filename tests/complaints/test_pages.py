"""Complaint pages: inboxes per role, step forms only for allowed actions, the approval queue."""

from __future__ import annotations

import pytest
from django.test import Client

from complaints.models import Complaint

from .conftest import RECORD, record, values_for, walk


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_recording_from_the_customer_page(world, page_as):
    client = page_as("manager")

    form = client.get(f"/complaints/new/?customer={world.own.pk}")
    saved = client.post(f"/complaints/new/?customer={world.own.pk}", RECORD)
    bad = client.post(f"/complaints/new/?customer={world.own.pk}", {**RECORD, "content": ""})
    hidden = client.get(f"/complaints/new/?customer={world.other_department.pk}")

    complaint = Complaint.objects.get()
    assert form.status_code == 200
    assert saved.status_code == 302
    assert saved["Location"] == f"/complaints/{complaint.pk}/"
    assert bad.status_code == 400
    assert 'id="id_content_errors"' in bad.content.decode()
    assert hidden.status_code == 404


def test_detail_shows_only_the_forms_the_viewer_may_use(world, service):
    complaint = walk(record(world), world, service, "proposed")

    boss = _as(service.supervisor).get(f"/complaints/{complaint.pk}/").content.decode()
    manager = _as(world.manager).get(f"/complaints/{complaint.pk}/").content.decode()

    assert f'action="/complaints/{complaint.pk}/approve/"' in boss
    assert f'action="/complaints/{complaint.pk}/reject/"' in boss
    assert "/approve/" not in manager
    assert "waiting on someone else" in manager


def test_a_step_form_posts_through_the_workflow(world, service):
    complaint = record(world)
    client = _as(world.manager)

    ok = client.post(f"/complaints/{complaint.pk}/judge/", {"judge-valid": "true"})
    conflict = client.post(f"/complaints/{complaint.pk}/judge/", {"judge-valid": "true"})
    forbidden = client.post(f"/complaints/{complaint.pk}/analyse/", {})
    invalid = client.post(f"/complaints/{complaint.pk}/assign/", {"assign-department": ""})

    complaint.refresh_from_db()
    assert ok.status_code == 302
    assert complaint.state == "accepted"
    assert conflict.status_code == 409
    assert forbidden.status_code == 403
    assert invalid.status_code == 400
    assert 'id="id_assign-department_errors"' in invalid.content.decode()


def test_approval_queue_shows_the_department_proposals_oldest_first_and_acts_in_place(
    world, service
):
    first = walk(record(world), world, service, "proposed")
    second = walk(record(world), world, service, "proposed")
    client = _as(service.supervisor)

    page = client.get("/complaints/approvals/").content.decode()
    approved = client.post(f"/complaints/{first.pk}/approve/", {"next": "approvals"})
    rejected = client.post(
        f"/complaints/{second.pk}/reject/", {"next": "approvals", "reject-comment": "Too low"}
    )

    assert page.index(f"#{first.pk}") < page.index(f"#{second.pk}")
    assert "¥80.00" in page
    assert approved["Location"] == "/complaints/approvals/"
    assert rejected["Location"] == "/complaints/approvals/"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("approved", "analysed")


def test_approval_queue_is_for_supervisors(world, page_as):
    assert page_as("manager").get("/complaints/approvals/").status_code == 403
    assert page_as("staff").get("/complaints/approvals/").status_code == 403


@pytest.mark.parametrize(
    ("box", "expected"), [("mine", ["recorded"]), ("department", ["recorded", "assigned"])]
)
def test_inboxes(world, service, page_as, box, expected):
    record(world)
    walk(record(world), world, service, "assigned")

    html = page_as("manager").get(f"/complaints/?box={box}").content.decode()

    for state in ("recorded", "assigned"):
        assert (f"complaint-{state}" in html) is (state in expected)


def test_staff_inbox_lists_the_complaints_to_analyse(world, service):
    assigned = walk(record(world), world, service, "assigned")

    html = _as(service.staff).get("/complaints/?box=mine").content.decode()

    assert f'href="/complaints/{assigned.pk}/"' in html


def test_overdue_complaints_come_first(world, service, page_as):
    from datetime import timedelta

    from django.utils import timezone

    calm = record(world)
    late = record(world)
    Complaint.objects.filter(pk=late.pk).update(step_deadline=timezone.now() - timedelta(hours=1))

    html = page_as("manager").get("/complaints/?box=all").content.decode()

    assert html.index(f"/complaints/{late.pk}/") < html.index(f"/complaints/{calm.pk}/")


def test_pages_run_a_bounded_number_of_queries(world, service, django_assert_max_num_queries):
    for _ in range(3):
        walk(record(world), world, service, "proposed")
    boss = _as(service.supervisor)
    with django_assert_max_num_queries(12) as inbox_few:
        boss.get("/complaints/?box=all")
    with django_assert_max_num_queries(12) as queue_few:
        boss.get("/complaints/approvals/")
    for _ in range(10):
        walk(record(world), world, service, "proposed")
    with django_assert_max_num_queries(len(inbox_few.captured_queries)):
        boss.get("/complaints/?box=all")
    with django_assert_max_num_queries(len(queue_few.captured_queries)):
        boss.get("/complaints/approvals/")


def test_customer_timeline_shows_complaints(world, page_as):
    complaint = record(world)

    html = page_as("manager").get(f"/customers/{world.own.pk}/").content.decode()

    assert f'href="/complaints/{complaint.pk}/"' in html


def test_comment_form(world, page_as):
    complaint = record(world)
    client = page_as("manager")

    ok = client.post(f"/complaints/{complaint.pk}/comments/", {"comment-comment": "Called back"})
    empty = client.post(f"/complaints/{complaint.pk}/comments/", {"comment-comment": ""})

    assert ok.status_code == 302
    assert empty.status_code == 400
    assert complaint.events.filter(action="comment").count() == 1


def test_every_step_by_page(world, service):
    from .conftest import PATH, actor_for

    complaint = record(world)
    for action in PATH:
        values = {f"{action}-{key}": value for key, value in values_for(action, service).items()}
        response = _as(actor_for(action, world, service)).post(
            f"/complaints/{complaint.pk}/{action}/", values
        )
        assert response.status_code == 302, (action, response.status_code)
    complaint.refresh_from_db()
    assert complaint.state == "closed"
