from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.models import Customer, LocalizedNameMixin

if TYPE_CHECKING:
    from accounts.models import User

MONEY_DIGITS = 14


class ProductCategory(LocalizedNameMixin):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Offered for new and changed products.")
    )

    class Meta:
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        ordering = ["code"]


class Product(models.Model):
    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    list_price = models.DecimalField(
        _("list price"),
        max_digits=MONEY_DIGITS,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    unit_cost = models.DecimalField(
        _("unit cost"),
        max_digits=MONEY_DIGITS,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    is_active = models.BooleanField(_("on sale"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["sku"]
        constraints = [
            models.CheckConstraint(
                condition=Q(list_price__gte=0, unit_cost__gte=0), name="product_prices_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"


class OrderQuerySet(models.QuerySet["Order"]):
    def visible_to(self, user: User) -> OrderQuerySet:
        return self.filter(customer__in=Customer.objects.visible_to(user))


class Order(models.Model):
    """A purchase: the consumption record. Who sold it and where are frozen at the time of sale."""

    number = models.CharField(_("order number"), max_length=30, unique=True)
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="orders"
    )
    ordered_on = models.DateField(_("order date"))
    salesperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("salesperson"),
        on_delete=models.PROTECT,
        related_name="sales",
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    region = models.ForeignKey(
        "customers.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="orders",
        null=True,
        blank=True,
    )
    total_amount = models.DecimalField(
        _("amount"), max_digits=MONEY_DIGITS, decimal_places=2, default=Decimal("0")
    )
    total_cost = models.DecimalField(
        _("cost"), max_digits=MONEY_DIGITS, decimal_places=2, default=Decimal("0")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-ordered_on", "-id"]
        indexes = [
            models.Index(fields=["customer", "-ordered_on"], name="order_customer_date_idx"),
            models.Index(fields=["ordered_on"], name="order_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_amount__gte=0, total_cost__gte=0),
                name="order_totals_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.number


def line_key(to: Any, verbose_name: Any, **options: Any) -> models.ForeignKey[Any, Any]:
    """A key of an order line (its product, and what it copies from the order and product so
    reports read one table): no reverse accessor, indexed only within the reports' indexes."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        **options,
    )


class OrderLine(models.Model):
    """One product on an order. Date, customer, salesperson, department, region and category are
    copied from the order and product so consumption reports read one table."""

    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines"
    )
    product = line_key(Product, _("product"))
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(
        _("unit price"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    amount = models.DecimalField(_("amount"), max_digits=MONEY_DIGITS, decimal_places=2)
    cost = models.DecimalField(
        _("cost"),
        max_digits=MONEY_DIGITS,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    ordered_on = models.DateField(_("order date"))
    customer = line_key(Customer, _("customer"))
    salesperson = line_key(settings.AUTH_USER_MODEL, _("salesperson"))
    department = line_key("accounts.Department", _("department"))
    region = line_key("customers.Region", _("region"), null=True, blank=True)
    category = line_key(ProductCategory, _("product category"))

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["id"]
        indexes = [models.Index(fields=["customer", "ordered_on"], name="line_customer_date_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0, cost__gte=0), name="line_prices_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(amount=Round(F("quantity") * F("unit_price"), 2)),
                name="line_amount_is_qty_x_price",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}:{self.product_id} x{self.quantity}"
