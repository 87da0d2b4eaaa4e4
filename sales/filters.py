from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from customers.filters import visible_customers

from .models import Order, ProductCategory


class OrderApiFilter(django_filters.FilterSet):
    customer = django_filters.ModelChoiceFilter(queryset=visible_customers, label=_("Customer"))

    class Meta:
        model = Order
        fields = {
            "salesperson": ["exact"],
            "department": ["exact"],
            "ordered_on": ["gte", "lte", "exact"],
        }


class OrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Customer or order number"), max_length=100
    )
    date_from = django_filters.DateFilter(
        field_name="ordered_on", lookup_expr="gte", label=_("From")
    )
    date_to = django_filters.DateFilter(field_name="ordered_on", lookup_expr="lte", label=_("To"))
    category = django_filters.ModelChoiceFilter(
        queryset=ProductCategory.objects.all(),
        to_field_name="code",
        method="filter_category",
        label=_("Product category"),
    )

    class Meta:
        model = Order
        fields: list[str] = []

    def search(self, queryset: QuerySet[Order], name: str, value: str) -> QuerySet[Order]:
        value = value.strip()
        if not value:
            return queryset
        if value.upper().startswith("SO-"):
            return queryset.filter(number__iexact=value)
        return queryset.filter(customer__name__icontains=value)

    def filter_category(
        self, queryset: QuerySet[Order], name: str, value: ProductCategory | None
    ) -> QuerySet[Order]:
        if value is None:
            return queryset
        return queryset.filter(lines__category=value).distinct()
