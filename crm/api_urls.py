from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api.auth import TokenLoginView
from accounts.api.views import DepartmentViewSet, MeView, UserViewSet
from customers.api.views import CustomerViewSet, InteractionViewSet, ProvinceViewSet, RegionViewSet
from sales.api.views import OrderViewSet, ProductCategoryViewSet, ProductViewSet

router = DefaultRouter()
router.register("customers", CustomerViewSet, basename="customer")
router.register("interactions", InteractionViewSet, basename="interaction")
router.register("regions", RegionViewSet, basename="region")
router.register("provinces", ProvinceViewSet, basename="province")
router.register("orders", OrderViewSet, basename="order")
router.register("products", ProductViewSet, basename="product")
router.register("product-categories", ProductCategoryViewSet, basename="product-category")
router.register("departments", DepartmentViewSet, basename="department")
router.register("users", UserViewSet, basename="user")

urlpatterns = [
    path("auth/token/", TokenLoginView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("", include(router.urls)),
    # Each app's API declares its own paths (complaints/…, surveys/…, analytics/…, reminders/…).
    path("", include("complaints.api.urls")),
    path("", include("surveys.api.urls")),
    path("", include("analytics.api.urls")),
    path("", include("care.api.urls")),
    path("", include("integrations.api.urls")),
]
