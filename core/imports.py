"""What every import reports: each problem with its line, and whether anything was written."""

from __future__ import annotations

from dataclasses import dataclass, field


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
