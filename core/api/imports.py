"""The import endpoint shape every importer shares: multipart file, dry run by default."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.http import api_user
from core.imports import ImportReport
from core.tabular import read_rows
from core.uploads import Importer


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=True)
    skip_duplicates = serializers.BooleanField(default=False)


REPORT_FIELDS: dict[str, serializers.Field] = {
    "rows": serializers.IntegerField(),
    "created": serializers.IntegerField(),
    "would_create": serializers.IntegerField(),
    "dry_run": serializers.BooleanField(),
    "ok": serializers.BooleanField(),
    "problems": serializers.ListField(child=serializers.DictField()),
    "skipped": serializers.ListField(child=serializers.DictField()),
}
REPORT_SCHEMA = inline_serializer("ImportReport", REPORT_FIELDS)
# The same component inside the 400 body: one class, so the schema names it once.
REPORT_SCHEMA_OPTIONAL = type(REPORT_SCHEMA)(required=False)
PROBLEMS_SCHEMA = inline_serializer(
    "ImportProblems",
    {
        "detail": serializers.CharField(),
        "code": serializers.CharField(),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()), required=False
        ),
        "report": REPORT_SCHEMA_OPTIONAL,
    },
)
import_schema = extend_schema(
    request={"multipart/form-data": ImportRequestSerializer},
    responses={
        200: OpenApiResponse(REPORT_SCHEMA, description="Dry run: what would be imported"),
        201: OpenApiResponse(REPORT_SCHEMA, description="Imported, all rows"),
        400: OpenApiResponse(
            PROBLEMS_SCHEMA, description="A bad file, or problems by line; nothing written"
        ),
    },
)


def run_import(request: Request, importer: Importer, *, accepts_skip: bool = False) -> Response:
    form = ImportRequestSerializer(data=request.data)
    form.is_valid(raise_exception=True)
    upload = form.validated_data["file"]
    rows = read_rows(upload, upload.name)
    options: dict[str, Any] = {"dry_run": form.validated_data["dry_run"]}
    if accepts_skip:
        options["skip_duplicates"] = form.validated_data["skip_duplicates"]
    report: ImportReport = importer(actor=api_user(request), rows=rows, **options)
    if not report.ok:
        errors: dict[str, list[str]] = {}
        for problem in report.problems:
            errors.setdefault(f"line {problem.line}", []).append(
                f"{problem.field}: {problem.message}"
            )
        return Response(
            {
                "detail": _("The file has problems; nothing was written."),
                "code": "invalid",
                "errors": errors,
                "report": report.as_payload(),
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    code = status.HTTP_201_CREATED if report.written else status.HTTP_200_OK
    return Response(report.as_payload(), status=code)
