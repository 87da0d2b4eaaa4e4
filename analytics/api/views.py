from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.http import api_user
from core.periods import report_period

from ..dimensions import CUSTOMER_CATEGORIES, DIMENSION_NAMES
from ..presenters import report_as_dict
from ..selectors import consumption_by, consumption_query_from
from ..value import value_analysis

FIGURES: dict[str, serializers.Field] = {
    "amount": serializers.DecimalField(max_digits=18, decimal_places=2),
    "gross_profit": serializers.DecimalField(max_digits=18, decimal_places=2),
    "quantity": serializers.IntegerField(),
    "orders": serializers.IntegerField(),
}
REPORT_PARAMETERS = [
    OpenApiParameter("rows", str, enum=list(DIMENSION_NAMES), description="Row dimension"),
    OpenApiParameter("cols", str, enum=list(DIMENSION_NAMES), description="Column dimension"),
    OpenApiParameter(
        "category_by",
        str,
        enum=list(CUSTOMER_CATEGORIES),
        description="How customer_category splits customers (default tier)",
    ),
    OpenApiParameter("date_from", str, description="First month, YYYY-MM (or a date in it)"),
    OpenApiParameter("date_to", str, description="Last month, YYYY-MM (or a date in it)"),
    *[
        OpenApiParameter(name, int, description=f"One {name} id")
        for name in (
            "region",
            "product_category",
            "salesperson",
            "department",
        )
    ],
    OpenApiParameter("kind", str),
    OpenApiParameter("tier", str),
    OpenApiParameter("lifecycle_state", str),
    OpenApiParameter("value_class", str, description="A, B, C or none"),
]


class ConsumptionReportView(APIView):
    """Consumption structure (消费结构分析) over the customers your reports cover."""

    scope_area = "analytics"

    @extend_schema(
        parameters=REPORT_PARAMETERS,
        responses=inline_serializer(
            "ConsumptionReport",
            {
                "rows_dimension": serializers.CharField(),
                "cols_dimension": serializers.CharField(allow_null=True),
                "category_by": serializers.CharField(allow_null=True),
                "period": serializers.DictField(),
                "previous_period": serializers.DictField(allow_null=True),
                "filters": serializers.DictField(),
                "columns": serializers.ListField(child=serializers.DictField()),
                "rows": serializers.ListField(child=serializers.DictField()),
                "totals": inline_serializer(
                    "ConsumptionTotals",
                    {
                        **FIGURES,
                        "previous_amount": serializers.CharField(allow_null=True),
                        "change": serializers.FloatField(allow_null=True),
                    },
                ),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        query = consumption_query_from(request.query_params)
        report = consumption_by(user=api_user(request), query=query)
        return Response(report_as_dict(report))


class ValueAnalysisView(APIView):
    """The 80/20/30 analysis over the customers your reports cover (default: the last year)."""

    scope_area = "analytics"

    @extend_schema(
        parameters=[
            OpenApiParameter("date_from", str, description="YYYY-MM-DD, default a year ago"),
            OpenApiParameter("date_to", str, description="YYYY-MM-DD, default today"),
        ],
        responses=inline_serializer(
            "ValueAnalysis",
            {
                "since": serializers.DateField(),
                "until": serializers.DateField(),
                "customers": serializers.IntegerField(),
                "revenue": serializers.FloatField(),
                "profit": serializers.FloatField(),
                "cost_to_serve": serializers.FloatField(),
                "top_share_of_customers": serializers.FloatField(),
                "top_share_of_profit": serializers.FloatField(allow_null=True),
                "unprofitable_customers": serializers.IntegerField(),
                "unprofitable_share_of_customers": serializers.FloatField(allow_null=True),
                "unprofitable_loss": serializers.FloatField(),
                "unprofitable_share_of_revenue": serializers.FloatField(allow_null=True),
                "unprofitable_share_of_cost_to_serve": serializers.FloatField(allow_null=True),
                "profit_without_unprofitable": serializers.FloatField(),
                "pareto": serializers.ListField(
                    child=serializers.ListField(child=serializers.FloatField())
                ),
                "classes": serializers.DictField(child=serializers.IntegerField()),
                "top": serializers.ListField(child=serializers.DictField()),
                "bottom": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        since, until = report_period(request.query_params)
        analysis = value_analysis(user=api_user(request), since=since, until=until)
        return Response(asdict(analysis))
