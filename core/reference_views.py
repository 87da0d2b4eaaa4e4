"""The administrators' pages over reference data: an index, and for each kind a list, a form
to add or change a row, and deactivating, reactivating and deleting. Each owning app declares
its pages as a `ReferencePages` next to its views; the project's URLs gather them under
/reference/. Every page calls the kind's services (core.reference), like the API."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Model, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .errors import IllegalStateChange, InvalidInput
from .formatting import money
from .http import AuthenticatedRequest
from .reference import ReferenceData

PAGE_SIZE = 50
ACTIONS = ("list", "new", "edit", "active", "delete")


class ReferenceForm(forms.ModelForm):
    """A choice of other reference data offers the active rows (and the one already chosen)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, form_field in self.fields.items():
            if not isinstance(form_field, forms.ModelChoiceField):
                continue
            queryset = form_field.queryset
            if queryset is None or not _has_field(queryset.model, "is_active"):
                continue
            current = getattr(self.instance, f"{name}_id", None)
            form_field.queryset = queryset.filter(Q(is_active=True) | Q(pk=current))


def _has_field(model: type[Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


@dataclass(frozen=True)
class ReferencePages:
    slug: str  # its URL segment under /reference/ and the prefix of its URL names
    title: Promise  # the kind, plural
    data: ReferenceData[Any]
    columns: tuple[str, ...]  # model fields or attributes the list shows, the first linked
    labels: Mapping[str, Promise] = field(default_factory=dict)  # for attributes
    related: tuple[str, ...] = ()  # select_related for the list
    prefetch: tuple[str, ...] = ()
    intro: Promise | None = None

    @property
    def model(self) -> type[Model]:
        return self.data.model

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def urls(self) -> dict[str, str]:
        """URL names by action, for {% url pages.urls.edit row.pk %} in the templates."""
        return {action: f"reference:{self.url_name(action)}" for action in ACTIONS}

    def url_name(self, action: str) -> str:
        return self.slug if action == "list" else f"{self.slug}-{action}"

    def rows(self) -> QuerySet[Any]:
        return (
            self.model._default_manager.select_related(*self.related)
            .prefetch_related(*self.prefetch)
            .order_by(*(self.model._meta.ordering or ["pk"]))
        )

    def form_class(self) -> type[forms.ModelForm]:
        return forms.modelform_factory(
            self.model, form=ReferenceForm, fields=list(self.data.form_fields)
        )

    def header(self) -> list[str]:
        return [self._label(name) for name in self.columns]

    def _label(self, name: str) -> str:
        if name in self.labels:
            return str(self.labels[name])
        return str(capfirst(self.model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]

    def cells(self, row: Model) -> list[str]:
        return [_cell(row, name) for name in self.columns]


def _cell(row: Model, name: str) -> str:
    value = getattr(row, name)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):
        return money(value)
    return "—" if value in (None, "") else str(value)


def _admin_only(request: AuthenticatedRequest) -> None:
    if not request.user.is_admin_role:
        raise PermissionDenied


@login_required
def reference_index_view(
    request: AuthenticatedRequest, kinds: Sequence[ReferencePages]
) -> HttpResponse:
    _admin_only(request)
    entries = [(pages, pages.model._default_manager.count()) for pages in kinds]
    return render(request, "reference/index.html", {"entries": entries})


def _list_page(
    request: AuthenticatedRequest, pages: ReferencePages, *, error: str = "", status: int = 200
) -> HttpResponse:
    page = Paginator(pages.rows(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reference/list.html",
        {
            "pages": pages,
            "page": page,
            "header": pages.header(),
            "rows": [(row, pages.cells(row)) for row in page.object_list],
            "error": error,
        },
        status=status,
    )


@login_required
def reference_list_view(request: AuthenticatedRequest, pages: ReferencePages) -> HttpResponse:
    _admin_only(request)
    return _list_page(request, pages)


@login_required
@require_http_methods(["GET", "POST"])
def reference_form_view(
    request: AuthenticatedRequest, pages: ReferencePages, pk: int | None = None
) -> HttpResponse:
    _admin_only(request)
    instance = get_object_or_404(pages.model, pk=pk) if pk is not None else None
    form = pages.form_class()(request.POST or None, instance=instance)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in pages.data.form_fields}
            try:
                if instance is None:
                    saved = pages.data.create(actor=request.user, values=values)
                else:
                    saved = pages.data.update(actor=request.user, instance=instance, values=values)
            except InvalidInput as exc:
                _show_errors(form, exc.field_errors, exc.message)
            except IllegalStateChange as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("“%(name)s” saved.") % {"name": saved})
                return redirect(pages.urls["list"])
    return render(
        request,
        "reference/form.html",
        {"pages": pages, "form": form, "instance": instance},
        status=status,
    )


def _show_errors(form: forms.BaseForm, errors: Mapping[str, list[str]], message: str) -> None:
    if not errors:
        form.add_error(None, message)
    for name, texts in errors.items():
        for text in texts:
            form.add_error(name if name in form.fields else None, text)


def _on_row(
    request: AuthenticatedRequest, pages: ReferencePages, pk: int, act: Callable[[Any], str]
) -> HttpResponse:
    """Do `act` to one row (it returns what to tell the admin); a refusal shows the list, 409."""
    _admin_only(request)
    instance = get_object_or_404(pages.model, pk=pk)
    try:
        done = act(instance)
    except IllegalStateChange as exc:
        return _list_page(request, pages, error=exc.message, status=409)
    messages.success(request, done)
    return redirect(pages.urls["list"])


@login_required
@require_POST
def reference_active_view(
    request: AuthenticatedRequest, pages: ReferencePages, pk: int
) -> HttpResponse:
    """Deactivate a row (active=0) or take it back into use (active=1)."""

    def act(instance: Any) -> str:
        if request.POST.get("active") == "1":
            pages.data.update(actor=request.user, instance=instance, values={"is_active": True})
            return _("“%(name)s” is in use again.") % {"name": instance}
        pages.data.deactivate(actor=request.user, instance=instance)
        return _("“%(name)s” deactivated.") % {"name": instance}

    return _on_row(request, pages, pk, act)


@login_required
@require_POST
def reference_delete_view(
    request: AuthenticatedRequest, pages: ReferencePages, pk: int
) -> HttpResponse:
    def act(instance: Any) -> str:
        name = str(instance)
        pages.data.delete(actor=request.user, instance=instance)
        return _("“%(name)s” deleted.") % {"name": name}

    return _on_row(request, pages, pk, act)


ROUTES: dict[str, tuple[str, Any]] = {
    "list": ("", reference_list_view),
    "new": ("new/", reference_form_view),
    "edit": ("<int:pk>/", reference_form_view),
    "active": ("<int:pk>/active/", reference_active_view),
    "delete": ("<int:pk>/delete/", reference_delete_view),
}


def reference_urls(kinds: Sequence[ReferencePages]) -> tuple[list[URLPattern], str]:
    """The /reference/ URLs of these kinds, for include() (namespace "reference")."""
    patterns = [path("", reference_index_view, {"kinds": kinds}, name="index")]
    for pages in kinds:
        for action in ACTIONS:
            route, view = ROUTES[action]
            name = pages.url_name(action)
            patterns.append(path(f"{pages.slug}/{route}", view, {"pages": pages}, name=name))
    return patterns, "reference"
