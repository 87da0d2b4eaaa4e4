"""Writes of consumption records."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from core import events
from core.errors import InvalidInput, NotAllowed
from core.reference import ReferenceData
from customers.models import Customer
from customers.policies import customer_is_editable_by
from customers.services import customer_register_purchase

from .derived import order_recorded
from .models import Order, OrderLine, Product, ProductCategory

if TYPE_CHECKING:
    from accounts.models import User

PRODUCT_CATEGORIES = ReferenceData(
    ProductCategory, fields=("code", "name_en", "name_zh", "is_active"), key="code"
)
product_category_create = PRODUCT_CATEGORIES.create
product_category_update = PRODUCT_CATEGORIES.update
product_category_deactivate = PRODUCT_CATEGORIES.deactivate
product_category_delete = PRODUCT_CATEGORIES.delete

# The catalogue; a product taken off sale (deactivated) is no longer ordered.
PRODUCTS = ReferenceData(
    Product,
    fields=("sku", "name", "category", "list_price", "unit_cost", "is_active"),
    key="sku",
)
product_create = PRODUCTS.create
product_update = PRODUCTS.update
product_deactivate = PRODUCTS.deactivate
product_delete = PRODUCTS.delete

MAX_LINES = 200
MAX_QUANTITY = 1_000_000
MAX_UNIT_PRICE = Decimal("9999999999.99")
MAX_ORDER_AMOUNT = Decimal("999999999999.99")


def order_number(ordered_on: date) -> str:
    """Readable and unguessable enough: SO-20261124-7KQ2M9."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    suffix = "".join(secrets.choice(alphabet) for _ in range(6))
    return f"SO-{ordered_on:%Y%m%d}-{suffix}"


def _line_errors(index: int, line: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    prefix = f"lines[{index}]."
    product = line.get("product")
    if not isinstance(product, Product):
        errors[f"{prefix}product"] = [_("Unknown product.")]
    elif not product.is_active:
        errors[f"{prefix}product"] = [_("This product is no longer on sale.")]
    quantity = line.get("quantity")
    if not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
        errors[f"{prefix}quantity"] = [
            _("Enter a whole number from 1 to %(max)d.") % {"max": MAX_QUANTITY}
        ]
    price = line.get("unit_price")
    if price is not None and (
        not isinstance(price, Decimal) or not Decimal("0") <= price <= MAX_UNIT_PRICE
    ):
        errors[f"{prefix}unit_price"] = [_("Enter a price from 0 up to 9,999,999,999.99.")]
    return errors


@transaction.atomic
def order_create(
    *,
    actor: User,
    customer: Customer,
    ordered_on: date,
    lines: Sequence[Mapping[str, Any]],
    salesperson: User | None = None,
    note: str = "",
) -> Order:
    """Record a purchase; a first order or a win-back moves the customer's lifecycle."""
    if not customer_is_editable_by(actor, customer):
        raise NotAllowed(_("You may not record orders for this customer."))
    salesperson = salesperson or customer.owner
    errors: dict[str, list[str]] = {}
    if salesperson.role not in (Role.MANAGER, Role.SUPERVISOR) or salesperson.department_id is None:
        errors["salesperson"] = [_("The salesperson must be an account manager or supervisor.")]
    elif not actor.is_admin_role and salesperson.department_id != customer.department_id:
        errors["salesperson"] = [_("The salesperson must work in the customer's department.")]
    if ordered_on > timezone.localdate():
        errors["ordered_on"] = [_("An order date cannot be in the future.")]
    if not lines:
        errors["lines"] = [_("An order needs at least one line.")]
    elif len(lines) > MAX_LINES:
        errors["lines"] = [_("At most %(max)d lines per order.") % {"max": MAX_LINES}]
    else:
        for index, line in enumerate(lines):
            errors.update(_line_errors(index, line))
    if len(note) > 500:
        errors["note"] = [_("At most 500 characters.")]
    if errors:
        raise InvalidInput(_("The order could not be saved."), field_errors=errors)

    order_lines: list[OrderLine] = []
    total_amount = Decimal("0")
    total_cost = Decimal("0")
    department = salesperson.department
    if department is None:  # checked above; keeps the type precise
        raise InvalidInput(_("The salesperson has no department."))
    for line in lines:
        product: Product = line["product"]
        quantity: int = line["quantity"]
        given_price: Decimal | None = line.get("unit_price")
        unit_price = given_price if given_price is not None else product.list_price
        amount = unit_price * quantity
        cost = product.unit_cost * quantity
        total_amount += amount
        total_cost += cost
        order_lines.append(
            OrderLine(
                product=product,
                quantity=quantity,
                unit_price=unit_price,
                amount=amount,
                cost=cost,
                ordered_on=ordered_on,
                customer=customer,
                salesperson=salesperson,
                department=department,
                region_id=customer.region_id,
                category_id=product.category_id,
            )
        )
    if total_amount > MAX_ORDER_AMOUNT or total_cost > MAX_ORDER_AMOUNT:
        raise InvalidInput(
            _("The order total is too large."),
            field_errors={"lines": [_("The order total is too large.")]},
        )
    order = Order.objects.create(
        number=order_number(ordered_on),
        customer=customer,
        ordered_on=ordered_on,
        salesperson=salesperson,
        department=department,
        region_id=customer.region_id,
        total_amount=total_amount,
        total_cost=total_cost,
        note=note,
        created_by=actor,
    )
    for order_line in order_lines:
        order_line.order = order
    OrderLine.objects.bulk_create(order_lines)
    first_order = not Order.objects.filter(customer=customer).exclude(pk=order.pk).exists()
    # Rollups count it under the customer as they are now; the lifecycle move below carries it.
    order_recorded(order=order, first_order=first_order)
    customer_register_purchase(customer=customer, actor=actor)
    events.publish(events.ORDER_CREATED, order_id=order.pk, customer_id=customer.pk)
    return order
