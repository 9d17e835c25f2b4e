"""Problems found in input data, each saying exactly where it is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file: file, line, record path, field and why."""

    file: str
    line: int | None
    record: str
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
        field = f", field '{self.field}'" if self.field else ""
        return f"{where}: {self.record}{field}: {self.message}"


class DataFileError(Exception):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found, nothing was loaded:\n{lines}")
