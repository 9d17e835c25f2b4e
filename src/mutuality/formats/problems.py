"""Problems found in input data, each saying exactly where it is."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file: file, line, record path, field and why."""

    file: str
    line: int | None
    record: str
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = {
            "file": self.file,
            "line": self.line,
            "record": self.record,
            "field": self.field,
            "message": self.message,
        }
        if self.line is None and not self.field:
            return _("%(file)s: %(record)s: %(message)s") % parts
        if self.line is None:
            return _("%(file)s: %(record)s, field '%(field)s': %(message)s") % parts
        if not self.field:
            return _("%(file)s, line %(line)s: %(record)s: %(message)s") % parts
        return _("%(file)s, line %(line)s: %(record)s, field '%(field)s': %(message)s") % parts


class DataFileError(Exception):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  - {problem}" for problem in problems)
        summary = ngettext(
            "%(count)d problem found, nothing was loaded:",
            "%(count)d problems found, nothing was loaded:",
            count,
        ) % {"count": count}
        super().__init__(f"{summary}\n{lines}")
