from __future__ import annotations

from django.db.models import QuerySet

from .models import User


def user_list(*, viewer: User) -> QuerySet[User]:
    """Colleagues a user may look up: their department's, or everyone for an admin."""
    users = User.objects.select_related("department").order_by("username")
    if not viewer.is_authenticated:
        return users.none()
    if viewer.is_admin_role:
        return users
    if viewer.department_id is None:
        return users.none()
    return users.filter(department_id=viewer.department_id)
