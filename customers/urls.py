from django.urls import path

from . import views

app_name = "customers"

urlpatterns = [
    path("", views.customer_list_view, name="list"),
    path("export.csv", views.customer_export_view, {"kind": "csv"}, name="export"),
    path("export.xlsx", views.customer_export_view, {"kind": "xlsx"}, name="export-xlsx"),
    path("import/", views.customer_import_view, name="import"),
    path("new/", views.customer_create_view, name="create"),
    path("<int:pk>/", views.customer_detail_view, name="detail"),
    path("<int:pk>/edit/", views.customer_edit_view, name="edit"),
    path("<int:pk>/interactions/", views.interaction_create_view, name="interaction-create"),
    path("<int:pk>/lifecycle/", views.lifecycle_change_view, name="lifecycle"),
]
