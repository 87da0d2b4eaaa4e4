from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from .views import ChurnScoreViewSet, CustomerLossViewSet, CustomerPointsView, ReminderViewSet

router = SimpleRouter()
router.register("reminders", ReminderViewSet, basename="reminder")
router.register("churn-scores", ChurnScoreViewSet, basename="churn-score")
router.register("lost-customers", CustomerLossViewSet, basename="lost-customer")

urlpatterns: list[URLPattern | URLResolver] = [
    *router.urls,
    path(
        "customers/<int:customer_id>/points/", CustomerPointsView.as_view(), name="customer-points"
    ),
]
