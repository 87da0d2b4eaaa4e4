from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Takes new members."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    MANAGER = "manager", _("Account manager")
    SUPERVISOR = "supervisor", _("Supervisor")
    STAFF = "staff", _("Department staff")
    ADMIN = "admin", _("Administrator")


class CrmUserManager(UserManager["User"]):
    def create_superuser(
        self,
        username: str,
        email: str | None = None,
        password: str | None = None,
        **extra_fields: Any,
    ) -> User:
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person using the CRM. Role and department drive graded authorization (分级授权)."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MANAGER)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    care_digest = models.BooleanField(_("morning e-mail of my care reminders"), default=False)

    objects: ClassVar[CrmUserManager] = CrmUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="accounts_user_role_valid"
            ),
            # Everyone but an administrator works inside a department.
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(department__isnull=False),
                name="accounts_user_department_required",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Chinese names read family name first with no space (李娜); others "First Last"."""
        first, last = self.first_name.strip(), self.last_name.strip()
        if any("\u4e00" <= char <= "\u9fff" for char in first + last):
            return f"{last}{first}"
        return f"{first} {last}".strip()

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_department_staff(self) -> bool:
        return self.role == Role.STAFF
