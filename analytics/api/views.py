from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from crm.http import api_user

from ..dimensions import CUSTOMER_CATEGORIES, DIMENSION_NAMES
from ..presenters import report_as_dict
from ..selectors import consumption_by, consumption_query_from

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
