"""Who else sees a customer. The rule is Customer.objects.visible_to (customers/models.py):
admins everyone, supervisors and department staff their department's customers, account
managers their own. An app that routes work on a customer to a department (complaints go to
the department that handles them) lets staff there see that customer by registering a grant
here in its AppConfig.ready, so this app names none of the apps above it.

A grant answers, for a supervisor or staff member of a department, the ids of the customers
that department works on, as a query of one column that does not refer to the outer customer
row: visible_to ORs `id IN (that query)` onto the department rule, which PostgreSQL plans once
as a hashed set instead of a subquery per customer. Grants only widen; without any, a
department sees its own customers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User

DepartmentGrant = Callable[["User"], "QuerySet[Any]"]
_GRANTS: list[DepartmentGrant] = []


def register_department_grant(grant: DepartmentGrant) -> DepartmentGrant:
    if grant not in _GRANTS:
        _GRANTS.append(grant)
    return grant


def department_grants() -> tuple[DepartmentGrant, ...]:
    return tuple(_GRANTS)
