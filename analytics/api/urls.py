from django.urls import URLPattern, URLResolver, path

from .views import ConsumptionReportView

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "analytics/consumption/",
        ConsumptionReportView.as_view(),
        name="analytics-consumption",
    ),
]
