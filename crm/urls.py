from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import DEPARTMENT_PAGES
from core.reference_views import reference_urls
from core.views import health_view
from customers.views import PROVINCE_PAGES, REGION_PAGES
from home.views import home_view
from sales.views import PRODUCT_CATEGORY_PAGES, PRODUCT_PAGES

# The administrators' pages over reference data, in the order a new install fills them.
REFERENCE_PAGES = (
    DEPARTMENT_PAGES,
    REGION_PAGES,
    PROVINCE_PAGES,
    PRODUCT_CATEGORY_PAGES,
    PRODUCT_PAGES,
)

urlpatterns = [
    path("", home_view, name="home"),
    path("health/", health_view, name="health"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("customers/", include("customers.urls")),
    path("orders/", include("sales.urls")),
    path("complaints/", include("complaints.urls")),
    path("surveys/", include("surveys.urls")),
    path("analytics/", include("analytics.urls")),
    path("care/", include("care.urls")),
    path("reference/", include(reference_urls(REFERENCE_PAGES))),
    path("api/v1/", include("crm.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # The split view serves its start-up script as a file, so the page passes our CSP.
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
]
