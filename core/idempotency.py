"""`Idempotency-Key` on API creates: a client that timed out retries with the same key and gets
the first answer back, and nothing is written twice.

The key is stored in the same transaction as what the request creates. A concurrent retry
waits on the key's unique index until the first request commits, then reads its answer; if the
first request failed (any 4xx or 5xx), its transaction rolled the key back too and the retry
runs afresh.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from .models import IdempotentRequest

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 200

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    name=HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Any unique string (e.g. a UUID) of at most 200 printable characters. Retrying the "
        "request with the same key within 24 hours returns the first answer and creates "
        "nothing new; the same key with a different body answers 422."
    ),
)

View = TypeVar("View", bound=Callable[..., Response])


def idempotent(view_method: View) -> View:
    """Wrap an API view method that creates something (ViewSet.create, an APIView.post)."""

    @wraps(view_method)
    def wrapper(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER)
        if key is None:
            return view_method(self, request, *args, **kwargs)
        if not 1 <= len(key) <= MAX_KEY_LENGTH or not key.isprintable() or not key.isascii():
            return _problem(
                status.HTTP_400_BAD_REQUEST,
                "invalid",
                _("The Idempotency-Key must be 1 to 200 printable ASCII characters."),
            )
        return _once(request, key, lambda: view_method(self, request, *args, **kwargs))

    return wrapper  # type: ignore[return-value]


def _scope(request: Request) -> str:
    user = request.user
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    # Anonymous callers (the public survey API) share keys only with callers of the same path,
    # whose path carries its own secret token.
    return f"anonymous:{request.path}"[:300]


def _fingerprint(request: Request) -> str:
    digest = hashlib.sha256()
    digest.update(str(request.method).encode())
    digest.update(request.get_full_path().encode())
    try:
        digest.update(request.body)
    except RawPostDataException:  # a form body already parsed: fingerprint what it said
        digest.update(json.dumps(request.data, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _once(request: Request, key: str, run: Callable[[], Response]) -> Response:
    scope, fingerprint = _scope(request), _fingerprint(request)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(
                    scope=scope, key=key, fingerprint=fingerprint, status_code=0
                )
        except IntegrityError:
            return _replay(scope, key, fingerprint)
        response = run()
        if response.status_code >= 400:
            # Nothing to remember: the request changed nothing, a retry may run again.
            transaction.set_rollback(True)
            return response
        record.status_code = response.status_code
        record.body = json.loads(json.dumps(response.data, cls=DjangoJSONEncoder))
        record.location = str(response.get("Location", ""))[:500]
        record.save(update_fields=["status_code", "body", "location"])
    return response


def _replay(scope: str, key: str, fingerprint: str) -> Response:
    first = IdempotentRequest.objects.get(scope=scope, key=key)
    if first.fingerprint != fingerprint:
        return _problem(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
            _("This Idempotency-Key was used for a different request."),
        )
    headers = {REPLAYED_HEADER: "true"}
    if first.location:
        headers["Location"] = first.location
    return Response(first.body, status=first.status_code, headers=headers)


def _problem(code: int, name: str, detail: str) -> Response:
    return Response({"detail": detail, "code": name}, status=code)
