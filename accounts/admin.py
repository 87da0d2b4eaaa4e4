from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Department, User


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name", "is_active", "created_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "department", "is_active"]
    list_filter = ["role", "department", "is_active"]
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (_("CRM"), {"fields": ("role", "department")}))
    add_fieldsets = (
        *(BaseUserAdmin.add_fieldsets or ()),
        (_("CRM"), {"fields": ("role", "department")}),
    )
