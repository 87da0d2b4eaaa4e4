"""The archive's editable fields are declared once (customers/fields.py); the service, the form
and its page, the API, the import, the export, the customer page and masking all follow it."""

from __future__ import annotations

from customers.api.serializers import CustomerSerializer
from customers.display import field_label
from customers.fields import (
    ARCHIVE_FIELDS,
    EDITABLE_FIELDS,
    EXPORTED_FIELDS,
    IMPORTED_FIELDS,
    SENSITIVE_FIELDS,
)
from customers.forms import CustomerForm
from customers.imports import COLUMNS
from customers.masking import SENSITIVE_FIELDS as MASKED
from customers.models import Customer
from tests.factories import make_customer
from tests.helpers import csv_rows

# Customer fields nobody types in: derived, or set by their own service.
DERIVED = {
    "id",
    "owner",
    "department",
    "lifecycle_state",
    "lifecycle_changed_at",
    "man_assessed_at",
    "value_class",
    "tags",
    "created_at",
    "updated_at",
}


def test_every_customer_field_is_declared_or_known_to_be_derived():
    # given the model's own fields
    model_fields = {field.name for field in Customer._meta.get_fields() if field.concrete}
    model_fields |= {field.name for field in Customer._meta.many_to_many}

    # then a new model field fails here until it is declared (or named derived above)
    assert model_fields - DERIVED == set(EDITABLE_FIELDS)
    assert len(EDITABLE_FIELDS) == len(ARCHIVE_FIELDS)


def test_form_serializer_import_and_masking_take_the_declared_fields(world):
    # when each layer is asked what it takes
    form = CustomerForm(user=world.admin)
    serializer = CustomerSerializer()
    writable = {name for name, field in serializer.fields.items() if not field.read_only}

    # then each takes exactly the declaration (plus what it hands to the service apart)
    assert set(form.fields) - {"owner", "tag_names", "lifecycle_state"} == set(EDITABLE_FIELDS)
    placed = [field.name for _section, fields in form.sections() for field in fields]
    assert sorted(placed) == sorted([*EDITABLE_FIELDS, "lifecycle_state", "owner", "tag_names"])
    assert writable - {"owner", "tags", "lifecycle_state", "important_dates", "key_contacts"} == (
        set(EDITABLE_FIELDS)
    )
    assert set(COLUMNS) - {"owner", "tags", "lifecycle_state"} == {
        f.column for f in IMPORTED_FIELDS
    }
    assert MASKED == SENSITIVE_FIELDS == tuple(f.name for f in ARCHIVE_FIELDS if f.sensitive)


def test_the_form_page_places_every_field_and_the_export_heads_its_columns(world, page_as):
    # when the admin opens the new-customer page and exports
    page = page_as("admin").get("/customers/new/").content.decode()
    header = csv_rows(page_as("admin").get("/customers/export.csv"))[0]

    # then every declared field has its input, every exported one its column
    for name in EDITABLE_FIELDS:
        assert f'id="id_{name}"' in page, name
    assert [field_label(field.name) for field in EXPORTED_FIELDS] == header[
        1 : 1 + len(EXPORTED_FIELDS)
    ]


def test_the_customer_page_shows_the_cards_fields_masked_for_read_only_viewers(world, page_as):
    # given an enterprise customer of the manager's (its page also has the organisation card)
    customer = make_customer(owner=world.manager, name="Card Co", kind="enterprise")

    # when the owner and department staff open it
    mine = page_as("manager").get(f"/customers/{customer.pk}/").content.decode()
    theirs = page_as("staff").get(f"/customers/{customer.pk}/").content.decode()

    # then each card field is labelled; the sensitive ones only readable by the owner
    for field in ARCHIVE_FIELDS:
        if field.on_card:
            assert f"<dt>{field_label(field.name)}</dt>" in mine, field.name
    assert customer.taboos in mine
    assert customer.taboos not in theirs
    assert "<dt>Taboos</dt><dd>******</dd>" in theirs
