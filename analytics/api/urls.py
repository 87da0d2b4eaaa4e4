from django.urls import URLPattern, URLResolver, path

from .views import ConsumptionReportView, ValueAnalysisView

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "analytics/consumption/",
        ConsumptionReportView.as_view(),
        name="analytics-consumption",
    ),
    path("analytics/value/", ValueAnalysisView.as_view(), name="analytics-value"),
]
