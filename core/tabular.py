"""Reading and writing row files (CSV and XLSX) for imports and exports."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from core.errors import InvalidInput

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 5_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class SheetRow:
    line: int  # as the user sees it in their file: the header is line 1
    values: dict[str, str]


def read_rows(upload: IO[bytes], filename: str) -> list[SheetRow]:
    """Rows of a CSV (UTF-8, with or without BOM) or XLSX upload, keyed by the header row."""
    raw = upload.read(MAX_IMPORT_BYTES + 1)
    if len(raw) > MAX_IMPORT_BYTES:
        raise InvalidInput(
            _("The file is larger than 10 MB."), field_errors={"file": [_("Too large.")]}
        )
    if filename.lower().endswith(".xlsx"):
        table = _xlsx_table(raw)
    elif filename.lower().endswith(".csv"):
        table = _csv_table(raw)
    else:
        raise InvalidInput(
            _("Upload a .csv or .xlsx file."), field_errors={"file": [_("Unsupported file type.")]}
        )
    if not table:
        raise InvalidInput(_("The file is empty."), field_errors={"file": [_("No header row.")]})
    header = [str(cell or "").strip() for cell in table[0]]
    rows = []
    for offset, cells in enumerate(table[1:], start=2):
        values = {
            name: str(
                cells[index] if index < len(cells) and cells[index] is not None else ""
            ).strip()
            for index, name in enumerate(header)
            if name
        }
        if any(values.values()):
            rows.append(SheetRow(line=offset, values=values))
    if len(rows) > MAX_IMPORT_ROWS:
        raise InvalidInput(
            _("At most %(count)d rows per file.") % {"count": MAX_IMPORT_ROWS},
            field_errors={"file": [_("Too many rows.")]},
        )
    return rows


def _csv_table(raw: bytes) -> list[list[str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")  # spreadsheets saved on Chinese Windows
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                _("The file is not UTF-8 or GB18030 text."),
                field_errors={"file": [_("Unreadable text.")]},
            ) from exc
    return list(csv.reader(io.StringIO(text)))


def _xlsx_table(raw: bytes) -> list[list[Any]]:
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InvalidInput(
            _("The file is not a readable XLSX workbook."),
            field_errors={"file": [_("Broken file.")]},
        ) from exc
    sheet = workbook.worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_IMPORT_ROWS + 2)]
    workbook.close()
    return table


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    """Streamed CSV with a BOM so spreadsheet programs read Chinese text as UTF-8."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> FileResponse:
    """XLSX written row by row to a temporary file (constant memory), then sent."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )


TABLE_FORMATS = ("csv", "xlsx")


def table_response(
    kind: str, filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse | FileResponse:
    """The same table as a download in one of TABLE_FORMATS, named `filename`.<kind>."""
    if kind == "xlsx":
        return xlsx_response(filename, header, rows)
    return csv_response(filename, header, rows)
