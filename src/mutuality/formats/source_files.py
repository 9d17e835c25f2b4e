"""Importing a folder of transcripts: read every file first, then write all of them or none."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext, ngettext

from mutuality.evidence.models import Source
from mutuality.evidence.versions import add_version, normalise
from mutuality.formats.extract import FORMATS, ExtractionError, extract_text
from mutuality.framework import vocabulary
from mutuality.partnerships.models import Partnership
from mutuality.partnerships.models.base import key_stem


class ImportProblem(Exception):
    """Why nothing was imported, listing every file that could not be read."""


@dataclass(frozen=True)
class ImportResult:
    created: int
    new_versions: int
    unchanged: int


def import_folder(
    folder: Path, *, partnerships: list[str], kind: str = "interview", language: str = ""
) -> ImportResult:
    problems: list[str] = []
    if not folder.is_dir():
        raise ImportProblem(gettext("%(folder)s is not a folder.") % {"folder": folder})
    if kind not in vocabulary("source_kind"):
        problems.append(
            gettext("Unknown kind of source %(kind)s; allowed: %(allowed)s.")
            % {"kind": kind, "allowed": ", ".join(vocabulary("source_kind").keys())}
        )
    found = list(Partnership.objects.filter(key__in=partnerships))
    for key in sorted(set(partnerships) - {p.key for p in found}):
        problems.append(gettext("No partnership with the key %(key)s.") % {"key": key})
    files = sorted(path for path in folder.iterdir() if path.is_file() and path.suffix.lower() in FORMATS)
    if not files:
        problems.append(gettext("%(folder)s holds no .txt, .md, .docx or .pdf files.") % {"folder": folder})
    texts = {}
    for path in files:
        try:
            texts[path] = extract_text(path.read_bytes(), path.name)
        except ExtractionError as error:
            problems.append(str(error))
        except OSError as error:
            problems.append(
                gettext("%(file)s cannot be read: %(reason)s") % {"file": path.name, "reason": error.strerror}
            )
    if problems:
        heading = ngettext(
            "%(count)s problem found, nothing was imported:",
            "%(count)s problems found, nothing was imported:",
            len(problems),
        ) % {"count": len(problems)}
        raise ImportProblem("\n".join([heading, *(f"  - {problem}" for problem in problems)]))
    return _write(texts, found, kind, language)


@transaction.atomic
def _write(texts: dict, partnerships: list[Partnership], kind: str, language: str) -> ImportResult:
    created = new_versions = unchanged = 0
    for path, extracted in texts.items():
        key = key_stem(path.stem, 70)
        source = Source.objects.filter(key=key).first()
        if source is None:
            source = Source.objects.create(key=key, title=path.stem, kind=kind, language=language)
            created += 1
        elif source.current is not None and source.current.text == normalise(extracted.text):
            unchanged += 1
            continue
        else:
            new_versions += 1
        source.partnerships.add(*partnerships)
        add_version(source, extracted.text, filename=path.name, format=extracted.format)
    return ImportResult(created, new_versions, unchanged)
