from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import (
    Customer,
    ImportantDate,
    Interaction,
    KeyContact,
    LifecycleChange,
    Province,
    Region,
    SensitiveAccess,
    Tag,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh", "is_active"]
    search_fields = ["code", "name_en", "name_zh"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh", "region"]
    list_filter = ["region"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class ImportantDateInline(admin.TabularInline):
    model = ImportantDate
    extra = 0


class KeyContactInline(admin.TabularInline):
    model = KeyContact
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "lifecycle_state", "tier", "region", "owner", "department"]
    list_filter = ["kind", "lifecycle_state", "tier", "region", "department"]
    search_fields = ["name"]
    raw_id_fields = ["owner", "referred_by"]
    list_select_related = ["region", "owner", "department"]
    # The lifecycle has its own service and history; the admin does not bypass it.
    readonly_fields = ["lifecycle_state", "lifecycle_changed_at", "created_at", "updated_at"]
    inlines = [ImportantDateInline, KeyContactInline]


@admin.register(LifecycleChange)
class LifecycleChangeAdmin(ReadOnlyAdmin):
    list_display = ["customer", "from_state", "to_state", "cause", "actor", "changed_at"]
    list_filter = ["to_state", "cause"]
    raw_id_fields = ["customer"]


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ["customer", "channel", "occurred_at", "user"]
    list_filter = ["channel"]
    raw_id_fields = ["customer", "user"]


@admin.register(SensitiveAccess)
class SensitiveAccessAdmin(ReadOnlyAdmin):
    """Read-only: who saw or exported sensitive personal fields."""

    list_display = ["at", "user", "surface", "customer", "customer_count", "query"]
    list_filter = ["surface"]
    search_fields = ["user__username", "customer__name"]
    raw_id_fields = ["customer"]
    list_select_related = ["user", "customer"]
    date_hierarchy = "at"
