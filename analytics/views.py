from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, User
from core.errors import InvalidInput
from core.http import AuthenticatedRequest
from core.periods import report_period
from core.tabular import csv_response, xlsx_response
from customers.models import Region, region_name
from sales.models import ProductCategory

from .dimensions import CUSTOMER_CATEGORIES, DIMENSION_NAMES, dimension
from .models import report_scope
from .presenters import export_table, report_as_dict
from .selectors import ConsumptionQuery, consumption_by, consumption_lines, consumption_query_from
from .value import value_analysis

LINES_PER_PAGE = 50


def _choices(user: User) -> dict[str, object]:
    """What the filter form offers: only people and departments the user's reports cover."""
    scope = report_scope(user) or {"owner": -1}
    people = User.objects.filter(role__in=["manager", "supervisor"], is_active=True)
    departments = Department.objects.all()
    if "department" in scope:
        people = people.filter(department_id=scope["department"])
        departments = departments.filter(pk=scope["department"])
    elif "owner" in scope:
        people = people.filter(pk=scope["owner"])
        departments = departments.filter(pk=user.department_id or 0)
    return {
        "dimensions": [(name, dimension(name).label) for name in DIMENSION_NAMES],
        "category_splits": [
            (name, choices_label) for name, choices_label in CATEGORY_SPLIT_LABELS().items()
        ],
        "regions": Region.objects.order_by("code"),
        "categories": ProductCategory.objects.order_by("code"),
        "people": people.order_by("first_name", "last_name"),
        "departments": departments,
        "customer_filters": [
            (name, choices.choices) for name, (_c, _f, choices) in CUSTOMER_CATEGORIES.items()
        ],
    }


def CATEGORY_SPLIT_LABELS() -> dict[str, str]:
    return {
        "tier": _("Service tier"),
        "kind": _("Kind"),
        "lifecycle_state": _("Lifecycle state"),
        "value_class": _("Value class"),
    }


def _query_or_errors(request: AuthenticatedRequest) -> tuple[ConsumptionQuery | None, dict]:
    try:
        return consumption_query_from(request.GET), {}
    except InvalidInput as problem:
        return None, problem.field_errors


@login_required
def consumption_view(request: AuthenticatedRequest) -> HttpResponse:
    query, errors = _query_or_errors(request)
    report = consumption_by(user=request.user, query=query) if query else None
    return render(
        request,
        "analytics/consumption.html",
        {
            "report": report,
            "chart": report_as_dict(report) if report else None,
            "errors": errors,
            "params": request.GET,
            "query_string": request.GET.urlencode(),
            **_choices(request.user),
        },
        status=400 if errors else 200,
    )


def _export(request: AuthenticatedRequest, kind: str) -> HttpResponseBase:
    query, errors = _query_or_errors(request)
    if query is None:
        return HttpResponse(
            "; ".join(f"{name}: {' '.join(problems)}" for name, problems in errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    header, table = export_table(consumption_by(user=request.user, query=query))
    name = f"consumption-{query.rows}-{timezone.localdate().isoformat()}"
    if kind == "xlsx":
        return xlsx_response(name, header, table)
    return csv_response(name, header, table)


@login_required
def consumption_csv_view(request: AuthenticatedRequest) -> HttpResponseBase:
    return _export(request, "csv")


@login_required
def consumption_xlsx_view(request: AuthenticatedRequest) -> HttpResponseBase:
    return _export(request, "xlsx")


LINE_HEADER_FIELDS = ("ordered_on", "order", "customer", "product", "quantity", "amount", "cost")


@login_required
def consumption_lines_view(request: AuthenticatedRequest) -> HttpResponseBase:
    """The order lines behind a cell; as CSV it streams, however many there are."""
    query, errors = _query_or_errors(request)
    if query is None:
        return HttpResponse(str(errors), status=400, content_type="text/plain; charset=utf-8")
    try:
        lines = consumption_lines(
            user=request.user,
            query=query,
            row_key=request.GET.get("row") or None,
            col_key=request.GET.get("col") or None,
        )
    except InvalidInput as problem:
        return HttpResponse(
            str(problem.field_errors), status=400, content_type="text/plain; charset=utf-8"
        )
    if request.GET.get("format") == "csv":
        header = [
            _("Order date"),
            _("Order number"),
            _("Customer"),
            _("Product"),
            _("Product category"),
            _("Region"),
            _("Quantity"),
            _("Amount"),
            _("Cost"),
        ]
        rows = (
            [
                line.ordered_on.isoformat(),
                line.order.number,
                line.customer.name,
                line.product.name,
                line.category.name,
                region_name(line.region),
                line.quantity,
                line.amount,
                line.cost,
            ]
            for line in lines.iterator(chunk_size=2000)
        )
        return csv_response(f"consumption-lines-{timezone.localdate().isoformat()}", header, rows)
    page = Paginator(lines, LINES_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "analytics/lines.html",
        {"page": page, "query_string": params.urlencode(), "query": query},
    )


@login_required
def value_view(request: AuthenticatedRequest) -> HttpResponse:
    """The 80/20/30 analysis page: headline shares, the Pareto curve, the top and bottom."""
    try:
        since, until = report_period(request.GET)
    except InvalidInput as problem:
        return render(
            request,
            "analytics/value.html",
            {"errors": problem.field_errors, "params": request.GET},
            status=400,
        )
    analysis = value_analysis(user=request.user, since=since, until=until)
    return render(
        request,
        "analytics/value.html",
        {
            "analysis": analysis,
            "chart": {
                "pareto": analysis.pareto,
                "labels": {
                    "customers": _("Share of customers"),
                    "profit": _("Cumulative share of profit"),
                },
            },
            "params": request.GET,
            "since": since,
            "until": until,
        },
    )
