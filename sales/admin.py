from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from .models import Order, OrderLine, Product, ProductCategory


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh", "is_active"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["sku", "name", "category", "list_price", "unit_cost", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["sku", "name"]


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    fields = ("product", "quantity", "unit_price", "amount", "cost")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "customer", "ordered_on", "salesperson", "total_amount"]
    list_filter = ["department", "region"]
    search_fields = ["number"]
    raw_id_fields = ["customer", "salesperson", "created_by"]
    date_hierarchy = "ordered_on"
    show_full_result_count = False
    inlines = [OrderLineInline]
    readonly_fields = ["total_amount", "total_cost"]
