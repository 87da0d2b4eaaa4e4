from django.urls import path

from . import views

app_name = "sales"

urlpatterns = [
    path("", views.order_list_view, name="order-list"),
    path("<int:pk>/", views.order_detail_view, name="order-detail"),
    path("export.csv", views.order_export_view, {"kind": "csv"}, name="order-export"),
    path("export.xlsx", views.order_export_view, {"kind": "xlsx"}, name="order-export-xlsx"),
    path("import/", views.order_import_view, name="order-import"),
]
