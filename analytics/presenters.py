"""A consumption report as plain values: one shape for the API, the page and the exports, so
all three show the same numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .selectors import ConsumptionReport, Figures


def key_text(key: Any) -> str:
    if isinstance(key, date):
        return f"{key:%Y-%m}"
    if key in ("", None):
        return "none"
    return str(key)


def _figures(figures: Figures) -> dict[str, Any]:
    return {
        "amount": str(figures.amount),
        "gross_profit": str(figures.gross_profit),
        "quantity": figures.quantity,
        "orders": figures.orders,
    }


def report_as_dict(report: ConsumptionReport) -> dict[str, Any]:
    query = report.query
    previous = report.previous_period
    return {
        "rows_dimension": query.rows,
        "cols_dimension": query.cols,
        "category_by": query.category_by
        if "customer_category" in (query.rows, query.cols)
        else None,
        "period": {
            "from": f"{query.month_from:%Y-%m}" if query.month_from else None,
            "to": f"{query.month_to:%Y-%m}" if query.month_to else None,
        },
        "previous_period": {"from": f"{previous[0]:%Y-%m}", "to": f"{previous[1]:%Y-%m}"}
        if previous
        else None,
        "filters": {name: key_text(value) for name, value in query.filters.items()},
        "columns": [{"key": key_text(key), "label": label} for key, label in report.columns],
        "rows": [
            {
                "key": key_text(row.key),
                "label": row.label,
                **_figures(row.figures),
                "share": None if row.share is None else round(row.share, 6),
                "previous_amount": None
                if row.previous_amount is None
                else str(row.previous_amount),
                "change": None if row.change is None else round(row.change, 6),
                "cells": {key_text(key): _figures(figures) for key, figures in row.cells.items()},
            }
            for row in report.rows
        ],
        "totals": {
            **_figures(report.totals),
            "previous_amount": str(report.previous_totals.amount)
            if report.previous_totals
            else None,
            "change": None if report.total_change is None else round(report.total_change, 6),
        },
    }


def export_table(report: ConsumptionReport) -> tuple[list[str], list[list[Any]]]:
    """Header and rows for CSV/XLSX: the on-screen table, numbers unformatted."""
    header = [str(report.rows_dimension.label)]
    if report.cols_dimension is not None:
        header += [f"{label} · {_('Amount')}" for _key, label in report.columns]
    header += [
        _("Amount"),
        _("Gross profit"),
        _("Quantity"),
        _("Orders"),
        _("Share"),
        _("Previous period"),
        _("Change"),
    ]
    table: list[list[Any]] = []
    for row in report.rows:
        line: list[Any] = [row.label]
        if report.cols_dimension is not None:
            line += [
                row.cells[key].amount if key in row.cells else Decimal("0")
                for key, _label in report.columns
            ]
        line += [
            row.figures.amount,
            row.figures.gross_profit,
            row.figures.quantity,
            row.figures.orders,
            None if row.share is None else round(row.share, 4),
            row.previous_amount,
            None if row.change is None else round(row.change, 4),
        ]
        table.append(line)
    totals: list[Any] = [_("Total")]
    if report.cols_dimension is not None:
        totals += [
            sum(
                (row.cells[key].amount for row in report.rows if key in row.cells),
                Decimal("0"),
            )
            for key, _label in report.columns
        ]
    totals += [
        report.totals.amount,
        report.totals.gross_profit,
        report.totals.quantity,
        report.totals.orders,
        1 if report.totals.amount else None,
        report.previous_totals.amount if report.previous_totals else None,
        None if report.total_change is None else round(report.total_change, 4),
    ]
    table.append(totals)
    return header, table
