"""Keeping the consumption rollups current: in the transaction that writes order lines or moves
a customer to another category or owner, and rebuilt whole by `crm_rebuild_rollup`. The sales
and customer services reach this module through the followers AnalyticsConfig.ready registers
(sales.derived, customers.derived), being below it.

Every change is one set-based INSERT … SELECT … ON CONFLICT DO UPDATE that adds (or, with
sign −1, takes away) the figures of the lines concerned; rows that reach zero lines go.
Both PostgreSQL and SQLite (the no-services demo) run the same statements.
"""

from __future__ import annotations

import json
from dataclasses import astuple
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from customers.derived import CustomerKey, customer_key

from .models import KEY_FIELDS, NULLABLE_KEY_FIELDS, CategoryRollup, OrderRollup

if TYPE_CHECKING:
    from customers.models import Customer
    from sales.models import Order

CUSTOMER_COLUMNS = (
    "customer_kind",
    "customer_tier",
    "customer_lifecycle_state",
    "customer_value_class",
    "customer_owner_id",
    "customer_department_id",
)


def _month_sql() -> str:
    if connection.vendor == "postgresql":
        return "CAST(date_trunc('month', l.ordered_on) AS date)"
    return "date(l.ordered_on, 'start of month')"


def _key_columns(by_category: bool) -> list[str]:
    columns = [
        f"{name}_id" if name in {"region", "salesperson", "department"} else name
        for name in KEY_FIELDS
        if not name.startswith("customer_")
    ]
    columns += list(CUSTOMER_COLUMNS)
    if by_category:
        columns.append("product_category_id")
    return columns


def _conflict_target(columns: list[str]) -> str:
    """The unique key as its index spells it (models.rollup_key): nullable columns coalesced."""
    nullable = {f"{name}_id" for name in NULLABLE_KEY_FIELDS}
    return ", ".join(
        f"COALESCE({column}, 0)" if column in nullable else column for column in columns
    )


def _upsert(
    *, by_category: bool, where: str, params: list[Any], sign: int, key: CustomerKey | None
) -> None:
    """Add `sign` × the figures of the lines matching `where` (aliases l: line, c: customer)."""
    table = (CategoryRollup if by_category else OrderRollup)._meta.db_table
    columns = _key_columns(by_category)
    if key is None:
        customer_values = [
            "c.kind",
            "c.tier",
            "c.lifecycle_state",
            "c.value_class",
            "c.owner_id",
            "c.department_id",
        ]
        customer_params: list[Any] = []
    else:  # the customer as they were before a change
        customer_values = ["%s"] * len(CUSTOMER_COLUMNS)
        customer_params = list(astuple(key))
    inner_columns = [
        f"{_month_sql()} AS month",
        "l.region_id AS region_id",
        "l.salesperson_id AS salesperson_id",
        "l.department_id AS department_id",
        *(
            f"{value} AS {name}"
            for value, name in zip(customer_values, CUSTOMER_COLUMNS, strict=True)
        ),
        *(["l.category_id AS product_category_id"] if by_category else []),
    ]
    measures = ("amount", "cost", "quantity", "order_count", "line_count")
    updates = ", ".join(f"{m} = {table}.{m} + excluded.{m}" for m in measures)
    outer_columns = ", ".join(f"o.{column}" for column in columns)
    # Inner: one row per order (and category); outer: per rollup key, so counting inner rows
    # counts orders exactly, without COUNT(DISTINCT). Identifiers come from this module only;
    # every value is a bound parameter.
    sql = f"""
        INSERT INTO {table} ({", ".join(columns)}, {", ".join(measures)})
        SELECT {outer_columns},
               %s * SUM(o.amount), %s * SUM(o.cost), %s * SUM(o.quantity),
               %s * COUNT(*), %s * SUM(o.line_count)
        FROM (
            SELECT {", ".join(inner_columns)},
                   SUM(l.amount) AS amount, SUM(l.cost) AS cost, SUM(l.quantity) AS quantity,
                   COUNT(*) AS line_count
            FROM sales_orderline l JOIN customers_customer c ON c.id = l.customer_id
            WHERE {where}
            GROUP BY l.order_id{", l.category_id" if by_category else ""}, l.ordered_on,
                     l.region_id, l.salesperson_id, l.department_id, c.kind, c.tier,
                     c.lifecycle_state, c.value_class, c.owner_id, c.department_id
        ) o
        WHERE 1 = 1
        GROUP BY {outer_columns}
        ON CONFLICT ({_conflict_target(columns)}) DO UPDATE SET {updates}
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [sign] * 5 + customer_params + params)


def _shift(
    *, by_category: bool, where: str, params: list[Any], column: str, old: Any, new: Any
) -> None:
    """Move the figures of the lines matching `where` from `column` = old to `column` = new in
    one pass (a bulk move of customers who all had `old`): each group is added twice, once
    negated under the old value and once under the new."""
    table = (CategoryRollup if by_category else OrderRollup)._meta.db_table
    columns = _key_columns(by_category)
    inner_columns = [
        f"{_month_sql()} AS month",
        "l.region_id AS region_id",
        "l.salesperson_id AS salesperson_id",
        "l.department_id AS department_id",
        "c.kind AS customer_kind",
        "c.tier AS customer_tier",
        "c.lifecycle_state AS customer_lifecycle_state",
        "c.value_class AS customer_value_class",
        "c.owner_id AS customer_owner_id",
        "c.department_id AS customer_department_id",
        *(["l.category_id AS product_category_id"] if by_category else []),
    ]
    keys = ", ".join("v.value" if name == column else f"o.{name}" for name in columns)
    measures = ("amount", "cost", "quantity", "order_count", "line_count")
    updates = ", ".join(f"{m} = {table}.{m} + excluded.{m}" for m in measures)
    sql = f"""
        INSERT INTO {table} ({", ".join(columns)}, {", ".join(measures)})
        SELECT {keys},
               SUM(v.sign * o.amount), SUM(v.sign * o.cost), SUM(v.sign * o.quantity),
               SUM(v.sign), SUM(v.sign * o.line_count)
        FROM (
            SELECT {", ".join(inner_columns)},
                   SUM(l.amount) AS amount, SUM(l.cost) AS cost, SUM(l.quantity) AS quantity,
                   COUNT(*) AS line_count
            FROM sales_orderline l JOIN customers_customer c ON c.id = l.customer_id
            WHERE {where}
            GROUP BY l.order_id{", l.category_id" if by_category else ""}, l.ordered_on,
                     l.region_id, l.salesperson_id, l.department_id, c.kind, c.tier,
                     c.lifecycle_state, c.value_class, c.owner_id, c.department_id
        ) o
        CROSS JOIN (SELECT -1 AS sign, %s AS value UNION ALL SELECT 1, %s) v
        WHERE 1 = 1
        GROUP BY {keys}
        ON CONFLICT ({_conflict_target(columns)}) DO UPDATE SET {updates}
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, old, new])


def rollup_shift_customers(*, customer_ids: list[int], column: str, old: Any, new: Any) -> None:
    """After a bulk change of one customer attribute from `old` to `new` (a lifecycle rule, the
    value classes), move those customers' figures in one pass per rollup."""
    if not customer_ids or old == new:
        return
    where, params = _customers_in(customer_ids)
    with transaction.atomic():
        for by_category in (True, False):
            _shift(
                by_category=by_category, where=where, params=params, column=column, old=old, new=new
            )
        _prune()


def rollup_refresh_statistics() -> None:
    """After a bulk move the planner's picture of the rollups (new key combinations, deleted
    rows) is stale until autovacuum comes round, and the reports' plans depend on it: one
    stale night doubled a report's p95. The jobs that move many customers refresh it at once
    (ANALYZE of some 100,000 rows takes tens of milliseconds)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (CategoryRollup, OrderRollup):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _prune() -> None:
    for model in (CategoryRollup, OrderRollup):
        model.objects.filter(line_count=0).delete()


def rollup_add_orders(*, order_ids: list[int], sign: int = 1) -> None:
    """Count the lines of these orders in (or, sign −1, out of) the rollups."""
    if not order_ids:
        return
    placeholders = ", ".join(["%s"] * len(order_ids))
    with transaction.atomic():
        for by_category in (True, False):
            _upsert(
                by_category=by_category,
                where=f"l.order_id IN ({placeholders})",
                params=list(order_ids),
                sign=sign,
                key=None,
            )
        if sign < 0:
            _prune()


def rollup_move_customer(*, customer: Customer, before: CustomerKey) -> None:
    """After a customer's category or owner changed, move their figures to the new key."""
    if customer_key(customer) == before:
        return
    with transaction.atomic():
        for by_category in (True, False):
            _upsert(
                by_category=by_category,
                where="l.customer_id = %s",
                params=[customer.pk],
                sign=-1,
                key=before,
            )
            _upsert(
                by_category=by_category,
                where="l.customer_id = %s",
                params=[customer.pk],
                sign=1,
                key=None,
            )
        _prune()


def _customers_in(customer_ids: list[int]) -> tuple[str, list[Any]]:
    if connection.vendor == "postgresql":
        return "l.customer_id = ANY(%s)", [list(customer_ids)]
    return "l.customer_id IN (SELECT value FROM json_each(%s))", [json.dumps(customer_ids)]


def rollup_count_order(*, order: Order, first_order: bool) -> None:
    """sales.derived follower: a new order's lines count in."""
    rollup_add_orders(order_ids=[order.pk])


class CustomerRollups:
    """customers.derived keeper: the rollups follow their customers' moves."""

    def customer_moved(self, *, customer: Customer, before: CustomerKey) -> None:
        rollup_move_customer(customer=customer, before=before)

    def customers_shifted(
        self, *, customer_ids: list[int], field: str, old: object, new: object
    ) -> None:
        rollup_shift_customers(
            customer_ids=customer_ids, column=f"customer_{field}", old=old, new=new
        )


CUSTOMER_ROLLUPS = CustomerRollups()


def rollup_rebuild() -> int:
    """Recompute both rollups from the order lines; returns the rows written."""
    with transaction.atomic():
        for model in (CategoryRollup, OrderRollup):
            model.objects.all().delete()
            _upsert(by_category=model is CategoryRollup, where="1 = 1", params=[], sign=1, key=None)
        return CategoryRollup.objects.count() + OrderRollup.objects.count()
