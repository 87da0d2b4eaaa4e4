"""The fields of the customer archive a person sets, declared once.

Everything else is derived from this table: the fields the service accepts
(`EDITABLE_FIELDS`), the form and its sections, the API serializer, the import columns, the
customer export, the cards of the customer page and the sensitive fields that masking hides.
Adding a field is one row here plus the model field and its migration.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    """A group of fields: a fieldset of the form and a card of the customer page."""

    key: str
    title: Promise


BASIC = Section("basic", _("Basic data"))
CONTACTS = Section("contacts", _("Contacts"))
QUALIFICATION = Section("qualification", _("Qualification and personality"))
PERSONAL = Section("personal", _("Personal side"))
ORGANISATION = Section("organisation", _("Organisation (enterprise customers)"))
SECTIONS: tuple[Section, ...] = (BASIC, CONTACTS, QUALIFICATION, PERSONAL, ORGANISATION)


@dataclass(frozen=True)
class ArchiveField:
    name: str  # the Customer model field; its verbose name labels it everywhere
    section: Section
    sensitive: bool = False  # masked unless the viewer may see personal data (masking.py)
    imported: bool = True  # a column of customer import files …
    header: str = ""  # … under this header (default: the field's name)
    exported: bool = False  # a column of the customer export (headed by its label)
    on_card: bool = True  # shown on its section's card of the customer page

    @property
    def column(self) -> str:
        return self.header or self.name


ARCHIVE_FIELDS: tuple[ArchiveField, ...] = (
    # name, kind and tier head the customer page; the referrer is shown with the source.
    ArchiveField("name", BASIC, exported=True, on_card=False),
    ArchiveField("kind", BASIC, exported=True, on_card=False),
    ArchiveField("region", BASIC, exported=True),  # imported by region code
    ArchiveField("industry", BASIC, exported=True),
    ArchiveField("tier", BASIC, exported=True, on_card=False),
    ArchiveField("source", BASIC, exported=True),
    ArchiveField("referred_by", BASIC, imported=False, on_card=False),
    ArchiveField("phone", CONTACTS, sensitive=True, exported=True),
    ArchiveField("email", CONTACTS, sensitive=True, exported=True),
    ArchiveField("messaging_id", CONTACTS, sensitive=True),
    ArchiveField("address", CONTACTS, sensitive=True, exported=True),
    # MAN is shown as its code and advice, the personality type as how to serve it.
    ArchiveField("has_money", QUALIFICATION, imported=False, on_card=False),
    ArchiveField("has_authority", QUALIFICATION, imported=False, on_card=False),
    ArchiveField("has_need", QUALIFICATION, imported=False, on_card=False),
    ArchiveField("personality_type", QUALIFICATION, exported=True, on_card=False),
    ArchiveField("preferences", PERSONAL),
    ArchiveField("taboos", PERSONAL, sensitive=True),
    ArchiveField("beliefs", PERSONAL, sensitive=True),
    ArchiveField("life_background", PERSONAL, sensitive=True),
    ArchiveField("values", PERSONAL, sensitive=True),
    ArchiveField("family", PERSONAL, sensitive=True),
    ArchiveField("needs", PERSONAL),
    ArchiveField("org_structure", ORGANISATION),
    ArchiveField("purchasing_method", ORGANISATION),
    ArchiveField("competitors", ORGANISATION),
)

# Fields a form, an API client or an import may set directly; the rest are derived or have
# their own service (owner, lifecycle state, tags, dates, contacts).
EDITABLE_FIELDS: tuple[str, ...] = tuple(field.name for field in ARCHIVE_FIELDS)
SENSITIVE_FIELDS: tuple[str, ...] = tuple(field.name for field in ARCHIVE_FIELDS if field.sensitive)
# What customer_create takes besides the attributes, as the API and import files name it.
SERVICE_INPUTS: tuple[str, ...] = ("lifecycle_state", "owner", "tags")
IMPORTED_FIELDS: tuple[ArchiveField, ...] = tuple(f for f in ARCHIVE_FIELDS if f.imported)
EXPORTED_FIELDS: tuple[ArchiveField, ...] = tuple(f for f in ARCHIVE_FIELDS if f.exported)


def fields_of(section: Section) -> tuple[ArchiveField, ...]:
    return tuple(field for field in ARCHIVE_FIELDS if field.section == section)
