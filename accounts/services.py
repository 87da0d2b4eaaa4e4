from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import IllegalStateChange, InvalidInput
from core.reference import ReferenceData

from .models import Department, Role, User


def _department_rule(department: Department, before: Department | None) -> dict[str, list[str]]:
    """A department is deactivated once nobody active works in it any more."""
    leaving_use = before is not None and before.is_active and not department.is_active
    if leaving_use and department.members.filter(is_active=True).exists():
        raise IllegalStateChange(
            _("People still work in %(name)s: move or deactivate them first.")
            % {"name": department.name}
        )
    return {}


DEPARTMENTS = ReferenceData(Department, fields=("name", "is_active"), rule=_department_rule)
department_create = DEPARTMENTS.create
department_update = DEPARTMENTS.update
department_deactivate = DEPARTMENTS.deactivate
department_delete = DEPARTMENTS.delete


def department_get_or_create(*, name: str) -> Department:
    name = name.strip()
    if not name:
        raise InvalidInput(
            _("A department needs a name."), field_errors={"department": [_("Required.")]}
        )
    if len(name) > Department._meta.get_field("name").max_length:  # type: ignore[operator]
        raise InvalidInput(
            _("The department name is too long."), field_errors={"department": [_("Too long.")]}
        )
    department, _created = Department.objects.get_or_create(name=name)
    if not department.is_active:
        raise InvalidInput(
            _("This department is deactivated."),
            field_errors={"department": [_("Deactivated: it takes no new members.")]},
        )
    return department


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    password: str,
    department_name: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = [_("Choose one of: %(roles)s.") % {"roles": ", ".join(Role.values)}]
    if not username or User.objects.filter(username=username).exists():
        errors["username"] = [_("This username is empty or already taken.")]
    if role != Role.ADMIN and not (department_name or "").strip():
        errors["department"] = [_("Everyone but an administrator belongs to a department.")]
    candidate = User(username=username, first_name=first_name, last_name=last_name, email=email)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    try:
        candidate.clean_fields(exclude=["password", "role", "department"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise InvalidInput(_("The user could not be created."), field_errors=errors)

    department = department_get_or_create(name=department_name) if department_name else None
    candidate.role = role
    candidate.department = department
    candidate.is_staff = role == Role.ADMIN
    candidate.is_superuser = role == Role.ADMIN
    candidate.set_password(password)
    candidate.save()
    return candidate
