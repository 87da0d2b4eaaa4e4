from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.reference_views import ReferencePages

from .services import DEPARTMENTS

DEPARTMENT_PAGES = ReferencePages(
    slug="departments",
    title=_("Departments"),
    data=DEPARTMENTS,
    columns=("name", "created_at"),
    intro=_("Who works where: a department's customers and reports belong to it."),
)
