"""Reading YAML and JSON data files while remembering where each value was.

Error messages must name file and line, so the YAML reader attaches the line
of every mapping and of every key to the dictionaries it builds. JSON files,
which is what exports write and what large loads read, are parsed by Python's
own JSON decoder (in C, some fifty times faster than YAML in Python); their
lines are worked out only when a problem asks for one, by going through the
file once more (:class:`_JsonPlaces`).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import weakref
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mutuality.formats.problems import DataFileError, Problem

MAX_FILE_BYTES = 50 * 1024 * 1024


class LocatedDict(dict[str, Any]):
    """A mapping from a data file with the 1-based line of itself and of each key.

    The lines are given when the mapping is made (YAML files, sheets), or, for a JSON file, found
    when a problem first asks for one (:class:`_JsonPlaces`): a load without problems never works
    them out. Slots rather than attributes, as a large file holds hundreds of thousands of them.
    """

    __slots__ = ("_line", "_key_lines", "_places", "__weakref__")
    _line: int | None
    _key_lines: dict[str, int] | None
    _places: _JsonPlaces | None

    @property
    def line(self) -> int | None:
        self._find_lines()
        return getattr(self, "_line", None)

    @line.setter
    def line(self, value: int | None) -> None:
        self._line = value

    @property
    def key_lines(self) -> dict[str, int]:
        self._find_lines()
        key_lines = getattr(self, "_key_lines", None)
        if key_lines is None:
            key_lines = self._key_lines = {}
        return key_lines

    @key_lines.setter
    def key_lines(self, value: dict[str, int]) -> None:
        self._key_lines = value

    def line_of(self, key: str) -> int | None:
        self._find_lines()
        key_lines = getattr(self, "_key_lines", None) or {}
        return key_lines.get(key, self.line)

    def _find_lines(self) -> None:
        places = getattr(self, "_places", None)
        if places is not None:
            # ``_line`` holds the mapping's place among the file's mappings until its lines are known.
            self._places = None
            self._line, lines = places.lines(self._line)
            self._key_lines = dict(zip(self, lines, strict=False))


class _LocatingLoader(yaml.SafeLoader):
    """Safe YAML (no Python objects, no aliases into code) that records lines."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        # Aliases let a small file expand into a huge one ("billion laughs").
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, _("aliases (*name) are not allowed in data files"), mark
            )
        return super().compose_node(parent, index)

    def construct_scalar(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        value = super().construct_scalar(node)
        # JSON writes characters beyond U+FFFF as escaped surrogate pairs ("\\ud83e\\udd1d").
        if isinstance(value, str) and any("\ud800" <= char <= "\udfff" for char in value):
            try:
                value = value.encode("utf-16", "surrogatepass").decode("utf-16")
            except UnicodeDecodeError:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    _("a \\u escape is half of a character (a lone surrogate)"),
                    node.start_mark,
                ) from None
        return value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LocatedDict:  # type: ignore[override]
        mapping = LocatedDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in mapping:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    _("the key '%(key)s' appears twice in one record") % {"key": key},
                    key_node.start_mark,
                )
            mapping[key] = self.construct_object(value_node, deep=True)
            key_lines[key] = key_node.start_mark.line + 1
        return mapping


_LocatingLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _LocatingLoader.construct_mapping,
)
# Dates stay strings: the loader decides how precise a date is.
_LocatingLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# --- JSON -----------------------------------------------------------------------------------

# What the walk through a JSON file stops at: a string (a key when a colon follows), a brace.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"(?:[ \t\n\r]*(:))?|[{}]')
# A \u escape of half a character (the decoder lets a lone one through), and such a half.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class _JsonPlaces:
    """The lines of the mappings of one JSON file, worked out from the file when first asked for.

    The decoder calls the hook that makes each mapping when the mapping ends, so the n-th mapping
    made is the n-th to end in the file; going through the file once gives, in that order, each
    mapping's line and the lines of its keys. If the file changed since it was read, no line is
    given rather than a wrong one.
    """

    def __init__(self, path: Path, digest: bytes) -> None:
        self.path, self.digest = path, digest
        self.lines_of: array[int] | None = None  # per mapping: its line, its keys' lines
        self.starts: array[int] | None = None  # where each mapping's lines begin in ``lines_of``

    def lines(self, place: int) -> tuple[int | None, list[int]]:
        if self.starts is None:
            self._walk()
        assert self.starts is not None and self.lines_of is not None
        if place + 1 >= len(self.starts):
            return None, []
        found = self.lines_of[self.starts[place] : self.starts[place + 1]]
        return found[0], list(found[1:])

    def _walk(self) -> None:
        self.lines_of, self.starts = array("q"), array("q", [0])
        try:
            data = self.path.read_bytes()
            if _digest(data) != self.digest:
                return
            text = data.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return
        del data
        open_mappings: list[list[int]] = []
        line, counted = 1, 0
        for match in _JSON_TOKEN.finditer(text):
            start = match.start()
            if text[start] == "}":
                if open_mappings:
                    self.lines_of.extend(open_mappings.pop())
                    self.starts.append(len(self.lines_of))
                continue
            if text[start] == '"' and not match.group(1):
                continue  # a value
            line += text.count("\n", counted, start)
            counted = start
            if text[start] == "{":
                open_mappings.append([line])
            elif open_mappings:
                open_mappings[-1].append(line)


class _DuplicateKeyError(ValueError):
    def __init__(self, place: int, index: int, key: str) -> None:
        super().__init__(key)
        self.place, self.index, self.key = place, index, key


def _read_json(path: Path, text: str, digest: bytes) -> Any:
    """A JSON file's content, each mapping a :class:`LocatedDict` whose lines are found when needed."""
    name = str(path)
    places = _JsonPlaces(path, digest)
    counter = itertools.count()

    def mapping(pairs: list[tuple[str, Any]]) -> LocatedDict:
        made = LocatedDict(pairs)
        place = next(counter)
        if len(made) != len(pairs):
            keys = [key for key, _value in pairs]
            index = next(i for i, key in enumerate(keys) if key in keys[:i])
            raise _DuplicateKeyError(place, index, keys[index])
        made._line, made._places = place, places
        return made

    try:
        document = json.loads(text, object_pairs_hook=mapping)
    except json.JSONDecodeError as error:
        raise DataFileError(
            [file_problem(name, error.lineno, _("is not valid JSON: %(reason)s") % {"reason": error.msg})]
        ) from None
    except _DuplicateKeyError as error:
        line, key_lines = places.lines(error.place)
        reason = _("the key '%(key)s' appears twice in one record") % {"key": error.key}
        raise DataFileError(
            [
                file_problem(
                    name,
                    key_lines[error.index] if error.index < len(key_lines) else line,
                    _("is not valid JSON: %(reason)s") % {"reason": reason},
                )
            ]
        ) from None
    if _SURROGATE_ESCAPE.search(text):
        found = _half_character(document)
        if found is not None:
            record, key = found
            reason = _("a \\u escape is half of a character (a lone surrogate)")
            raise DataFileError(
                [
                    file_problem(
                        name,
                        record.line_of(key) if record is not None and key is not None else None,
                        _("is not valid JSON: %(reason)s") % {"reason": reason},
                    )
                ]
            )
    return document


def _half_character(
    value: Any, record: LocatedDict | None = None, key: str | None = None
) -> tuple[LocatedDict | None, str | None] | None:
    """Where a text holds half a character (a lone surrogate, which the decoder lets through
    from a lone ``\\uD800``–``\\uDFFF``): the mapping and key it is under, or None."""
    if isinstance(value, str):
        return (record, key) if _SURROGATE.search(value) else None
    if isinstance(value, LocatedDict):
        for item_key, item in value.items():
            found = _half_character(item_key, value, item_key) or _half_character(item, value, item_key)
            if found is not None:
                return found
    elif isinstance(value, list):
        for item in value:
            found = _half_character(item, record, key)
            if found is not None:
                return found
    return None


def file_place() -> str:
    """What a problem names, instead of a record, when it is about the whole file."""
    return pgettext("place of a problem in a data file", "file")


def file_problem(file: str, line: int | None, message: str) -> Problem:
    """A problem with a whole file rather than with one record in it."""
    return Problem(file, line, file_place(), None, message)


# The documents read lately, while something still holds them: a file read again with the same
# bytes (the command line reads each file to tell partnership data from evidence, then the loader
# reads it) gives the same document instead of a second copy, parsed again. The loaders read
# documents, never change them.
_read_lately: weakref.WeakValueDictionary[tuple[str, bytes], LocatedDict] = weakref.WeakValueDictionary()


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


def read_data_file(path: Path) -> Any:
    """Parse one YAML or JSON file; a clear :class:`DataFileError` if it is not readable."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise DataFileError(
            [file_problem(name, None, _("cannot be read: %(reason)s") % {"reason": error.strerror})]
        ) from None
    if size > MAX_FILE_BYTES:
        raise DataFileError(
            [
                file_problem(
                    name,
                    None,
                    _("is %(size)d bytes; the limit is %(limit)d bytes")
                    % {"size": size, "limit": MAX_FILE_BYTES},
                )
            ]
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataFileError(
            [file_problem(name, None, _("cannot be read: %(reason)s") % {"reason": error.strerror})]
        ) from None
    identity = (str(path.resolve()), _digest(data))
    document = _read_lately.get(identity)
    if document is not None:
        return document
    try:
        # The bytes decoded at once: reading through a text stream takes several times as long.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFileError(
            [file_problem(name, None, _("is not UTF-8 text (%(reason)s)") % {"reason": error.reason})]
        ) from None
    del data
    parsed = _parse(path, text, identity[1])
    if isinstance(parsed, LocatedDict):
        _read_lately[identity] = parsed
    return parsed


def _parse(path: Path, text: str, digest: bytes) -> Any:
    name = str(path)
    if path.suffix.lower() == ".json":
        return _read_json(path, text, digest)
    try:
        return yaml.load(text, Loader=_LocatingLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise DataFileError(
            [file_problem(name, line, _("is not valid YAML: %(reason)s") % {"reason": error.problem})]
        ) from None
    except yaml.YAMLError as error:
        raise DataFileError(
            [file_problem(name, None, _("is not valid YAML: %(reason)s") % {"reason": error})]
        ) from None


def read_data_files(paths: Iterable[Path]) -> list[tuple[str, Any]]:
    """Each file's name and content; a :class:`DataFileError` naming every file that cannot be read."""
    documents = []
    problems: list[Problem] = []
    for path in paths:
        try:
            documents.append((str(path), read_data_file(path)))
        except DataFileError as error:
            problems.extend(error.problems)
    if problems:
        raise DataFileError(problems)
    return documents
