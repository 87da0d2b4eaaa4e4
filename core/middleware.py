"""Pages raise domain errors from services and selectors; this turns them into error pages."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from .errors import DomainError, IllegalStateChange, InvalidInput, NotAllowed, NotVisible


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        if isinstance(exception, NotVisible):
            return defaults.page_not_found(request, Http404(exception.message))
        if isinstance(exception, NotAllowed):
            return defaults.permission_denied(request, PermissionDenied(exception.message))
        status = 409 if isinstance(exception, IllegalStateChange) else 400
        if isinstance(exception, InvalidInput | IllegalStateChange):
            response = TemplateResponse(
                request, "errors/domain_error.html", {"error": exception}, status=status
            )
            return response.render()
        return None


class ApiNoStoreMiddleware:
    """API answers hold personal data and tokens and change with every write: no browser or
    shared cache keeps a copy. Placed first, so it also marks answers other middleware made."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith("/api/"):
            add_never_cache_headers(response)
        return response
