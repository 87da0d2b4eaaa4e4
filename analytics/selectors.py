"""Consumption-structure reports (消费结构分析) read from the rollups, and the order lines behind
any cell. Every figure is summed by the database; Python only arranges rows and columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from sales.models import OrderLine

from .dimensions import CUSTOMER_CATEGORIES, DIMENSION_NAMES, Dimension, dimension, month_key
from .models import CategoryRollup, OrderRollup, report_scope

ID_FILTERS = {
    "region": "region_id",
    "product_category": "product_category_id",
    "salesperson": "salesperson_id",
    "department": "department_id",
}
ZERO = Decimal("0")


@dataclass(frozen=True)
class ConsumptionQuery:
    rows: str
    cols: str | None = None
    category_by: str = "tier"
    month_from: date | None = None
    month_to: date | None = None  # the first day of the last month included
    filters: dict[str, Any] = field(default_factory=dict)  # dimension filters, one value each

    @property
    def needs_category_rollup(self) -> bool:
        return "product_category" in (self.rows, self.cols) or "product_category" in self.filters

    def previous_period(self) -> tuple[date, date] | None:
        """The same number of months just before, when the period is bounded."""
        if self.month_from is None or self.month_to is None:
            return None
        months = _months_between(self.month_from, self.month_to) + 1
        return add_months(self.month_from, -months), add_months(self.month_from, -1)


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after (or, negative, before) `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def consumption_query_from(params: Any) -> ConsumptionQuery:
    """Read a report request (query string); every problem becomes a field error."""
    errors: dict[str, list[str]] = {}
    rows = params.get("rows") or "month"
    cols = params.get("cols") or None
    category_by = params.get("category_by") or "tier"
    if rows not in DIMENSION_NAMES:
        errors["rows"] = [_("Choose one of: %(names)s.") % {"names": ", ".join(DIMENSION_NAMES)}]
    if cols is not None and cols not in DIMENSION_NAMES:
        errors["cols"] = [_("Choose one of: %(names)s.") % {"names": ", ".join(DIMENSION_NAMES)}]
    elif cols is not None and cols == rows:
        errors["cols"] = [_("Columns must be another dimension than rows.")]
    if category_by not in CUSTOMER_CATEGORIES:
        errors["category_by"] = [
            _("Choose one of: %(names)s.") % {"names": ", ".join(CUSTOMER_CATEGORIES)}
        ]
    bounds: dict[str, date | None] = {}
    for name in ("date_from", "date_to"):
        raw = (params.get(name) or "").strip()
        try:
            bounds[name] = month_key(raw) if raw else None
            if raw and len(raw) not in (7, 10):
                raise ValueError(raw)
        except (ValueError, IndexError):
            errors[name] = [_("Give a month as YYYY-MM or a date as YYYY-MM-DD.")]
            bounds[name] = None
    start, end = bounds.get("date_from"), bounds.get("date_to")
    if start is not None and end is not None and start > end:
        errors["date_to"] = [_("The end lies before the start.")]
    filters: dict[str, Any] = {}
    for name in ID_FILTERS:
        raw = params.get(name)
        if raw in (None, ""):
            continue
        nullable = dimension(name).nullable
        if raw == "none" and nullable:
            filters[name] = None
        elif not str(raw).isdigit() or len(str(raw)) > 12:
            errors[name] = [
                _("Give one id, a whole number, or none.")
                if nullable
                else _("Give one id, a whole number.")
            ]
        else:
            filters[name] = int(raw)
    for name, (_column, _field, choices) in CUSTOMER_CATEGORIES.items():
        raw = params.get(name)
        if raw in (None, ""):
            continue
        allowed = [*choices.values, *(["none"] if name == "value_class" else [])]
        if raw not in allowed:
            errors[name] = [_("Choose one of: %(names)s.") % {"names": ", ".join(allowed)}]
        else:
            filters[name] = "" if raw == "none" else raw
    if errors:
        raise InvalidInput(_("The report request has problems."), field_errors=errors)
    return ConsumptionQuery(
        rows=rows,
        cols=cols,
        category_by=category_by,
        month_from=bounds["date_from"],
        month_to=bounds["date_to"],
        filters=filters,
    )


def _rollup_filter(query: ConsumptionQuery) -> Q:
    condition = Q()
    for name, value in query.filters.items():
        if name in ID_FILTERS:
            condition &= Q(**{ID_FILTERS[name]: value})
        else:
            condition &= Q(**{CUSTOMER_CATEGORIES[name][0]: value})
    return condition


def _period(month_from: date | None, month_to: date | None) -> Q:
    condition = Q()
    if month_from is not None:
        condition &= Q(month__gte=month_from)
    if month_to is not None:
        condition &= Q(month__lte=month_to)
    return condition


MEASURES = {
    "amount": Sum("amount"),
    "cost": Sum("cost"),
    "quantity": Sum("quantity"),
    "orders": Sum("order_count"),
}


@dataclass
class Figures:
    amount: Decimal = ZERO
    cost: Decimal = ZERO
    quantity: int = 0
    orders: int = 0

    @classmethod
    def of(cls, row: dict[str, Any] | None) -> Figures:
        if not row:
            return cls()
        return cls(
            amount=row["amount"] or ZERO,
            cost=row["cost"] or ZERO,
            quantity=int(row["quantity"] or 0),
            orders=int(row["orders"] or 0),
        )

    @property
    def gross_profit(self) -> Decimal:
        return self.amount - self.cost


@dataclass
class ReportRow:
    key: Any
    label: str
    figures: Figures
    share: float | None
    previous_amount: Decimal | None
    change: float | None
    cells: dict[Any, Figures]


@dataclass
class ConsumptionReport:
    query: ConsumptionQuery
    rows_dimension: Dimension
    cols_dimension: Dimension | None
    rows: list[ReportRow]
    columns: list[tuple[Any, str]]
    totals: Figures
    previous_totals: Figures | None
    previous_period: tuple[date, date] | None

    @property
    def total_change(self) -> float | None:
        if self.previous_totals is None:
            return None
        return _change(self.totals.amount, self.previous_totals.amount)


def _change(now: Decimal, before: Decimal | None) -> float | None:
    if before is None or before <= 0:
        return None
    return float((now - before) / before)


def _source(query: ConsumptionQuery, user: Any, grouped_by: list[Dimension]) -> QuerySet[Any]:
    """Order rollup unless a product category is grouped or filtered (exact order counts)."""
    uses_category = "product_category" in query.filters or any(
        d.needs_category_rollup for d in grouped_by
    )
    model = CategoryRollup if uses_category else OrderRollup
    return model.objects.visible_to(user).filter(_rollup_filter(query))


def consumption_by(*, user: Any, query: ConsumptionQuery) -> ConsumptionReport:
    """The report: one query for the rows, one for the cells, one for the totals, and the
    previous period's rows and total; then one label query per dimension shown."""
    rows_dim = dimension(query.rows, query.category_by)
    cols_dim = dimension(query.cols, query.category_by) if query.cols else None
    period = _period(query.month_from, query.month_to)

    row_source = _source(query, user, [rows_dim])
    row_figures = {
        row[rows_dim.column]: Figures.of(row)
        for row in row_source.filter(period).values(rows_dim.column).annotate(**MEASURES).order_by()
    }
    cells: dict[Any, dict[Any, Figures]] = {}
    column_totals: dict[Any, Decimal] = {}
    if cols_dim is not None:
        for row in (
            _source(query, user, [rows_dim, cols_dim])
            .filter(period)
            .values(rows_dim.column, cols_dim.column)
            .annotate(**MEASURES)
            .order_by()
        ):
            figures = Figures.of(row)
            cells.setdefault(row[rows_dim.column], {})[row[cols_dim.column]] = figures
            column_totals[row[cols_dim.column]] = (
                column_totals.get(row[cols_dim.column], ZERO) + figures.amount
            )
    totals = Figures.of(_source(query, user, []).filter(period).aggregate(**MEASURES))

    previous = query.previous_period()
    previous_rows: dict[Any, Decimal] = {}
    previous_totals: Figures | None = None
    if previous is not None:
        before = _period(*previous)
        previous_rows = {
            row[rows_dim.column]: row["amount"] or ZERO
            for row in row_source.filter(before)
            .values(rows_dim.column)
            .annotate(amount=Sum("amount"))
            .order_by()
        }
        previous_totals = Figures.of(_source(query, user, []).filter(before).aggregate(**MEASURES))

    row_labels = rows_dim.labels(row_figures.keys())
    if rows_dim.name == "month":
        ordered_keys = sorted(row_figures)
    else:
        ordered_keys = sorted(row_figures, key=lambda key: row_figures[key].amount, reverse=True)
    columns: list[tuple[Any, str]] = []
    if cols_dim is not None:
        col_labels = cols_dim.labels(column_totals.keys())
        if cols_dim.name == "month":
            col_keys = sorted(column_totals)
        else:
            col_keys = sorted(column_totals, key=lambda key: column_totals[key], reverse=True)
        columns = [(key, col_labels.get(key, str(key))) for key in col_keys]
    rows = [
        ReportRow(
            key=key,
            label=row_labels.get(key, str(key)),
            figures=row_figures[key],
            share=float(row_figures[key].amount / totals.amount) if totals.amount else None,
            previous_amount=previous_rows.get(key, ZERO) if previous is not None else None,
            change=_change(row_figures[key].amount, previous_rows.get(key))
            if previous is not None
            else None,
            cells=cells.get(key, {}),
        )
        for key in ordered_keys
    ]
    return ConsumptionReport(
        query=query,
        rows_dimension=rows_dim,
        cols_dimension=cols_dim,
        rows=rows,
        columns=columns,
        totals=totals,
        previous_totals=previous_totals,
        previous_period=previous,
    )


def _line_condition(dim: Dimension, key: str) -> Q:
    if dim.name == "month":
        start = month_key(key)
        return Q(ordered_on__gte=start, ordered_on__lt=add_months(start, 1))
    if dim.name == "customer_category":
        return Q(**{dim.line_field: "" if key == "none" else key})
    if key == "none" and dim.nullable:
        return Q(**{f"{dim.line_field}__isnull": True})
    if not key.isdigit():
        raise InvalidInput(_("Unknown cell."), field_errors={dim.name: [_("Unknown cell.")]})
    return Q(**{dim.line_field: int(key)})


def consumption_lines(
    *, user: Any, query: ConsumptionQuery, row_key: str | None, col_key: str | None
) -> QuerySet[OrderLine]:
    """The order lines behind a report cell (or row, or the whole report), under the same
    scope as the report, newest first."""
    scope = report_scope(user)
    if scope is None:
        return OrderLine.objects.none()
    lines = OrderLine.objects.all()
    if "department" in scope:
        lines = lines.filter(customer__department_id=scope["department"])
    elif "owner" in scope:
        lines = lines.filter(customer__owner_id=scope["owner"])
    if query.month_from is not None:
        lines = lines.filter(ordered_on__gte=query.month_from)
    if query.month_to is not None:
        lines = lines.filter(ordered_on__lt=add_months(query.month_to, 1))
    line_fields = {
        "region": "region_id",
        "product_category": "category_id",
        "salesperson": "salesperson_id",
        "department": "department_id",
    }
    for name, value in query.filters.items():
        if name in line_fields:
            lines = lines.filter(**{line_fields[name]: value})
        else:
            lines = lines.filter(**{f"customer__{CUSTOMER_CATEGORIES[name][1]}": value})
    if row_key:
        lines = lines.filter(_line_condition(dimension(query.rows, query.category_by), row_key))
    if col_key and query.cols:
        lines = lines.filter(_line_condition(dimension(query.cols, query.category_by), col_key))
    return lines.select_related("order", "customer", "product", "category", "region").order_by(
        "-ordered_on", "-id"
    )
