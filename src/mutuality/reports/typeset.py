"""Lay out a report with Typst: the report's data (JSON, :func:`mutuality.reports.pdf.document`) on
standard input, the PDF on standard output.

Run as ``python -m mutuality.reports.typeset`` by :mod:`mutuality.reports.pdf`, one process per
PDF, so the memory Typst keeps between layouts goes with the process. It imports neither Django nor
the rest of Mutuality: the layout ``typst/report.typ`` and the data are all it reads, and it
reads no file or address the data names.
"""

from __future__ import annotations

import sys
from importlib import resources


def typeset(data: bytes) -> bytes:
    import typst

    template = (resources.files("mutuality.reports") / "typst" / "report.typ").read_bytes()
    pdf: bytes = typst.compile(template, sys_inputs={"report": data.decode("utf-8")})
    return pdf


def main() -> None:
    sys.stdout.buffer.write(typeset(sys.stdin.buffer.read()))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
