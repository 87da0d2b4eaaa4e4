from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from accounts.models import User
from customers.api.serializers import LocalizedNameSerializer, VisibleCustomerField

from ..models import Order, OrderLine, Product, ProductCategory
from ..services import MAX_QUANTITY, PRODUCT_CATEGORIES, PRODUCTS


class ProductCategorySerializer(LocalizedNameSerializer):
    class Meta:
        model = ProductCategory
        fields = ["id", *PRODUCT_CATEGORIES.fields, "name"]


class ProductSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=ProductCategory.objects.all()
    )
    category_name = serializers.CharField(source="category.name", read_only=True)

    class Meta:
        model = Product
        fields = ["id", *PRODUCTS.fields, "category_name"]


class OrderLineSerializer(serializers.ModelSerializer):
    product_sku = serializers.CharField(source="product.sku", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)

    class Meta:
        model = OrderLine
        fields = [
            "id",
            "product",
            "product_sku",
            "product_name",
            "category",
            "quantity",
            "unit_price",
            "amount",
            "cost",
        ]


class OrderSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    salesperson_name = serializers.CharField(source="salesperson.__str__", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    lines = OrderLineSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "number",
            "customer",
            "customer_name",
            "ordered_on",
            "salesperson",
            "salesperson_name",
            "department",
            "department_name",
            "region",
            "total_amount",
            "total_cost",
            "note",
            "created_at",
            "lines",
        ]


class OrderLineInputSerializer(serializers.Serializer):
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)
    unit_price = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        allow_null=True,
        help_text="Defaults to the product's list price.",
    )


class OrderCreateSerializer(serializers.Serializer):
    customer = VisibleCustomerField()
    ordered_on = serializers.DateField()
    salesperson = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")
    lines = serializers.ListField(
        child=OrderLineInputSerializer(), allow_empty=False, max_length=200
    )
