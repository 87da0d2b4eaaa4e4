from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "analytics"

urlpatterns: list[URLPattern | URLResolver] = [
    path("consumption/", views.consumption_view, name="consumption"),
    path("consumption/export.csv", views.consumption_csv_view, name="consumption-csv"),
    path("consumption/export.xlsx", views.consumption_xlsx_view, name="consumption-xlsx"),
    path("consumption/lines/", views.consumption_lines_view, name="consumption-lines"),
    path("value/", views.value_view, name="value"),
]
