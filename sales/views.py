from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.http import AuthenticatedRequest
from core.reference_views import ReferencePages
from core.tabular import table_response
from core.uploads import import_page
from customers.policies import customer_can_create

from .exports import order_export_header, order_export_rows
from .filters import OrderFilter
from .imports import COLUMNS as IMPORT_COLUMNS
from .imports import REQUIRED as IMPORT_REQUIRED
from .imports import order_import
from .selectors import order_get, order_list
from .services import PRODUCT_CATEGORIES, PRODUCTS

PAGE_SIZE = 30


@login_required
def order_list_view(request: AuthenticatedRequest) -> HttpResponse:
    filterset = OrderFilter(
        request.GET or None, queryset=order_list(user=request.user), request=request
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "sales/order_list.html",
        {"filter": filterset, "page": page, "can_import": customer_can_create(request.user)},
    )


@login_required
def order_detail_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    order = order_get(user=request.user, pk=pk)
    return render(request, "sales/order_detail.html", {"order": order})


@login_required
def order_export_view(request: AuthenticatedRequest, kind: str) -> HttpResponseBase:
    """One row per order line of the filtered orders, as CSV or XLSX (`kind`, from the URL)."""
    filterset = OrderFilter(
        request.GET or None, queryset=order_list(user=request.user), request=request
    )
    rows = order_export_rows(orders=filterset.qs)
    name = f"orders-{timezone.localdate().isoformat()}"
    return table_response(kind, name, order_export_header(), rows)


@login_required
@require_http_methods(["GET", "POST"])
def order_import_view(request: AuthenticatedRequest) -> HttpResponse:
    if not customer_can_create(request.user):
        raise PermissionDenied
    return import_page(
        request,
        importer=order_import,
        columns=IMPORT_COLUMNS,
        required=IMPORT_REQUIRED,
        title=_("Import orders"),
        done_url=reverse("sales:order-list"),
    )


PRODUCT_CATEGORY_PAGES = ReferencePages(
    slug="product-categories",
    title=gettext_lazy("Product categories"),
    data=PRODUCT_CATEGORIES,
    columns=("name_zh", "name_en", "code"),
    intro=gettext_lazy("How products are grouped in the consumption reports."),
)
PRODUCT_PAGES = ReferencePages(
    slug="products",
    title=gettext_lazy("Products"),
    data=PRODUCTS,
    columns=("sku", "name", "category", "list_price", "unit_cost"),
    related=("category",),
    intro=gettext_lazy("The catalogue orders are taken from; a deactivated product is off sale."),
)
