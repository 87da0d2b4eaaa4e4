"""Who may do what to a customer they can see (visibility itself: CustomerQuerySet.visible_to)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Customer


def customer_is_editable_by(user: User, customer: Customer) -> bool:
    """Managers edit what they own, supervisors their department's customers, admins all."""
    if user.is_admin_role:
        return True
    if user.is_supervisor:
        return customer.department_id == user.department_id
    if user.is_manager:
        return customer.owner_id == user.pk
    return False


def customer_sensitive_visible_to(user: User, customer: Customer) -> bool:
    """Sensitive personal fields: the owner, the owner's supervisors and admins only."""
    if user.is_admin_role or customer.owner_id == user.pk:
        return True
    return user.is_supervisor and customer.department_id == user.department_id


def customer_can_reassign(user: User) -> bool:
    return user.is_admin_role or user.is_supervisor


def customer_can_create(user: User) -> bool:
    return user.is_admin_role or user.is_supervisor or user.is_manager


def customer_sensitive_visible_q(user: User) -> Q:
    """customer_sensitive_visible_to as a filter, for searches on sensitive fields."""
    if user.is_admin_role:
        return Q()
    if user.is_supervisor:
        return Q(department_id=user.department_id) | Q(owner_id=user.pk)
    return Q(owner_id=user.pk)
