from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import IllegalStateChange, InvalidInput
from core.http import AuthenticatedRequest
from core.reference_views import ReferencePages
from core.tabular import table_response
from core.uploads import import_page

from . import audit
from .choices import AccessSurface
from .display import archive_cards
from .exports import customer_export_header, customer_export_rows
from .fields import EDITABLE_FIELDS
from .filters import CustomerFilter
from .forms import (
    CustomerForm,
    ImportantDateFormSet,
    InteractionForm,
    KeyContactFormSet,
    LifecycleChangeForm,
    apply_field_errors,
    formset_rows,
)
from .imports import COLUMNS as IMPORT_COLUMNS
from .imports import REQUIRED as IMPORT_REQUIRED
from .imports import customer_import
from .masking import KEY_CONTACT_SENSITIVE_FIELDS, MaskedCustomer, mask_value
from .models import Customer
from .panels import customer_panels
from .personality import personality_guide
from .policies import (
    customer_can_create,
    customer_is_editable_by,
    customer_sensitive_visible_q,
)
from .selectors import customer_get, customer_list, customer_purchase_summary
from .services import (
    PROVINCES,
    REGIONS,
    customer_change_lifecycle,
    customer_create,
    customer_update,
    interaction_log,
)
from .timeline import customer_timeline

PAGE_SIZE = 25


@login_required
def customer_list_view(request: AuthenticatedRequest) -> HttpResponse:
    filterset = CustomerFilter(
        request.GET or None, queryset=customer_list(user=request.user), request=request
    )
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = [MaskedCustomer(customer, request.user) for customer in page.object_list]
    audit.record_sensitive_access(
        user=request.user,
        surface=AccessSurface.CUSTOMER_LIST,
        customer_count=sum(row.sensitive_visible for row in rows),
        query=request.GET.urlencode(),
    )
    return render(
        request,
        "customers/list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": rows,
            "can_create": customer_can_create(request.user),
            "active_filters": sum(
                1 for key, value in request.GET.items() if key not in ("page", "ordering") and value
            ),
        },
    )


def _detail_context(
    request: AuthenticatedRequest, customer: Customer, **forms: Any
) -> dict[str, Any]:
    user = request.user
    masked = MaskedCustomer(customer, user)
    contacts = []
    for contact in customer.key_contacts.all():
        values = {
            "name": contact.name,
            "title": contact.title,
            "decision_role": contact.get_decision_role_display(),
            "notes": contact.notes,
        }
        for field in KEY_CONTACT_SENSITIVE_FIELDS:
            raw = getattr(contact, field)
            values[field] = raw if masked.sensitive_visible else mask_value(field, raw)
        contacts.append(values)
    editable = customer_is_editable_by(user, customer)
    # The referrer's name is their data: shown only to those who may see that customer.
    referrer_visible = bool(
        customer.referred_by_id
        and Customer.objects.visible_to(user).filter(pk=customer.referred_by_id).exists()
    )
    return {
        "customer": masked,
        "cards": archive_cards(customer, sensitive_visible=masked.sensitive_visible),
        "editable": editable,
        "referrer_visible": referrer_visible,
        "key_contacts": contacts,
        "summary": customer_purchase_summary(customer=customer),
        "timeline": customer_timeline(customer=customer, user=user),
        "panels": customer_panels(customer=customer, user=user),
        "guide": personality_guide(customer.personality_type),
        "interaction_form": forms.get("interaction_form") or InteractionForm(),
        "lifecycle_form": forms.get("lifecycle_form")
        or LifecycleChangeForm(current_state=customer.lifecycle_state),
    }


@login_required
def customer_detail_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    customer = customer_get(user=request.user, pk=pk, for_detail=True)
    context = _detail_context(request, customer)
    if context["customer"].sensitive_visible:
        audit.record_sensitive_access(
            user=request.user, surface=AccessSurface.CUSTOMER_PAGE, customer=customer
        )
    return render(request, "customers/detail.html", context)


@login_required
@require_POST
def interaction_create_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    customer = customer_get(user=request.user, pk=pk, for_detail=True)
    form = InteractionForm(request.POST)
    if form.is_valid():
        try:
            interaction_log(customer=customer, actor=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            apply_field_errors(form, exc.field_errors, exc.message)
        else:
            messages.success(request, _("Contact logged."))
            return redirect("customers:detail", pk=customer.pk)
    context = _detail_context(request, customer, interaction_form=form)
    return render(request, "customers/detail.html", context, status=400)


@login_required
@require_POST
def lifecycle_change_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    customer = customer_get(user=request.user, pk=pk, for_detail=True)
    if not customer_is_editable_by(request.user, customer):
        raise PermissionDenied
    form = LifecycleChangeForm(request.POST, current_state=customer.lifecycle_state)
    status = 400
    if form.is_valid():
        try:
            customer_change_lifecycle(
                customer=customer,
                actor=request.user,
                to_state=form.cleaned_data["to_state"],
                reason=form.cleaned_data["reason"],
            )
        except InvalidInput as exc:
            apply_field_errors(form, exc.field_errors, exc.message)
        except IllegalStateChange as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Lifecycle state changed."))
            return redirect("customers:detail", pk=customer.pk)
    context = _detail_context(request, customer, lifecycle_form=form)
    return render(request, "customers/detail.html", context, status=status)


def _form_page(request: AuthenticatedRequest, *, customer: Customer | None) -> HttpResponse:
    user = request.user
    instance = customer or Customer()
    bound = request.method == "POST"
    form = CustomerForm(request.POST if bound else None, instance=instance, user=user)
    dates = ImportantDateFormSet(request.POST if bound else None, instance=instance, prefix="dates")
    contacts = KeyContactFormSet(
        request.POST if bound else None, instance=instance, prefix="contacts"
    )
    status = 200
    if bound:
        status = 400
        if form.is_valid() and dates.is_valid() and contacts.is_valid():
            attributes = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
            kept = {"important_dates": formset_rows(dates), "key_contacts": formset_rows(contacts)}
            try:
                if customer is None:
                    saved = customer_create(
                        actor=user,
                        attributes=attributes,
                        owner=form.cleaned_data.get("owner") or None,
                        lifecycle_state=form.cleaned_data["lifecycle_state"],
                        tag_names=form.cleaned_data["tag_names"],
                        important_dates=kept["important_dates"].values,
                        key_contacts=kept["key_contacts"].values,
                    )
                else:
                    saved = customer_update(
                        customer=customer,
                        actor=user,
                        attributes=attributes,
                        owner=form.cleaned_data.get("owner") or None,
                        tag_names=form.cleaned_data["tag_names"],
                        important_dates=kept["important_dates"].values,
                        key_contacts=kept["key_contacts"].values,
                    )
            except InvalidInput as exc:
                apply_field_errors(form, exc.field_errors, exc.message, rows=kept)
            else:
                messages.success(request, _("Customer saved."))
                return redirect("customers:detail", pk=saved.pk)
    return render(
        request,
        "customers/form.html",
        {"form": form, "dates": dates, "contacts": contacts, "customer": customer},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def customer_create_view(request: AuthenticatedRequest) -> HttpResponse:
    if not customer_can_create(request.user):
        raise PermissionDenied
    return _form_page(request, customer=None)


@login_required
@require_http_methods(["GET", "POST"])
def customer_edit_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    customer = customer_get(user=request.user, pk=pk, for_detail=True)
    if not customer_is_editable_by(request.user, customer):
        raise PermissionDenied
    return _form_page(request, customer=customer)


@login_required
def customer_export_view(request: AuthenticatedRequest, kind: str) -> HttpResponseBase:
    """The filtered list as CSV or XLSX (`kind`, from the URL), masked like the pages."""
    filterset = CustomerFilter(
        request.GET or None, queryset=customer_list(user=request.user), request=request
    )
    audit.record_sensitive_access(
        user=request.user,
        surface=AccessSurface.EXPORT,
        customer_count=filterset.qs.filter(customer_sensitive_visible_q(request.user)).count(),
        query=request.GET.urlencode(),
    )
    rows = customer_export_rows(queryset=filterset.qs, user=request.user)
    name = f"customers-{timezone.localdate().isoformat()}"
    return table_response(kind, name, customer_export_header(), rows)


@login_required
@require_http_methods(["GET", "POST"])
def customer_import_view(request: AuthenticatedRequest) -> HttpResponse:
    if not customer_can_create(request.user):
        raise PermissionDenied
    return import_page(
        request,
        importer=customer_import,
        columns=IMPORT_COLUMNS,
        required=IMPORT_REQUIRED,
        title=_("Import customers"),
        done_url=reverse("customers:list"),
        accepts_skip=True,
    )


REGION_PAGES = ReferencePages(
    slug="regions",
    title=gettext_lazy("Regions"),
    data=REGIONS,
    columns=("name_zh", "name_en", "code", "province_names"),
    labels={"province_names": gettext_lazy("Provinces")},
    prefetch=("provinces",),
    intro=gettext_lazy("The sales regions (区域) customers are in; a customer may have none."),
)
PROVINCE_PAGES = ReferencePages(
    slug="provinces",
    title=gettext_lazy("Provinces"),
    data=PROVINCES,
    columns=("name_zh", "name_en", "code", "region"),
    related=("region",),
    intro=gettext_lazy("Which region each province lies in."),
)
