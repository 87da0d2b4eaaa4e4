"""The import page every importer shares: upload → dry-run report → import the same file."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import InvalidInput
from core.http import AuthenticatedRequest
from core.imports import ImportReport
from core.models import StashedUpload
from core.tabular import SheetRow, read_rows

UPLOAD_TTL_SECONDS = 30 * 60
Importer = Callable[..., ImportReport]


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"), required=False)
    upload = forms.CharField(required=False, widget=forms.HiddenInput)
    dry_run = forms.BooleanField(
        label=gettext_lazy("Check only (dry run): report problems, write nothing"),
        required=False,
        initial=True,
    )
    skip_duplicates = forms.BooleanField(
        label=gettext_lazy("Skip duplicates instead of stopping"), required=False
    )


def _stash(request: AuthenticatedRequest, name: str, content: bytes) -> str:
    token = secrets.token_urlsafe(16)
    StashedUpload.objects.create(
        user_id=request.user.pk, token=token, name=name[:255], content=content
    )
    return token


def _unstash(request: AuthenticatedRequest, token: str) -> tuple[str, bytes] | None:
    stashed = StashedUpload.objects.filter(
        user_id=request.user.pk,
        token=token[:40],
        created_at__gte=timezone.now() - timedelta(seconds=UPLOAD_TTL_SECONDS),
    ).first()
    return (stashed.name, bytes(stashed.content)) if stashed else None


def import_page(
    request: AuthenticatedRequest,
    *,
    importer: Importer,
    columns: Sequence[str],
    required: Sequence[str],
    title: str,
    done_url: str,
    accepts_skip: bool = False,
) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report: ImportReport | None = None
    token = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = form.cleaned_data["upload"]
        if upload is not None:
            name, content = upload.name, upload.read()
            token = _stash(request, name, content)
        else:
            stashed = _unstash(request, token) if token else None
            if stashed is None:
                form.add_error("file", _("Choose a file to import."))
                return render(
                    request,
                    "imports/page.html",
                    _context(form, None, "", columns, required, title, accepts_skip),
                    status=400,
                )
            name, content = stashed
        try:
            rows: list[SheetRow] = read_rows(SimpleUploadedFile(name, content).open(), name)
        except InvalidInput as exc:
            form.add_error("file", exc.message)
            return render(
                request,
                "imports/page.html",
                _context(form, None, "", columns, required, title, accepts_skip),
                status=400,
            )
        options: dict[str, Any] = {"dry_run": form.cleaned_data["dry_run"]}
        if accepts_skip:
            options["skip_duplicates"] = form.cleaned_data["skip_duplicates"]
        report = importer(actor=request.user, rows=rows, **options)
        if report.written:
            messages.success(request, _("%(count)d records imported.") % {"count": report.created})
            return redirect(done_url)
        status = 200 if report.ok else 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "imports/page.html",
        _context(form, report, token, columns, required, title, accepts_skip),
        status=status,
    )


def _context(
    form: ImportForm,
    report: ImportReport | None,
    token: str,
    columns: Sequence[str],
    required: Sequence[str],
    title: str,
    accepts_skip: bool,
) -> dict[str, Any]:
    return {
        "form": form,
        "report": report,
        "upload_token": token,
        "columns": columns,
        "required": required,
        "title": title,
        "accepts_skip": accepts_skip,
    }
