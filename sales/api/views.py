from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.imports import import_schema, run_import
from core.api.reference import ReferenceViewSet, ShortReferenceViewSet
from core.errors import NotAllowed
from core.http import api_user
from core.idempotency import IDEMPOTENCY_PARAMETER, idempotent
from customers.policies import customer_can_create

from ..filters import OrderApiFilter
from ..imports import order_import
from ..models import Order, Product, ProductCategory
from ..selectors import order_get, order_list_with_lines
from ..services import PRODUCT_CATEGORIES, PRODUCTS, order_create
from .serializers import (
    OrderCreateSerializer,
    OrderSerializer,
    ProductCategorySerializer,
    ProductSerializer,
)


class ProductCategoryViewSet(ShortReferenceViewSet):
    """Product categories: everyone reads them, admins maintain them."""

    scope_area = "orders"
    reference = PRODUCT_CATEGORIES
    serializer_class = ProductCategorySerializer
    queryset = ProductCategory.objects.all()


class ProductViewSet(ReferenceViewSet):
    """The product catalogue: everyone reads it, admins maintain it."""

    scope_area = "orders"
    reference = PRODUCTS
    serializer_class = ProductSerializer
    queryset = Product.objects.select_related("category")
    filterset_fields = ["category", "is_active"]
    ordering_fields = ["sku", "name", "list_price"]
    ordering = ["sku"]


class OrderViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Order]
):
    """Orders of the customers you may see, with their lines."""

    scope_area = "orders"

    serializer_class = OrderSerializer
    filterset_class = OrderApiFilter
    ordering_fields = ["ordered_on", "total_amount", "id"]
    ordering = ["-ordered_on", "-id"]

    def get_queryset(self) -> QuerySet[Order]:
        return order_list_with_lines(user=api_user(self.request))

    def get_object(self) -> Order:
        return order_get(user=api_user(self.request), pk=self.kwargs["pk"])

    @import_schema
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request: Request) -> Response:
        """Import orders from CSV or XLSX (rows sharing order_ref form one order)."""
        if not customer_can_create(api_user(request)):
            raise NotAllowed(_("Your role may not record orders."))
        return run_import(request, order_import)

    @extend_schema(
        request=OrderCreateSerializer,
        responses={201: OrderSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    @idempotent
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = OrderCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        order = order_create(
            actor=api_user(request),
            customer=values["customer"],
            ordered_on=values["ordered_on"],
            salesperson=values.get("salesperson"),
            note=values.get("note", ""),
            lines=[dict(line) for line in values["lines"]],
        )
        order = order_get(user=api_user(request), pk=order.pk)
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)
