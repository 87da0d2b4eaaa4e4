"""Pre-aggregated consumption figures the reports read instead of the order lines.

Two rollups share one shape: `CategoryRollup` keeps one row per month × product category ×
the order's region, salesperson and department × the customer's current category and owner;
`OrderRollup` the same without the product category, so order counts stay exact (an order
with lines in two categories is one order). Both are kept current in the transaction that
writes an order or changes a customer's category or owner (analytics.rollup), and can be
rebuilt from the order lines (`manage.py crm_rebuild_rollup`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from customers.models import Region
from sales.models import ProductCategory

if TYPE_CHECKING:
    from accounts.models import User

KEY_FIELDS = (
    "month",
    "region",
    "salesperson",
    "department",
    "customer_kind",
    "customer_tier",
    "customer_lifecycle_state",
    "customer_value_class",
    "customer_owner",
    "customer_department",
)
# Key columns that may be NULL (orders of customers without a region). A unique index treats
# NULLs as distinct, so the key indexes them as COALESCE(column, 0): all "not set" rows of one
# key meet in one row, and the upserts of analytics.rollup name the same expression.
NULLABLE_KEY_FIELDS = ("region",)


def rollup_key(*fields: str) -> list[Any]:
    """The expressions of a rollup's unique key over `fields`."""
    return [
        Coalesce(name, 0, output_field=models.IntegerField())
        if name in NULLABLE_KEY_FIELDS
        else F(name)
        for name in fields
    ]


def report_scope(user: User) -> dict[str, int] | None:
    """Whose figures a user's reports cover: admins everything (an empty filter), supervisors
    and department staff their department's customers, account managers their own customers;
    None for nobody. Unlike Customer.objects.visible_to, a supervisor's complaint work for
    another department never widens a report: aggregates stay within the department."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_admin_role:
        return {}
    if user.is_supervisor or user.is_department_staff:
        return {"department": user.department_id} if user.department_id else None
    return {"owner": user.pk}


class RollupQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: User) -> RollupQuerySet:
        scope = report_scope(user)
        if scope is None:
            return self.none()
        if "department" in scope:
            return self.filter(customer_department_id=scope["department"])
        if "owner" in scope:
            return self.filter(customer_owner_id=scope["owner"])
        return self.all()


class RollupBase(models.Model):
    month = models.DateField(_("month"))  # the first day of the month
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+", null=True
    )
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("salesperson"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    customer_kind = models.CharField(_("customer kind"), max_length=20)
    customer_tier = models.CharField(_("service tier"), max_length=20)
    customer_lifecycle_state = models.CharField(_("lifecycle state"), max_length=20)
    customer_value_class = models.CharField(_("value class"), max_length=1, blank=True)
    customer_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    customer_department = models.ForeignKey(
        Department,
        verbose_name=_("customer department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, default=0)
    cost = models.DecimalField(_("cost"), max_digits=18, decimal_places=2, default=0)
    quantity = models.BigIntegerField(_("quantity"), default=0)
    order_count = models.IntegerField(_("orders"), default=0)
    line_count = models.IntegerField(_("order lines"), default=0)

    objects = RollupQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.amount}"


class CategoryRollup(RollupBase):
    product_category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product category"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consumption by product category")
        verbose_name_plural = _("consumption by product category")
        constraints = [
            models.UniqueConstraint(
                *rollup_key(*KEY_FIELDS, "product_category"), name="category_rollup_key"
            ),
        ]
        indexes = [
            models.Index(fields=["customer_owner", "month"], name="category_rollup_owner_idx"),
            models.Index(fields=["customer_department", "month"], name="category_rollup_dept_idx"),
        ]


class OrderRollup(RollupBase):
    class Meta:
        verbose_name = _("consumption by order")
        verbose_name_plural = _("consumption by order")
        constraints = [models.UniqueConstraint(*rollup_key(*KEY_FIELDS), name="order_rollup_key")]
        indexes = [
            models.Index(fields=["customer_owner", "month"], name="order_rollup_owner_idx"),
            models.Index(fields=["customer_department", "month"], name="order_rollup_dept_idx"),
        ]
