"""Graded authorization (分级授权) as a matrix: viewer × customer relation × surface.

Not visible → 404 (never 403); visible but not editable → 403; lists and exports hold exactly
the visible customers. The table is in tests/customers/access.py.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.services import complaint_record, complaint_transition
from customers.models import Customer, Interaction, LifecycleChange
from tests.complaints.conftest import RECORD
from tests.factories import make_interaction
from tests.helpers import api_error_fields, csv_rows

from .access import FULL, HIDDEN, READ_ONLY, matrix

BY_ACCESS = {FULL: 200, READ_ONLY: 200, HIDDEN: 404}
EDIT_BY_ACCESS = {FULL: 200, READ_ONLY: 403, HIDDEN: 404}


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_customer_page_is_shown_when_visible_and_404_otherwise(
    world, page_as, viewer, relation, access
):
    # given
    customer = world.customer(relation)

    # when
    response = page_as(viewer).get(f"/customers/{customer.pk}/")

    # then
    assert response.status_code == BY_ACCESS[access]


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_customer_edit_page_is_403_for_read_only_viewers_and_404_for_hidden_customers(
    world, page_as, viewer, relation, access
):
    # given
    customer = world.customer(relation)

    # when
    response = page_as(viewer).get(f"/customers/{customer.pk}/edit/")

    # then
    assert response.status_code == EDIT_BY_ACCESS[access]


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_customer_page_offers_edit_and_lifecycle_only_to_editors(
    world, page_as, viewer, relation, access
):
    # given
    customer = world.customer(relation)

    # when
    response = page_as(viewer).get(f"/customers/{customer.pk}/")

    # then
    html = response.content.decode()
    assert (f'href="/customers/{customer.pk}/edit/"' in html) is (access == FULL)
    assert (f'action="/customers/{customer.pk}/lifecycle/"' in html) is (access == FULL)


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_customer_api_retrieve_is_200_when_visible_and_404_otherwise(
    world, api_as, viewer, relation, access
):
    # given
    customer = world.customer(relation)

    # when
    response = api_as(viewer).get(f"/api/v1/customers/{customer.pk}/")

    # then
    assert response.status_code == BY_ACCESS[access]
    if access != HIDDEN:
        assert response.json()["id"] == customer.pk


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_customer_api_patch_changes_the_customer_only_for_editors(
    world, api_as, viewer, relation, access
):
    # given
    customer = world.customer(relation)

    # when
    response = api_as(viewer).patch(
        f"/api/v1/customers/{customer.pk}/", {"needs": "Changed by the test"}, format="json"
    )

    # then
    assert response.status_code == EDIT_BY_ACCESS[access]
    customer.refresh_from_db()
    assert (customer.needs == "Changed by the test") is (access == FULL)


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_customer_api_patch_refuses_non_editors_before_looking_at_their_input(
    world, api_as, viewer, relation, access
):
    # given a payload that is not valid for anyone
    customer = world.customer(relation)

    # when
    response = api_as(viewer).patch(
        f"/api/v1/customers/{customer.pk}/", {"has_money": "maybe"}, format="json"
    )

    # then editors learn what is wrong; others only that they may not (or that it is not there)
    assert response.status_code == {FULL: 400, READ_ONLY: 403, HIDDEN: 404}[access]
    if access == FULL:
        assert api_error_fields(response) == {"has_money"}


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_lifecycle_api_moves_the_customer_only_for_editors(world, api_as, viewer, relation, access):
    # given a potential customer
    customer = world.customer(relation)
    history = LifecycleChange.objects.filter(customer=customer).count()

    # when
    response = api_as(viewer).post(
        f"/api/v1/customers/{customer.pk}/lifecycle/",
        {"to_state": "target", "reason": "Chosen for development"},
        format="json",
    )

    # then
    assert response.status_code == {FULL: 201, READ_ONLY: 403, HIDDEN: 404}[access]
    customer.refresh_from_db()
    assert customer.lifecycle_state == ("target" if access == FULL else "potential")
    assert LifecycleChange.objects.filter(customer=customer).count() == history + (access == FULL)


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_lifecycle_page_form_moves_the_customer_only_for_editors(
    world, page_as, viewer, relation, access
):
    # given a potential customer
    customer = world.customer(relation)

    # when
    response = page_as(viewer).post(
        f"/customers/{customer.pk}/lifecycle/", {"to_state": "target", "reason": "Key account"}
    )

    # then
    assert response.status_code == {FULL: 302, READ_ONLY: 403, HIDDEN: 404}[access]
    customer.refresh_from_db()
    assert customer.lifecycle_state == ("target" if access == FULL else "potential")


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_customer_list_page_lists_a_customer_exactly_when_visible(
    world, page_as, viewer, relation, access
):
    # given
    customer = world.customer(relation)

    # when
    html = page_as(viewer).get("/customers/").content.decode()

    # then
    assert (f'href="/customers/{customer.pk}/"' in html) is (access != HIDDEN)


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_customer_api_list_holds_a_customer_exactly_when_visible(
    world, api_as, viewer, relation, access
):
    # given
    customer = world.customer(relation)

    # when
    body = api_as(viewer).get("/api/v1/customers/").json()

    # then
    assert (customer.pk in [row["id"] for row in body["results"]]) is (access != HIDDEN)


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_csv_export_holds_a_customer_exactly_when_visible(world, page_as, viewer, relation, access):
    # given
    customer = world.customer(relation)

    # when
    response = page_as(viewer).get("/customers/export.csv")

    # then
    assert response.status_code == 200
    ids = [row[0] for row in csv_rows(response)[1:]]
    assert (str(customer.pk) in ids) is (access != HIDDEN)


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_contact_log_api_lists_and_retrieves_only_visible_customers_contacts(
    world, api_as, viewer, relation, access
):
    # given a contact logged with the customer
    interaction = make_interaction(customer=world.customer(relation))
    api = api_as(viewer)

    # when
    listed = [row["id"] for row in api.get("/api/v1/interactions/").json()["results"]]
    retrieved = api.get(f"/api/v1/interactions/{interaction.pk}/")

    # then
    assert (interaction.pk in listed) is (access != HIDDEN)
    assert retrieved.status_code == BY_ACCESS[access]


@pytest.mark.parametrize(("viewer", "relation", "access"), matrix())
def test_logging_a_contact_with_a_hidden_customer_is_an_unknown_customer(
    world, api_as, viewer, relation, access
):
    # given
    customer = world.customer(relation)

    # when
    response = api_as(viewer).post(
        "/api/v1/interactions/",
        {"customer": customer.pk, "channel": "phone", "summary": "Called"},
        format="json",
    )

    # then whoever may see the customer logs the contact (staff too); nobody else learns it exists
    if access == HIDDEN:
        assert response.status_code == 400
        assert api_error_fields(response) == {"customer"}
        assert not Interaction.objects.exists()
    else:
        assert response.status_code == 201
        assert Interaction.objects.get().user == world.user(viewer)


def test_a_missing_customer_is_the_same_unknown_customer_for_an_admin(world, api_as):
    # given
    missing = max(Customer.objects.values_list("pk", flat=True)) + 1000

    # when
    response = api_as("admin").post(
        "/api/v1/interactions/",
        {"customer": missing, "channel": "phone", "summary": "Called"},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert api_error_fields(response) == {"customer"}


@pytest.mark.parametrize(
    ("viewer", "allowed"),
    [("manager", True), ("supervisor", True), ("admin", True), ("staff", False)],
)
def test_only_managers_supervisors_and_admins_create_customers(
    world, page_as, api_as, viewer, allowed
):
    # given
    before = Customer.objects.count()

    # when
    page = page_as(viewer).get("/customers/new/")
    response = api_as(viewer).post(
        "/api/v1/customers/",
        {"name": "New Co", "kind": "individual", "region": "east", "owner": world.manager.pk},
        format="json",
    )

    # then
    assert page.status_code == (200 if allowed else 403)
    assert response.status_code == (201 if allowed else 403)
    assert Customer.objects.count() == before + allowed


def test_anonymous_visitors_are_sent_to_login_from_the_pages(world, client):
    # when
    responses = [
        client.get(path)
        for path in ("/customers/", f"/customers/{world.own.pk}/", "/customers/export.csv")
    ]

    # then
    for response in responses:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def _route_complaint(world, service, customer):
    complaint = complaint_record(customer=customer, actor=customer.owner, values=RECORD)
    complaint = complaint_transition(
        complaint=complaint, actor=world.admin, action="judge", values={"valid": "true"}
    )
    return complaint_transition(
        complaint=complaint,
        actor=world.admin,
        action="assign",
        values={"department": str(service.department.pk)},
    )


@pytest.mark.parametrize("viewer", ["staff", "supervisor"])
def test_the_department_a_complaint_is_routed_to_sees_its_customer_and_no_other(
    world, service, viewer
):
    # given a complaint of another department's customer routed to customer service
    _route_complaint(world, service, world.other_department)

    # when
    visible = set(Customer.objects.visible_to(getattr(service, viewer)))

    # then
    assert visible == {world.other_department}


def _count_plan(queryset) -> dict:
    with CaptureQueriesContext(connection) as queries:
        queryset.count()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {queries.captured_queries[-1]['sql']}")
        return cursor.fetchone()[0][0]["Plan"]


@pytest.mark.postgres
def test_a_supervisors_visibility_costs_one_pass_over_the_customers(world, service):
    # given two departments' worth of customers, some with complaints routed to service
    east, west = world.manager, world.outsider
    Customer.objects.bulk_create(
        Customer(
            kind="individual",
            name=f"Customer {n}",
            region_id=world.own.region_id,
            owner=owner,
            department_id=owner.department_id,
        )
        for n in range(3000)
        for owner in ([east, west][n % 2],)
    )
    for customer in Customer.objects.filter(owner=west)[:5]:
        _route_complaint(world, service, customer)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE customers_customer")
        cursor.execute("ANALYZE complaints_complaint")
        cursor.execute("SHOW jit_above_cost")
        jit_above_cost = float(cursor.fetchone()[0])

    # when the planner prices the count behind the supervisor's customer list
    everyone = _count_plan(Customer.objects.all())
    theirs = _count_plan(Customer.objects.visible_to(service.supervisor))

    # then the complaints are one uncorrelated id set, not a subquery per customer row: the
    # estimate stays near a plain count (a correlated EXISTS priced it tens of times higher,
    # past the JIT threshold at 100,000 customers)
    assert theirs["Total Cost"] < 2 * everyone["Total Cost"]
    assert theirs["Total Cost"] < jit_above_cost
