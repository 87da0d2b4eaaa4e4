"""The customer page forms: bad input re-renders the page with 400 and the error next to its
field (409 for a lifecycle move the table forbids); nothing is written. Good input redirects."""

from __future__ import annotations

import html as html_lib
import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from customers.models import (
    Customer,
    ImportantDate,
    Interaction,
    KeyContact,
    LifecycleChange,
    Tag,
)
from tests.factories import make_customer
from tests.helpers import row_counts

ARCHIVE = (Customer, ImportantDate, KeyContact, Tag, Interaction, LifecycleChange)
TOO_LONG = "x" * 4001


def inline_errors(html: str, field_id: str) -> str:
    """The text of the error list rendered next to one field ("" if there is none)."""
    match = re.search(
        rf'<ul class="errorlist" id="{re.escape(field_id)}_errors">(.*?)</ul>', html, re.S
    )
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).strip() if match else ""


def fields_with_errors(html: str) -> set[str]:
    """The ids of the fields that show an error next to them."""
    return set(re.findall(r'<ul class="errorlist" id="([^"]+)_errors">', html))


def form_errors(html: str) -> str:
    """The text of the errors shown at the top of a form (not tied to one field)."""
    blocks = re.findall(r'<ul class="errorlist nonfield">(.*?)</ul>', html, re.S)
    return html_lib.unescape(" ".join(re.sub(r"<[^>]+>", " ", b) for b in blocks))


def customer_form(region_id: int | str | None, **values: Any) -> dict[str, Any]:
    """A valid new-customer form as the page posts it (empty date and contact formsets)."""
    return {
        "dates-TOTAL_FORMS": "0",
        "dates-INITIAL_FORMS": "0",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "name": "Page Made Ltd",
        "kind": "individual",
        "region": region_id,
        "industry": "other",
        "source": "other",
        "tier": "silver",
        "lifecycle_state": "potential",
        **values,
    }


def date_row(**values: str) -> dict[str, str]:
    row = {"kind": "anniversary", "calendar": "solar", "month": "5", "day": "1", **values}
    return {"dates-TOTAL_FORMS": "1", **{f"dates-0-{k}": v for k, v in row.items()}}


# (id, form values over a valid form, the field whose inline errors show it)
CREATE_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("name missing", {"name": ""}, "id_name"),
    ("name over 200", {"name": "n" * 201}, "id_name"),
    ("kind not a choice", {"kind": "alien"}, "id_kind"),
    ("region unknown", {"region": "987654"}, "id_region"),
    ("region not a number", {"region": "east"}, "id_region"),
    ("tier not a choice", {"tier": "platinum"}, "id_tier"),
    ("state not a choice", {"lifecycle_state": "banana"}, "id_lifecycle_state"),
    ("email malformed", {"email": "not-an-email"}, "id_email"),
    ("taboos over 4000", {"taboos": TOO_LONG}, "id_taboos"),
    ("referrer unknown", {"source": "referral", "referred_by": "987654"}, "id_referred_by"),
    ("referrer not a number", {"source": "referral", "referred_by": "abc"}, "id_referred_by"),
    ("tag over 50", {"tag_names": "t" * 51}, "id_tag_names"),
    ("30 February", date_row(kind="birthday", month="2", day="30"), "id_dates-0-day"),
    ("lunar day 31", date_row(calendar="lunar", month="8", day="31"), "id_dates-0-day"),
    ("solar leap month", date_row(is_leap_month="on"), "id_dates-0-is_leap_month"),
    ("month 13", date_row(month="13"), "id_dates-0-month"),
    ("year not a number", date_row(year="soon"), "id_dates-0-year"),
    (
        "contact without a name",
        {
            "contacts-TOTAL_FORMS": "1",
            "contacts-0-decision_role": "decision_maker",
            "contacts-0-phone": "13700001111",
        },
        "id_contacts-0-name",
    ),
]


@pytest.mark.parametrize(
    ("values", "field_id"), [pytest.param(v, f, id=i) for i, v, f in CREATE_CASES]
)
def test_create_form_shows_the_error_next_to_the_field_with_400_and_saves_nothing(
    world, page_as, values, field_id
):
    # given
    before = row_counts(*ARCHIVE)

    # when
    response = page_as("manager").post(
        "/customers/new/", customer_form(world.own.region_id, **values)
    )

    # then
    assert response.status_code == 400
    assert fields_with_errors(response.content.decode()) == {field_id}
    assert row_counts(*ARCHIVE) == before


def test_create_form_explains_a_referrer_needs_the_referral_source(world, page_as):
    # given a referrer the manager may see, with the wrong source
    values = customer_form(world.own.region_id, source="phone", referred_by=str(world.own.pk))

    # when
    response = page_as("manager").post("/customers/new/", values)

    # then
    assert response.status_code == 400
    errors = inline_errors(response.content.decode(), "id_source")
    assert "A customer with a referrer was acquired by referral." in errors
    assert not Customer.objects.filter(name="Page Made Ltd").exists()


def test_create_form_refuses_a_second_birthday(world, page_as):
    # given two birthday rows
    values = customer_form(
        world.own.region_id,
        **{
            "dates-TOTAL_FORMS": "2",
            "dates-0-kind": "birthday",
            "dates-0-calendar": "solar",
            "dates-0-month": "1",
            "dates-0-day": "2",
            "dates-1-kind": "birthday",
            "dates-1-calendar": "lunar",
            "dates-1-month": "3",
            "dates-1-day": "4",
        },
    )

    # when
    response = page_as("manager").post("/customers/new/", values)

    # then
    assert response.status_code == 400
    assert "A customer has one birthday." in form_errors(response.content.decode())
    assert not ImportantDate.objects.exists()


def test_create_form_saves_and_redirects_to_the_new_customer(world, page_as):
    # given
    values = customer_form(
        world.own.region_id,
        tag_names="VIP， 团购",
        **date_row(kind="birthday", calendar="lunar", month="8", day="15"),
    )

    # when
    response = page_as("manager").post("/customers/new/", values)

    # then
    customer = Customer.objects.get(name="Page Made Ltd")
    assert response.status_code == 302
    assert response["Location"] == f"/customers/{customer.pk}/"
    assert (customer.owner, customer.department) == (world.manager, world.manager.department)
    assert sorted(customer.tags.values_list("name", flat=True)) == ["VIP", "团购"]
    assert list(customer.important_dates.values_list("kind", "calendar", "month", "day")) == [
        ("birthday", "lunar", 8, 15)
    ]
    assert list(customer.lifecycle_changes.values_list("to_state", "cause")) == [
        ("potential", "created")
    ]


def edit_form(customer: Customer, **values: Any) -> dict[str, Any]:
    """The edit form as the page posts it for this customer, with some values changed."""
    form = customer_form(customer.region_id, **{"name": customer.name, **values})
    del form["lifecycle_state"]
    return form


# (id, form values over the customer's current ones, the field whose inline errors show it)
EDIT_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("name emptied", {"name": ""}, "id_name"),
    ("name over 200", {"name": "n" * 201}, "id_name"),
    ("taboos over 4000", {"taboos": TOO_LONG}, "id_taboos"),
    ("kind not a choice", {"kind": "alien"}, "id_kind"),
    ("region unknown", {"region": "987654"}, "id_region"),
    ("30 February", date_row(kind="birthday", month="2", day="30"), "id_dates-0-day"),
    ("lunar day 31", date_row(calendar="lunar", month="1", day="31"), "id_dates-0-day"),
]


@pytest.mark.parametrize(
    ("values", "field_id"), [pytest.param(v, f, id=i) for i, v, f in EDIT_CASES]
)
def test_edit_form_shows_the_error_next_to_the_field_with_400_and_changes_nothing(
    world, page_as, values, field_id
):
    # given
    customer = world.own
    before = (Customer.objects.filter(pk=customer.pk).values().get(), row_counts(*ARCHIVE))

    # when
    response = page_as("manager").post(
        f"/customers/{customer.pk}/edit/", edit_form(customer, **values)
    )

    # then
    assert response.status_code == 400
    assert fields_with_errors(response.content.decode()) == {field_id}
    assert (Customer.objects.filter(pk=customer.pk).values().get(), row_counts(*ARCHIVE)) == before


def test_edit_form_says_next_to_the_referrer_that_a_customer_cannot_refer_itself(world, page_as):
    # given
    customer = world.own
    values = edit_form(customer, source="referral", referred_by=str(customer.pk))

    # when
    response = page_as("manager").post(f"/customers/{customer.pk}/edit/", values)

    # then
    assert response.status_code == 400
    errors = inline_errors(response.content.decode(), "id_referred_by")
    assert "A customer cannot refer themselves." in errors
    customer.refresh_from_db()
    assert customer.referred_by is None


def test_edit_form_keeps_the_rows_left_and_deletes_the_rows_marked(world, page_as):
    # given a customer with two dates
    customer = make_customer(
        owner=world.manager,
        name="Dated",
        important_dates=[
            {"kind": "birthday", "calendar": "lunar", "month": 8, "day": 15},
            {"kind": "anniversary", "calendar": "solar", "month": 5, "day": 20, "label": "Wedding"},
        ],
    )
    birthday, wedding = customer.important_dates.order_by("kind")
    values = edit_form(
        customer,
        **{
            "dates-TOTAL_FORMS": "2",
            "dates-INITIAL_FORMS": "2",
            "dates-0-id": str(wedding.pk),
            "dates-0-kind": "anniversary",
            "dates-0-calendar": "solar",
            "dates-0-month": "5",
            "dates-0-day": "20",
            "dates-0-label": "Wedding",
            "dates-0-DELETE": "on",
            "dates-1-id": str(birthday.pk),
            "dates-1-kind": "birthday",
            "dates-1-calendar": "lunar",
            "dates-1-month": "8",
            "dates-1-day": "15",
        },
    )

    # when
    response = page_as("manager").post(f"/customers/{customer.pk}/edit/", values)

    # then
    assert response.status_code == 302
    assert list(customer.important_dates.values_list("kind", "calendar")) == [("birthday", "lunar")]


def _an_hour_ago() -> str:
    return (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


# (id, quick contact form values, the field whose inline errors show it)
INTERACTION_CASES: list[tuple[str, dict[str, str], str]] = [
    ("summary empty", {"channel": "phone", "summary": ""}, "id_summary"),
    ("summary over 4000", {"channel": "phone", "summary": TOO_LONG}, "id_summary"),
    ("channel not a choice", {"channel": "pigeon", "summary": "x"}, "id_channel"),
    (
        "due date without a promise",
        {"channel": "phone", "summary": "x", "promise_due": "2026-12-01"},
        "id_promise",
    ),
    (
        "occurred in the future",
        {"channel": "phone", "summary": "x", "occurred_at": "2099-01-01T10:00"},
        "id_occurred_at",
    ),
    (
        "occurred_at not a time",
        {"channel": "phone", "summary": "x", "occurred_at": "yesterday"},
        "id_occurred_at",
    ),
]


@pytest.mark.parametrize(
    ("values", "field_id"), [pytest.param(v, f, id=i) for i, v, f in INTERACTION_CASES]
)
def test_quick_contact_form_shows_the_error_inline_with_400_and_logs_nothing(
    world, page_as, values, field_id
):
    # given a form filled in an hour after the contact, but for the case's values
    form = {"occurred_at": _an_hour_ago(), **values}

    # when
    response = page_as("manager").post(f"/customers/{world.own.pk}/interactions/", form)

    # then
    assert response.status_code == 400
    assert fields_with_errors(response.content.decode()) == {field_id}
    assert not Interaction.objects.exists()


def test_quick_contact_form_logs_the_contact_and_redirects(world, page_as):
    # when
    response = page_as("manager").post(
        f"/customers/{world.own.pk}/interactions/",
        {
            "channel": "visit",
            "occurred_at": _an_hour_ago(),
            "summary": "Tea at their office",
            "promise": "Send the catalogue",
        },
    )

    # then
    assert response.status_code == 302
    assert response["Location"] == f"/customers/{world.own.pk}/"
    interaction = Interaction.objects.get()
    assert (interaction.customer, interaction.user, interaction.promise) == (
        world.own,
        world.manager,
        "Send the catalogue",
    )


SHANGHAI = ZoneInfo("Asia/Shanghai")  # the project's time zone


def test_a_contact_logged_at_the_time_the_page_showed_is_stamped_with_the_real_moment(
    world, page_as
):
    # given the contact form, opened at 10:15:50 (it shows 10:15)
    client = page_as("manager")
    opened = datetime(2026, 3, 2, 10, 15, 50, tzinfo=SHANGHAI)
    with time_machine.travel(opened, tick=False):
        page = client.get(f"/customers/{world.own.pk}/").content.decode()
    shown = re.search(r'name="initial-occurred_at" value="([^"]+)"', page)
    assert shown is not None

    # when it is sent at 10:16:20 with the time left as shown, and once with a time typed in
    sent = datetime(2026, 3, 2, 10, 16, 20, tzinfo=SHANGHAI)
    with time_machine.travel(sent, tick=False):
        for summary, occurred_at in (
            ("As shown", "2026-03-02T10:15"),
            ("Typed", "2026-03-02T09:40"),
        ):
            client.post(
                f"/customers/{world.own.pk}/interactions/",
                {
                    "channel": "phone",
                    "summary": summary,
                    "occurred_at": occurred_at,
                    "initial-occurred_at": html_lib.unescape(shown.group(1)),
                },
            )

    # then the untouched one carries the moment it was logged; the typed one what was typed
    logged = dict(Interaction.objects.values_list("summary", "occurred_at"))
    assert logged["As shown"] == sent
    assert logged["Typed"] == datetime(2026, 3, 2, 9, 40, tzinfo=SHANGHAI)


# (id, lifecycle form values for a potential customer, status, the field showing the error)
LIFECYCLE_CASES: list[tuple[str, dict[str, str], int, str | None]] = [
    ("move the table forbids", {"to_state": "loyal", "reason": "Big order"}, 409, None),
    ("move to the same state", {"to_state": "potential", "reason": "Still"}, 409, None),
    ("state not a choice", {"to_state": "banana", "reason": "x"}, 400, "id_to_state"),
    ("reason missing", {"to_state": "target"}, 400, "id_reason"),
    ("reason only spaces", {"to_state": "target", "reason": "   "}, 400, "id_reason"),
    ("reason over 4000", {"to_state": "target", "reason": TOO_LONG}, 400, "id_reason"),
]


@pytest.mark.parametrize(
    ("values", "status", "field_id"),
    [pytest.param(v, s, f, id=i) for i, v, s, f in LIFECYCLE_CASES],
)
def test_lifecycle_form_rejects_bad_moves_inline_and_leaves_the_state(
    world, page_as, values, status, field_id
):
    # given a potential customer
    customer = world.own
    history = customer.lifecycle_changes.count()

    # when
    response = page_as("manager").post(f"/customers/{customer.pk}/lifecycle/", values)

    # then
    html = response.content.decode()
    assert response.status_code == status
    if field_id is None:
        assert "cannot be moved" in form_errors(html)
    else:
        assert inline_errors(html, field_id)
    customer.refresh_from_db()
    assert customer.lifecycle_state == "potential"
    assert customer.lifecycle_changes.count() == history


def test_lifecycle_form_moves_the_customer_and_records_the_reason(world, page_as):
    # when
    response = page_as("manager").post(
        f"/customers/{world.own.pk}/lifecycle/", {"to_state": "target", "reason": "Key account"}
    )

    # then
    assert response.status_code == 302
    world.own.refresh_from_db()
    assert world.own.lifecycle_state == "target"
    latest = world.own.lifecycle_changes.all()[0]
    assert (latest.from_state, latest.to_state, latest.cause, latest.reason, latest.actor) == (
        "potential",
        "target",
        "manual",
        "Key account",
        world.manager,
    )


def test_lifecycle_form_offers_only_the_moves_the_table_allows(world, page_as):
    # when
    html = page_as("manager").get(f"/customers/{world.own.pk}/").content.decode()

    # then a potential customer can become target or non-customer, nothing else
    selects = re.findall(r'<select name="to_state".*?</select>', html, re.S)
    assert len(selects) == 1
    assert re.findall(r'<option value="(\w+)"', selects[0]) == ["target", "non_customer"]
