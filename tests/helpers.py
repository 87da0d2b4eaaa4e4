"""Small readers shared by the tests: response bodies, API error paths, row counts."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.db.models import Model


def streamed(response: Any) -> bytes:
    """The body of a streaming response (exports)."""
    return b"".join(response.streaming_content)


def csv_rows(response: Any) -> list[list[str]]:
    """The rows of a streamed CSV export, header first."""
    return list(csv.reader(io.StringIO(streamed(response).decode("utf-8-sig"))))


def error_paths(errors: Any, prefix: str = "") -> Iterator[str]:
    """Every field an API error body names, nested serializer errors flattened to the services'
    notation: {"lines": {"0": {"quantity": [...]}}} → "lines[0].quantity"."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            if str(key).isdigit():
                path = f"{prefix}[{key}]"
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            yield from error_paths(value, path)
    elif isinstance(errors, list) and any(isinstance(item, dict | list) for item in errors):
        for index, item in enumerate(errors):
            if item:
                yield from error_paths(item, f"{prefix}[{index}]")
    else:
        yield prefix


def api_error_fields(response: Any) -> set[str]:
    """The fields a 400 from the API names (its one error shape: {"detail", "code", "errors"})."""
    return set(error_paths(response.json().get("errors", {})))


def row_counts(*models: type[Model]) -> dict[str, int]:
    """How many rows each table holds: compare before and after to prove nothing was written."""
    return {model._meta.label: model._default_manager.count() for model in models}
