"""What every import reports: each problem with its line, and whether anything was written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .errors import DomainError
from .tabular import SheetRow


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    dry_run: bool = True
    problems: list[RowProblem] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def problem(self, line: int, field_name: str, message: str) -> None:
        self.problems.append(RowProblem(line, field_name, str(message)))

    def refused(self, line: int, error: DomainError) -> None:
        """What a service refused about the row on `line`, field by field."""
        for field_name, messages in (error.field_errors or {"": [error.message]}).items():
            for message in messages:
                self.problem(line, field_name, message)

    def check_header(
        self, rows: Sequence[SheetRow], columns: Sequence[str], required: Sequence[str]
    ) -> bool:
        """Unknown and missing columns are problems of line 1; True when there are none."""
        if rows:
            for column in sorted(set(rows[0].values) - set(columns)):
                self.problem(1, column, _("Unknown column."))
            for column in required:
                if column not in rows[0].values:
                    self.problem(1, column, _("Missing column."))
        return not self.problems

    def as_payload(self) -> dict[str, object]:
        return {
            "rows": self.rows,
            "created": self.created if self.written else 0,
            "would_create": self.created,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "problems": [vars(p) for p in self.problems],
            "skipped": [vars(p) for p in self.skipped],
        }
