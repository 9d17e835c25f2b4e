"""Evidence in the Mutuality data format: codes, respondents, sources and their codings.

A data file may hold the top-level lists ``codes`` (researchers' own codes;
framework codes come from the vocabulary), ``respondents`` and ``sources``;
each source carries its text and the ``codings`` on it (docs/data-format.md,
"Evidence: respondents, sources and codings"). A coding names its passage by
the exact words it covers (``quote``, with ``occurrence`` when the words occur
more than once), never by offsets: the loader finds the words in the NFC text
and counts code points, so a file stays readable and correct when edited.

Records are read as the partnership loader reads them
(:mod:`mutuality.formats.records`): every problem is collected with file,
line, record and field, and nothing is written unless there are none. Loading twice
updates instead of duplicating: respondents and sources by key, the text by
a new version only when it changed, and the codings of the coders the files
name replaced by the files' codings (unchanged ones keep their identity, so
memos on them stay). :func:`export_evidence` writes the same structure, so
export → load into an empty database → export gives the same document.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality.evidence.bulk import insert
from mutuality.evidence.codebook import CODED_VOCABULARIES, code_tree, sync_framework_codes
from mutuality.evidence.models import Code, Coding, Respondent, Source, SourceVersion, fill_folded
from mutuality.evidence.signals import rows_updated
from mutuality.evidence.versions import add_version, normalise
from mutuality.formats import schema
from mutuality.formats.extract import has_words
from mutuality.formats.located import LocatedDict, read_data_files
from mutuality.formats.records import LoadSummary, RecordReader, load_all_or_nothing, record_place
from mutuality.formats.schema import F, FieldValueError, V
from mutuality.framework import vocabulary
from mutuality.history.recorder import snapshot
from mutuality.partnerships.models import Partnership, Project, Side

TOP_LEVEL = ("format", "codes", "respondents", "sources")
DEFAULT_CODER = "case-study"
PATH_SEPARATOR = " / "
FRAMEWORK_CODE = re.compile(r"^([a-z_]+)/([a-z0-9_]*)$")


# The fields of each record, in the order they are written; their values are read by
# mutuality.formats.values, "raw" ones where they are used (a quote in its text, a side in its
# partnerships).
CODE = (
    F("path", required=True),
    F("description"),
    F("colour"),
)
RESPONDENT = (
    F("key", "key", required=True),
    F("label", required=True),
    F("role"),
    V("organisation_type", "actor_type", default=""),
    F("partnership", "raw"),
    F("side", "raw"),
    F("country", "country", default=""),
    F("source"),
)
SOURCE = (
    F("key", "key", required=True),
    F("title", required=True),
    V("kind", "source_kind", default="interview"),
    F("partnerships", "keys"),
    F("side", "raw"),
    F("date", "date"),
    F("language"),
    F("respondent", "raw"),
    F("confidential", "bool", default=True),
    F("text", "raw", required=True),
    F("source"),
    F("codings", "records"),
)
CODING = (
    F("quote", "raw", required=True),
    F("occurrence", "positive", default=1),
    F("code", "raw", required=True),
    V("assessment", "assessment", default=""),
    V("role", "factor_role", default=""),
    F("side", "raw"),
    F("country", "country", default=""),
    F("projects", "keys"),
    F("memo"),
    F("coder", "raw"),
)


# --- loading ------------------------------------------------------------------------


def load_evidence_files(paths: Iterable[Path], *, user: Any = None) -> LoadSummary:
    """Load evidence files in one transaction; raise :class:`DataFileError` listing all problems."""
    return load_evidence_documents(read_data_files(paths), user=user)


def load_evidence_documents(documents: Sequence[tuple[str, Any]], *, user: Any = None) -> LoadSummary:
    """Load parsed documents (name, content); all of them or, if anything is wrong, nothing."""
    return load_all_or_nothing(lambda: _EvidenceLoader(user), documents)


@dataclass(slots=True)
class _CodingValues:
    file: str
    record: LocatedDict
    where: str
    start: int
    end: int
    code: Code
    coder: str
    assessment: str
    factor_role: str
    side: Side | None
    country: str
    projects: tuple[Project, ...]
    memo: str


class _EvidenceLoader(RecordReader):
    def __init__(self, user: Any) -> None:
        super().__init__()
        sync_framework_codes()
        self.user = user
        self.partnerships: dict[str, Partnership] = {}
        self.sides: dict[int, list[Side]] = {}
        for side in Side.objects.select_related("partnership", "municipality").order_by("position"):
            self.partnerships[side.partnership.key] = side.partnership
            self.sides.setdefault(side.partnership_id, []).append(side)
        for partnership in Partnership.objects.all():
            self.partnerships.setdefault(partnership.key, partnership)
        self.projects: dict[int, dict[str, Project]] = defaultdict(dict)
        for project in Project.objects.select_related("partnership"):
            self.projects[project.partnership_id][project.key] = project
        self.respondents = {r.key: r for r in Respondent.objects.all()}
        self.codes = list(Code.objects.all())
        by_id = {code.pk: code for code in self.codes}
        for code in self.codes:
            if code.parent_id is not None:
                code.parent = by_id[code.parent_id]  # so a coding's name (its code's path) asks for nothing
        self.paths = _code_paths(self.codes)
        self.framework = {(c.vocabulary, c.term): c for c in self.codes if c.vocabulary and c.term}
        self.read_codes: dict[str, Code] = {}  # code as written in a file → code, once found
        self.good_coders: set[str] = set()  # coder names found valid
        self.coders: dict[str, Any] = {}  # user name → account, as the codings are written
        # Codings on the loaded sources that no coding in the files is: (id, coder id). Those of the
        # coders the files name go once every file is read, when it is known which coders they name.
        self.unmatched: list[tuple[int, int]] = []

    # --- top level --------------------------------------------------------------------

    def run(self, documents: Sequence[tuple[str, Any]]) -> None:
        good = []
        for self.file, document in documents:
            if self.check_document(document, TOP_LEVEL):
                good.append((self.file, document))
        # Codes, then respondents, then sources, each from every file, so any file may refer to any other.
        seen: dict[str, dict[str, tuple[str, Any]]] = {"codes": {}, "respondents": {}, "sources": {}}
        for list_name, spec, load in (
            ("codes", CODE, self.load_code),
            ("respondents", RESPONDENT, self.load_respondent),
            ("sources", SOURCE, self.load_source),
        ):
            for self.file, document in good:
                for index, record in enumerate(self.records(document, list_name, "")):
                    identity = "path" if list_name == "codes" else "key"
                    where = record_place(list_name, index, record, identity)
                    if not self.unique(record, where, identity, seen[list_name]):
                        continue
                    values = self.read(record, spec, where)
                    if values is not None:
                        load(record, where, values)
        if not self.problems:
            self.remove_replaced_codings()

    # --- references ---------------------------------------------------------------------

    def partnership(self, raw: str) -> Partnership:
        found = self.partnerships.get(raw)
        if found is None:
            raise FieldValueError(_("unknown partnership %(value)s") % {"value": repr(raw)})
        return found

    def side_in(self, raw: Any, partnerships: list[Partnership]) -> Side:
        """The side of municipality ``raw`` in the first of ``partnerships`` that has it."""
        if not isinstance(raw, str):
            raise FieldValueError(_("expected the key of a municipality"))
        if not partnerships:
            raise FieldValueError(
                _("%(value)s cannot be a side: no partnership is named") % {"value": repr(raw)}
            )
        for partnership in partnerships:
            for side in self.sides.get(partnership.pk, []):
                if side.municipality.key == raw:
                    return side
        sides = [side.municipality.key for p in partnerships for side in self.sides.get(p.pk, [])]
        raise FieldValueError(
            ngettext(
                "%(value)s is not a side of partnership %(partnerships)s; its sides are %(sides)s",
                "%(value)s is not a side of the partnerships %(partnerships)s; their sides are %(sides)s",
                len(partnerships),
            )
            % {
                "value": repr(raw),
                "partnerships": ", ".join(p.key for p in partnerships),
                "sides": ", ".join(dict.fromkeys(sides)),
            }
        )

    def project_in(self, raw: str, partnerships: list[Partnership]) -> Project:
        """Project ``raw`` (``key``, or ``partnership/key`` when several partnerships have that key)."""
        partnership_key, _slash, key = raw.rpartition("/")
        candidates = [
            (partnership, project)
            for partnership in partnerships
            if partnership_key in ("", partnership.key)
            for project in [self.projects[partnership.pk].get(key)]
            if project is not None
        ]
        if len(candidates) == 1:
            return candidates[0][1]
        if not candidates:
            known = [
                f"{partnership.key}/{project}" if len(partnerships) > 1 else project
                for partnership in partnerships
                for project in self.projects[partnership.pk]
            ]
            raise FieldValueError(
                _("%(value)s is not a project of the source's partnerships; their projects are %(projects)s")
                % {"value": repr(raw), "projects": ", ".join(known) or "—"}
            )
        raise FieldValueError(
            _("%(value)s is a project of several partnerships; name one: %(choices)s")
            % {"value": repr(raw), "choices": ", ".join(f"{p.key}/{key}" for p, _project in candidates)}
        )

    def code(self, raw: Any) -> Code:
        if not isinstance(raw, str):
            raise FieldValueError(
                _("expected a code such as dimension/process_trust or a path such as 'Parent / Child'")
            )
        framework = FRAMEWORK_CODE.match(raw.strip())
        if framework and framework.group(1) not in CODED_VOCABULARIES and _path_key(raw) in self.paths:
            framework = None  # a researcher's code whose name looks like vocabulary/term
        if framework:
            vocab_key, term = framework.groups()
            if vocab_key not in CODED_VOCABULARIES:
                raise FieldValueError(
                    _("unknown vocabulary %(value)s; codes can be taken from %(allowed)s")
                    % {"value": repr(vocab_key), "allowed": ", ".join(CODED_VOCABULARIES)}
                )
            code = self.framework.get((vocab_key, term))
            if code is None:
                raise FieldValueError(
                    _("unknown %(vocabulary)s %(value)s; allowed: %(allowed)s")
                    % {
                        "vocabulary": vocab_key,
                        "value": repr(term),
                        "allowed": ", ".join(vocabulary(vocab_key).keys()),
                    }
                )
            return code
        code = self.paths.get(_path_key(raw))
        if code is None:
            raise FieldValueError(
                _(
                    "no code %(value)s in the codebook: give a framework code as vocabulary/term "
                    "(e.g. dimension/process_trust) or the full path of a code, e.g. 'Parent / Child'"
                )
                % {"value": repr(raw)}
            )
        return code

    # --- codes --------------------------------------------------------------------------

    def load_code(self, record: LocatedDict, where: str, values: dict[str, Any]) -> None:
        names = [name.strip() for name in values["path"].split(PATH_SEPARATOR)]
        if not all(names):
            self.problem(record, where, "path", _("a code path names every code, e.g. 'Parent / Child'"))
            return
        path = PATH_SEPARATOR.join(names)
        parent = None
        if len(names) > 1:
            parent = self.paths.get(PATH_SEPARATOR.join(names[:-1]))
            if parent is None:
                self.problem(
                    record,
                    where,
                    "path",
                    _("no code %(parent)s to put %(name)s under (list a parent before its sub-codes)")
                    % {"parent": repr(PATH_SEPARATOR.join(names[:-1])), "name": repr(names[-1])},
                )
                return
        code = self.paths.get(path)
        if code is not None and code.vocabulary:
            self.problem(
                record,
                where,
                "path",
                _("%(path)s is a framework code; it comes from the vocabulary") % {"path": path},
            )
            return
        code = code or Code(name=names[-1], parent=parent)
        code.description = values["description"]
        if values["colour"]:
            code.colour = values["colour"]
        if self.save(record, where, code, {"name": "path", "parent": "path"}):
            self.paths[path] = code

    # --- respondents --------------------------------------------------------------------

    def load_respondent(self, record: LocatedDict, where: str, values: dict[str, Any]) -> None:
        side = None
        if values["partnership"] is not None or values["side"] is not None:
            try:
                if values["partnership"] is None:
                    raise FieldValueError(_("a side needs a partnership: name the partnership first"))
                if not isinstance(values["partnership"], str):
                    raise FieldValueError(_("expected the key of a partnership"))
                partnership = self.partnership(values["partnership"])
            except FieldValueError as error:
                field_name = "side" if values["partnership"] is None else "partnership"
                self.problem(record, where, field_name, str(error))
                return
            if values["side"] is None:
                self.problem(
                    record, where, "side", _("give the side (municipality key) within the partnership")
                )
                return
            try:
                side = self.side_in(values["side"], [partnership])
            except FieldValueError as error:
                self.problem(record, where, "side", str(error))
                return
        respondent = self.respondents.get(values["key"]) or Respondent()
        for attr in ("key", "label", "role", "organisation_type", "country", "source"):
            setattr(respondent, attr, values[attr])
        respondent.side = side
        if self.save(record, where, respondent, {}):
            self.respondents[respondent.key] = respondent

    # --- sources ------------------------------------------------------------------------

    def load_source(self, record: LocatedDict, where: str, values: dict[str, Any]) -> None:
        before = len(self.problems)
        partnerships: list[Partnership] = []
        for key in values["partnerships"]:
            try:
                partnerships.append(self.partnership(key))
            except FieldValueError as error:
                self.problem(record, where, "partnerships", str(error))
        known = len(self.problems) == before
        side = None
        if values["side"] is not None and known:
            try:
                side = self.side_in(values["side"], partnerships)
            except FieldValueError as error:
                self.problem(record, where, "side", str(error))
        respondent = None
        if values["respondent"] is not None:
            respondent = (
                self.respondents.get(values["respondent"]) if isinstance(values["respondent"], str) else None
            )
            if respondent is None:
                self.problem(
                    record,
                    where,
                    "respondent",
                    _("unknown respondent %(value)s (list it under respondents)")
                    % {"value": repr(values["respondent"])},
                )
        text = None
        try:
            text = _read_text(values["text"])
        except FieldValueError as error:
            self.problem(record, where, "text", str(error))
        codings = []
        for index, item in enumerate(self.records(record, "codings", f"{where} › ")):
            coding = self.read_coding(item, f"{where} › codings[{index + 1}]", text, partnerships, known)
            if coding is not None:
                codings.append(coding)
        self.check_duplicate_codings(codings)
        if len(self.problems) != before or text is None:
            return
        source = Source.objects.filter(key=values["key"]).first() or Source()
        known_before = source.pk is not None
        for attr in ("key", "title", "kind", "language", "confidential", "source"):
            setattr(source, attr, values[attr])
        source.date = values["date"].first if values["date"] is not None else None
        source.side, source.respondent = side, respondent
        # The side and the respondent are rows this load holds (as a coding's, see write_codings).
        if not self.save(record, where, source, {}, exclude=("side", "respondent")):
            return
        source.partnerships.set(partnerships)
        version: SourceVersion | None
        if not known_before:
            # A new source's first version, as add_version makes it, without asking for the
            # versions it cannot have yet (two queries a source).
            version = SourceVersion.objects.create(source=source, number=1, text=text, created_by=self.user)
            self.count(SourceVersion, created=True)
        else:
            current = source.current
            version = current if current is not None and current.text == text else None
            if version is None:
                version = add_version(source, text, user=self.user).version
                self.count(SourceVersion, created=True)
        if not self.problems:
            # Nothing is written once there is a problem: it would all be rolled back.
            self.write_codings(source, version, codings, known_before=known_before)

    def read_coding(
        self,
        record: LocatedDict,
        where: str,
        text: str | None,
        partnerships: list[Partnership],
        partnerships_known: bool,
    ) -> _CodingValues | None:
        values = self.read(record, CODING, where)
        if values is None:
            return None
        before = len(self.problems)
        raw_code = values["code"]
        code = self.read_codes.get(raw_code) if isinstance(raw_code, str) else None
        if code is None:
            try:
                code = self.code(raw_code)
                if isinstance(raw_code, str):
                    self.read_codes[raw_code] = code
            except FieldValueError as error:
                self.problem(record, where, "code", str(error))
        if code is not None and not code.is_dimension:
            for field_name in ("assessment", "role"):
                if values[field_name]:
                    self.problem(
                        record,
                        where,
                        field_name,
                        _(
                            "only codings of a dimension of mutual learning (dimension/…) "
                            "carry an assessment and a role"
                        ),
                    )
        side = None
        if values["side"] is not None and partnerships_known:
            try:
                side = self.side_in(values["side"], partnerships)
            except FieldValueError as error:
                self.problem(record, where, "side", str(error))
        projects: list[Project] = []
        if values["projects"] and partnerships_known:
            for raw in values["projects"]:
                try:
                    projects.append(self.project_in(raw, partnerships))
                except FieldValueError as error:
                    self.problem(record, where, "projects", str(error))
        coder = values["coder"] if values["coder"] is not None else DEFAULT_CODER
        if not isinstance(coder, str) or coder not in self.good_coders:
            try:
                self.check_username(coder)
                self.good_coders.add(coder)
            except FieldValueError as error:
                self.problem(record, where, "coder", str(error))
        start = end = 0
        quote = values["quote"]
        if not isinstance(quote, str | int | float) or isinstance(quote, bool):
            self.problem(record, where, "quote", _("expected text"))
        elif text is not None:
            words = normalise(str(quote))
            try:
                start, end = _find(text, words, values["occurrence"])
            except FieldValueError as error:
                field_name = "occurrence" if words and words in text else "quote"
                self.problem(record, where, field_name, str(error))
        if len(self.problems) != before or code is None or text is None:
            return None
        return _CodingValues(
            self.file,
            record,
            where,
            start,
            end,
            code,
            coder,
            values["assessment"],
            values["role"],
            side,
            values["country"],
            tuple(projects),
            values["memo"],
        )

    def check_duplicate_codings(self, codings: list[_CodingValues]) -> None:
        seen: dict[tuple[int, int, int, str], _CodingValues] = {}
        for coding in codings:
            identity = (coding.start, coding.end, coding.code.pk, coding.coder)
            if identity in seen:
                self.problem(
                    coding.record,
                    coding.where,
                    "quote",
                    _("this passage is already coded %(code)s by %(coder)s (line %(line)s)")
                    % {
                        "code": _code_name(coding.code),
                        "coder": coding.coder,
                        "line": seen[identity].record.line,
                    },
                )
            else:
                seen[identity] = coding

    @staticmethod
    def check_username(name: Any) -> None:
        if not isinstance(name, str) or not name.strip():
            raise FieldValueError(_("expected a user name"))
        field = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD)
        assert isinstance(field, models.Field)  # a column of the user table, not a relation
        try:
            field.run_validators(name)
        except ValidationError as error:
            raise FieldValueError(" ".join(str(message) for message in error.messages)) from None
        if field.max_length and len(name) > field.max_length:
            raise FieldValueError(
                _("a user name has at most %(limit)d characters") % {"limit": field.max_length}
            )

    # --- writing codings ----------------------------------------------------------------

    def write_codings(
        self, source: Source, version: SourceVersion, codings: list[_CodingValues], *, known_before: bool
    ) -> None:
        """Write a loaded source's codings: new ones in bulk, changed ones one by one.

        A coding that is the same in the file keeps its identity (and memos). The source's codings
        that no coding in the files is are noted (:attr:`unmatched`); those of the coders the files
        name go at the end (:meth:`remove_replaced_codings`).
        """
        existing: dict[tuple[int, int, int, int, int], Coding] = {}
        if known_before:
            existing = {
                (c.version_id, c.start, c.end, c.code_id, c.coder_id): c
                for c in Coding.objects.filter(version__source=source).prefetch_related("projects")
            }
        names = {"factor_role": "role", "concerns_side": "side", "concerns_country": "country"}
        new: list[tuple[Coding, _CodingValues]] = []
        for item in codings:
            coder = self.coder_account(item.coder)
            coding = existing.pop((version.pk, item.start, item.end, item.code.pk, coder.pk), None)
            if coding is None:
                coding = Coding(
                    version_id=version.pk,
                    start=item.start,
                    end=item.end,
                    # As Coding.save() does: the words at the offsets, the country in capitals.
                    quote=version.text[item.start : item.end],
                    code_id=item.code.pk,
                    coder_id=coder.pk,
                    assessment=item.assessment,
                    factor_role=item.factor_role,
                    concerns_side_id=item.side.pk if item.side else None,
                    concerns_country=item.country.upper(),
                    memo=item.memo,
                )
                # The rows it points to, held here, so that reading them asks nothing (ids are
                # quicker to give than rows: a related row given goes through its descriptor).
                _held(coding, version=version, code=item.code, coder=coder, concerns_side=item.side)
                self.file = item.file
                # The version, code, coder and side are rows this load holds: asking the database
                # whether each exists, four queries a coding, would tell nothing.
                if self.validate(item.record, item.where, coding, names, exclude=_HELD_RELATIONS):
                    fill_folded(Coding, coding)  # as before every save; bulk_create sends no pre_save
                    new.append((coding, item))
                continue
            projects = {project.pk for project in item.projects}
            if (
                coding.assessment == item.assessment
                and coding.factor_role == item.factor_role
                and coding.concerns_side_id == (item.side.pk if item.side else None)
                and coding.concerns_country == item.country
                and coding.memo == item.memo
                and {p.pk for p in coding.projects.all()} == projects
            ):
                self.summary.already_there[str(Coding._meta.verbose_name_plural)] += 1
                continue
            coding.assessment, coding.factor_role = item.assessment, item.factor_role
            coding.concerns_side, coding.memo = item.side, item.memo
            coding.concerns_country = item.country
            self.file = item.file
            if self.save(item.record, item.where, coding, names):
                coding.projects.set(item.projects)
        self.unmatched.extend((coding.pk, coding.coder_id) for coding in existing.values())
        if new and not self.problems:
            self.create_codings(new)

    def create_codings(self, new: list[tuple[Coding, _CodingValues]]) -> None:
        """Insert new codings in bulk, with their projects, and record each in the history.

        ``bulk_create`` sends no ``post_save``, so the entries a save of each would have written
        (created, then its projects) are announced with :data:`~mutuality.evidence.signals.rows_updated`,
        on which the history writes them and the coding assistant notes that codings changed.
        """
        insert(Coding, [coding for coding, _item in new])
        through = Coding.projects.through
        insert(
            through,
            [
                through(coding_id=coding.pk, project_id=project.pk)
                for coding, item in new
                for project in item.projects
            ],
        )
        entries: list[tuple[models.Model, str, dict[str, Any]]] = []
        for coding, item in new:
            entries.append((coding, "created", _created_changes(coding)))
            if item.projects:
                entries.append((coding, "changed", {"projects": [[], sorted(p.pk for p in item.projects)]}))
        rows_updated.send(sender=Coding, entries=entries)
        self.summary.created[str(Coding._meta.verbose_name_plural)] += len(new)

    def remove_replaced_codings(self) -> None:
        """Remove the codings on the loaded sources, by the coders the files name, that the files no
        longer hold. Without any coding in the files, that is the default coder's codings."""
        named = {
            user.pk
            for name in sorted(self.coders or {DEFAULT_CODER})
            for user in [self.coders.get(name) or self.coder(name, create=False)]
            if user is not None
        }
        gone = [pk for pk, coder in self.unmatched if coder in named]
        for start in range(0, len(gone), _DELETE_BATCH):
            for stale in Coding.objects.filter(pk__in=gone[start : start + _DELETE_BATCH]):
                stale.delete()

    def coder_account(self, name: str) -> Any:
        user = self.coders.get(name)
        if user is None:
            user = self.coders[name] = self.coder(name, create=True)
        return user

    def coder(self, name: str, *, create: bool) -> Any:
        """The coder's account; one that does not exist is made, inactive and without a password."""
        user_model = get_user_model()
        user = user_model.objects.filter(**{user_model.USERNAME_FIELD: name}).first()
        if user is None and create:
            user = user_model(**{user_model.USERNAME_FIELD: name}, is_active=False)
            user.set_unusable_password()
            user.save()
            self.count(user_model, created=True)
        return user


# The relations of a coding the loader holds the rows of, left out of its validation (see write_codings).
_HELD_RELATIONS = ("version", "code", "coder", "concerns_side")
# Codings removed per query (a query names each by its id; SQLite takes 999 at most).
_DELETE_BATCH = 500


def _held(coding: Coding, **related: Any) -> None:
    for name, row in related.items():
        if row is not None:
            Coding._meta.get_field(name).set_cached_value(coding, row)  # type: ignore[union-attr]


def _created_changes(coding: Coding) -> dict[str, Any]:
    """The history's changes for a coding just created, as its receiver records a save."""
    return {name: [None, value] for name, value in snapshot(coding).items() if value not in (None, "")}


def _read_text(raw: Any) -> str:
    """A source's text as given (not stripped, so an export loads back unchanged), in NFC."""
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise FieldValueError(_("expected text"))
    text = normalise(str(raw))
    if "\x00" in text:
        raise FieldValueError(_("must not contain a NUL character (\\0)"))
    if not has_words(text):
        raise FieldValueError(_("is required (it holds no visible character)"))
    return text


def _find(text: str, quote: str, occurrence: int) -> tuple[int, int]:
    """Code-point offsets of the ``occurrence``-th place where ``quote`` occurs in ``text``."""
    if not quote:
        raise FieldValueError(_("is required"))
    found, index = 0, text.find(quote)
    while index != -1:
        found += 1
        if found == occurrence:
            return index, index + len(quote)
        index = text.find(quote, index + 1)
    shown = quote if len(quote) <= 60 else quote[:57] + "…"
    if not found:
        raise FieldValueError(
            _("%(quote)s does not occur in the text (quote its exact words)") % {"quote": repr(shown)}
        )
    raise FieldValueError(
        ngettext(
            "%(quote)s occurs only %(count)d time in the text, not %(occurrence)d times",
            "%(quote)s occurs only %(count)d times in the text, not %(occurrence)d times",
            found,
        )
        % {"quote": repr(shown), "count": found, "occurrence": occurrence}
    )


def _occurrence(text: str, start: int, end: int) -> int:
    """Which occurrence of its words a coding at ``start`` is, as :func:`_find` counts them."""
    quote = text[start:end]
    count, index = 0, text.find(quote)
    while index != -1 and index <= start:
        count += 1
        index = text.find(quote, index + 1)
    return count


def _path_key(raw: str) -> str:
    return PATH_SEPARATOR.join(name.strip() for name in raw.strip().split(PATH_SEPARATOR))


def _code_paths(codes: list[Code]) -> dict[str, Code]:
    by_id = {code.pk: code for code in codes}

    def path(code: Code) -> str:
        names, node, hops = [code.name], code, 0
        while node.parent_id is not None and hops < len(by_id):
            node = by_id[node.parent_id]
            names.append(node.name)
            hops += 1
        return PATH_SEPARATOR.join(reversed(names))

    return {path(code): code for code in codes}


def _code_name(code: Code, paths: dict[int, str] | None = None) -> str:
    """How a data file names a code: vocabulary/term for framework terms, else the path."""
    if code.vocabulary and code.term:
        return f"{code.vocabulary}/{code.term}"
    return paths[code.pk] if paths is not None else code.path


# --- exporting ----------------------------------------------------------------------


def export_evidence(*, with_names: bool = False) -> dict[str, Any]:
    """Researchers' codes, respondents and sources (current text and its codings) as one document.

    Real names in titles, texts, quotes, memos and citations are replaced unless
    ``with_names`` (:mod:`mutuality.privacy.pseudonymise`). Each coding is then
    named by its words in the replaced text, a coding that cuts a name taking
    the whole replacement, so the document loads back with every coding on the
    same (replaced) words.
    """
    from mutuality.privacy.pseudonymise import Pseudonymiser

    codes = [code for code, _depth in code_tree() if not code.vocabulary]
    respondents = Respondent.objects.select_related("side__partnership", "side__municipality").order_by("key")
    sources = (
        Source.objects.select_related("side__partnership", "side__municipality", "respondent")
        .prefetch_related("partnerships")
        .order_by("key")
    )
    pseudonymiser = None if with_names else Pseudonymiser()
    # Every code's path at once: ``Code.path`` asks for each parent in turn, which made exporting
    # 270,000 codings take minutes.
    paths = {code.pk: path for path, code in _code_paths(list(Code.objects.all())).items()}
    return {
        "format": schema.FORMAT,
        "codes": [
            {"path": paths[code.pk], "description": code.description, "colour": code.colour} for code in codes
        ],
        "respondents": [_respondent(r, pseudonymiser) for r in respondents],
        "sources": [_source(s, pseudonymiser, paths) for s in sources],
    }


def _respondent(respondent: Respondent, pseudonymiser: Any = None) -> dict[str, Any]:
    side = respondent.side
    return {
        "key": respondent.key,
        "label": respondent.label,
        "role": respondent.role if pseudonymiser is None else pseudonymiser.text(respondent.role),
        "organisation_type": respondent.organisation_type,
        "partnership": side.partnership.key if side else None,
        "side": side.municipality.key if side else None,
        "country": respondent.country,
        "source": respondent.source if pseudonymiser is None else pseudonymiser.text(respondent.source),
    }


def _source(source: Source, pseudonymiser: Any = None, paths: dict[int, str] | None = None) -> dict[str, Any]:
    """A source's record; with a :class:`~mutuality.privacy.pseudonymise.Pseudonymiser`, names replaced.

    The codings are then placed in the replaced text: their quote and occurrence
    name the replaced words, and two codings of one code by one coder that come
    to the same words (one cut a name, the other held it whole) are written once,
    as the loader takes a passage once per code and coder.
    """
    keys = sorted(p.key for p in source.partnerships.all())
    if source.side is not None and source.side.partnership.key in keys:
        # The side is read in the first listed partnership that has it, so that one comes first.
        keys.remove(source.side.partnership.key)
        keys.insert(0, source.side.partnership.key)
    version = source.current
    text = version.text if version else ""
    replaced = pseudonymiser.replace(text, source.pk) if pseudonymiser is not None else None
    written = replaced.text if replaced is not None else text

    def hide(value: str) -> str:
        return value if pseudonymiser is None else pseudonymiser.text(value, source.pk)

    codings = (
        Coding.objects.filter(version=version)
        .select_related("code", "coder", "concerns_side__municipality")
        .prefetch_related("projects__partnership")
        .order_by("start", "end", "id")
        if version
        else []
    )
    rows = []
    for coding in codings:
        start, end = (
            (coding.start, coding.end)
            if replaced is None
            else (replaced.start(coding.start), replaced.end(coding.end))
        )
        code, coder = _code_name(coding.code, paths), coding.coder.get_username()
        row = {
            "quote": coding.quote if replaced is None else written[start:end],
            "occurrence": _occurrence(written, start, end),
            "code": code,
            "assessment": coding.assessment,
            "role": coding.factor_role,
            "side": coding.concerns_side.municipality.key if coding.concerns_side else None,
            "country": coding.concerns_country,
            "projects": sorted(
                project.key if len(keys) == 1 else f"{project.partnership.key}/{project.key}"
                for project in coding.projects.all()
            ),
            "memo": hide(coding.memo),
            "coder": coder,
        }
        rows.append(((start, end, code, coder, coding.start, coding.end), row))
    rows.sort(key=lambda pair: pair[0])
    if replaced is not None:
        kept: dict[tuple[int, int, str, str], dict[str, Any]] = {}
        for order, row in rows:
            kept.setdefault(order[:4], row)
        written_rows = list(kept.values())
    else:
        written_rows = [row for _order, row in rows]
    return {
        "key": source.key,
        "title": hide(source.title),
        "kind": source.kind,
        "partnerships": keys,
        "side": source.side.municipality.key if source.side else None,
        "date": source.date.isoformat() if source.date else None,
        "language": source.language,
        "respondent": source.respondent.key if source.respondent else None,
        "confidential": source.confidential,
        "text": written,
        "source": hide(source.source),
        "codings": written_rows,
    }
