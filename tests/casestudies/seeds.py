"""The dissertation chapters the case studies come from, read section by section.

The chapters are plain-text copies in ``shared/seeds`` beside the checkout
(read, never committed): ``ch1_….txt``, ``ch2_….txt``, ``ch8_….txt``,
``ch10_….txt``. A section is found by its heading number (``8.3.5.`` starts
ch. 8.3.5, which runs to the next heading that is not one of its own
subsections); ``ch. 8`` is the whole chapter.

The text is the printed page as extracted, so three things are undone before a
quotation is looked up, and nothing else:

* line breaks and runs of spaces become one space, and a word broken over a
  line with a hyphen (``policy-`` / ``oriented``) is joined again, as the data
  files write it;
* footnotes are taken out of the running text, where the page layout put them
  between the halves of a sentence (the consultant's "The Turks want to | see
  money" in ch. 8.2.1 is split by footnote 140); each footnote is kept apart,
  so a citation such as ``ch. 8.3.3 n. 142`` finds its text;
* footnote markers glued to a word (``link.141``) are dropped: the data files
  leave footnote numbers out.

Typographic quotation marks and dashes are left as they are: the data files
quote them exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Beside the checkout (../shared), or where this workplace keeps it (a clean clone may sit elsewhere).
_PLACES = [ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")]
SEEDS = next((place for place in _PLACES if place.is_dir()), _PLACES[0])

HEADING = re.compile(r"^\s?(\d+(?:\.\d+)+)\.\s")
NUMBER = re.compile(r"^(\d{1,3})(?:\s+(.*))?$")
CITATION = re.compile(r"ch\. (\d+)((?:\.\d+)*)")


@dataclass(frozen=True)
class Section:
    """The running text of a section, and the footnotes printed within it."""

    number: str
    text: str
    notes: dict[int, str]

    def holds(self, words: str) -> bool:
        words = normalised(words)
        return words in self.text or any(words in note for note in self.notes.values())


def available() -> bool:
    return SEEDS.is_dir() and any(SEEDS.glob("ch8_*.txt"))


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def cited_sections(citation: str) -> list[str]:
    """The sections a ``source`` field cites: ``"ch. 8.3.3 n. 142; ch. 8.3.4"`` → ``["8.3.3", "8.3.4"]``."""
    return [chapter + rest for chapter, rest in CITATION.findall(citation)]


@cache
def _lines(chapter: str) -> tuple[str, ...]:
    path = next(SEEDS.glob(f"ch{chapter}_*.txt"), None)
    if path is None:
        return ()
    return tuple(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


@cache
def _body_and_notes(chapter: str) -> tuple[tuple[tuple[str, str | int], ...], dict[int, str]]:
    """The chapter's lines with each footnote block replaced by a marker, and the footnotes' texts.

    A footnote starts on a line beginning with the next footnote number (the
    first one with any number followed by text); it runs until the page text
    resumes on a line that starts with a space. A bare number followed by such
    a line is a footnote whose text starts there (footnote 143); any other bare
    number is a page number and is dropped.
    """
    lines = _lines(chapter)
    body: list[tuple[str, str | int]] = []
    notes: dict[int, list[str]] = {}
    expected: int | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        match = None if line.startswith(" ") else NUMBER.match(line.strip())
        if match is None:
            body.append(("line", line))
            i += 1
            continue
        number, rest = int(match.group(1)), match.group(2)
        continues = i + 1 < len(lines) and lines[i + 1].startswith(" ")
        starts = (number == expected) if expected is not None else rest is not None
        if rest is None and not continues:
            starts = False
        if not starts:
            if rest is not None:
                body.append(("line", line))
            i += 1  # a bare number that starts no footnote is a page number
            continue
        notes[number] = [rest or ""]
        body.append(("note", number))
        i += 1
        if rest is None:
            notes[number].append(lines[i])
            i += 1
        while i < len(lines) and not lines[i].startswith(" ") and not HEADING.match(lines[i]):
            following = NUMBER.match(lines[i].strip())
            if following and int(following.group(1)) == number + 1:
                number += 1
                notes[number] = [following.group(2) or ""]
                body.append(("note", number))
                if following.group(2) is None and i + 1 < len(lines):
                    i += 1
                    notes[number].append(lines[i])
            else:
                notes[number].append(lines[i])
            i += 1
        expected = number + 1
    return tuple(body), {n: _joined(text) for n, text in notes.items()}


def _joined(lines: list[str]) -> str:
    text = ""
    for line in lines:
        line = line.strip()
        if text.endswith("-") and not text.endswith(" -"):
            text += line
        else:
            text = f"{text} {line}" if text else line
    return normalised(text)


def headings(chapter: str) -> list[str]:
    return [
        m.group(1)
        for kind, line in _body_and_notes(chapter)[0]
        if kind == "line" and (m := HEADING.match(str(line)))
    ]


def exists(number: str) -> bool:
    chapter = number.split(".")[0]
    return bool(_lines(chapter)) and ("." not in number or number in headings(chapter))


@cache
def section(number: str) -> Section:
    """Section ``8.3.5`` (or chapter ``8``) of the seeds, as the module docstring describes."""
    chapter = number.split(".")[0]
    body, notes = _body_and_notes(chapter)
    inside = "." not in number
    lines: list[str] = []
    found: dict[int, str] = {}
    for kind, value in body:
        if kind == "line" and "." in number and (m := HEADING.match(str(value))):
            inside = m.group(1) == number or m.group(1).startswith(number + ".")
        if inside and kind == "line":
            lines.append(str(value))
        elif inside:
            found[int(value)] = notes[int(value)]
    marker = re.compile(r"([A-Za-z’”)\]][.,;:’”]?)(\d{1,3})(?=\s|$)")
    text = marker.sub(lambda m: m.group(1) if int(m.group(2)) in notes else m.group(0), _joined(lines))
    return Section(number, text, found)
