"""Reading YAML and JSON data files while remembering where each value was.

Error messages must name file and line, so the YAML reader attaches the line
of every mapping and of every key to the dictionaries it builds. JSON files
are read as YAML (JSON is valid YAML 1.2 for what our exports write), which
gives them line numbers too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mutuality.formats.problems import DataFileError, Problem

MAX_FILE_BYTES = 50 * 1024 * 1024
# Characters YAML refuses or reads as line breaks, though JSON allows them raw inside strings.
_YAML_UNSAFE_IN_JSON = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


class LocatedDict(dict[str, Any]):
    """A mapping from a data file with the 1-based line of itself and of each key."""

    line: int | None = None
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int | None:
        return getattr(self, "key_lines", {}).get(key, self.line)


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
        mapping.key_lines = {}
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
            mapping.key_lines[key] = key_node.start_mark.line + 1
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


def file_place() -> str:
    """What a problem names, instead of a record, when it is about the whole file."""
    return pgettext("place of a problem in a data file", "file")


def file_problem(file: str, line: int | None, message: str) -> Problem:
    """A problem with a whole file rather than with one record in it."""
    return Problem(file, line, file_place(), None, message)


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
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFileError(
            [file_problem(name, None, _("is not UTF-8 text (%(reason)s)") % {"reason": error.reason})]
        ) from None
    if path.suffix.lower() == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            raise DataFileError(
                [file_problem(name, error.lineno, _("is not valid JSON: %(reason)s") % {"reason": error.msg})]
            ) from None
        # Valid JSON, so a tab is whitespace between tokens and the other characters are inside strings.
        text = _YAML_UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text.replace("\t", " "))
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
