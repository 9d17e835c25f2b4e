"""Self-assessment instruments (questionnaires) as data files, and the illustrative rounds shipped
with the built-in one (docs/self-assessment.md).

An instrument file holds one ``instrument:`` mapping: its key, names and descriptions per language,
its answer scale (points and a label per point in each language), scales of its own, and its items,
each a statement per language that counts in a scale (a framework term written
``dimension/process_trust``, or one of the instrument's own) and cites the section it rests on. A
file is read as every data file is (:mod:`mutuality.formats.located`: a size limit, safe YAML
without aliases, lines for every message) and loaded as the data format loads: every problem
collected with file, record and field, and nothing written unless there is none.

Loading a file again updates the instrument by its key: names, texts, sections and the order of
items follow the file, and an item the file no longer lists goes. An item someone has answered
keeps its meaning: its scale, its direction (``reverse``) and the instrument's points cannot
change, and it cannot be removed, since the scores of earlier rounds would change with them.

A rounds file holds illustrative rounds only: made-up answers for the demonstration (the two case
partnerships' "2026 (illustrative)" round, :data:`DEMO_FILE`). Real answers come in through the
questionnaire links, never from a file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, cast

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import mutuality.selfassessment
from mutuality.formats import schema
from mutuality.formats.located import LocatedDict, file_place, read_data_files
from mutuality.formats.problems import Problem
from mutuality.formats.records import LoadSummary, RecordReader, load_all_or_nothing, record_place
from mutuality.formats.schema import F, FieldValueError
from mutuality.formats.values import read_key, read_text
from mutuality.framework import VOCABULARIES
from mutuality.partnerships.models import Partnership
from mutuality.selfassessment.models import (
    Answer,
    Instrument,
    Item,
    Response,
    Round,
    SideLink,
    Submission,
)

INSTRUMENTS_DIR = Path(mutuality.selfassessment.__file__).resolve().parent / "instruments"
#: The instruments shipped with Mutuality, loaded with the case studies and by ``serve``.
BUILTIN_FILES = (INSTRUMENTS_DIR / "mutual-learning.yaml",)
#: Made-up answers of two case partnerships, for the demonstration: not from the study.
DEMO_FILE = INSTRUMENTS_DIR / "demo-rounds.yaml"

TOP_LEVEL = ("format", "instrument")
ROUNDS_TOP_LEVEL = ("format", "rounds")
MIN_POINTS, MAX_POINTS = 2, 11
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")

INSTRUMENT = (
    F("key", "key", required=True),
    F("names", "raw", required=True),
    F("descriptions", "raw"),
    F("scale", "raw", required=True),
    F("scales", "raw"),
)
ITEM = (
    F("key", "key", required=True),
    F("scale", "raw", required=True),
    F("texts", "raw", required=True),
    F("section"),
    F("reverse", "bool", default=False),
)
ROUND = (
    F("partnership", "key", required=True),
    F("instrument", "key", required=True),
    F("name", required=True),
    F("opens_on", "date", required=True),
    F("closes_on", "date", required=True),
    F("illustrative", "bool", required=True),
    F("source", required=True),
    F("respondents", "raw", required=True),
    F("answers", "raw", required=True),
    F("comments", "raw"),
)
RESPONDENT = (F("role"), F("language", required=True), F("name"))
COMMENT = (
    F("side", "key", required=True),
    F("respondent", "positive", required=True),
    F("item", "key", required=True),
    F("text", required=True),
)


def is_instrument_document(document: Any) -> bool:
    """Whether a parsed data file is an instrument file (``mutuality load`` tells files apart by it)."""
    return isinstance(document, dict) and "instrument" in document


def load_instrument_files(paths: Iterable[Path], *, builtin: bool = False) -> LoadSummary:
    """Load instrument files, in one transaction; a :class:`DataFileError` listing every problem."""
    return load_instrument_documents(read_data_files(paths), builtin=builtin)


def load_instrument_documents(documents: Sequence[tuple[str, Any]], *, builtin: bool = False) -> LoadSummary:
    return load_all_or_nothing(lambda: _InstrumentLoader(builtin=builtin), documents)


def load_builtin_instruments() -> LoadSummary:
    """Load (or refresh) the instruments shipped with Mutuality."""
    return load_instrument_files(BUILTIN_FILES, builtin=True)


def ensure_builtin_instruments() -> LoadSummary | None:
    """Load the shipped instruments if one is missing from the database (one query when none is)."""
    keys = [path.stem for path in BUILTIN_FILES]
    if Instrument.objects.filter(key__in=keys).count() == len(keys):
        return None
    return load_builtin_instruments()


def load_round_files(paths: Iterable[Path]) -> LoadSummary:
    """Load illustrative rounds with their made-up answers; all of them or, if anything is wrong, none."""
    return load_all_or_nothing(_RoundLoader, read_data_files(paths))


def load_demo_rounds() -> LoadSummary:
    """The demonstration's illustrative rounds (:data:`DEMO_FILE`), loaded again in place."""
    return load_round_files([DEMO_FILE])


def _unopenable(kind: str, round: Round, side: str, number: int) -> str:
    """What an illustrative link or response keeps in place of a token's hash: the same on every
    load, and never the hash of any token (a hash is 64 hexadecimal digits; this holds a colon)."""
    name = f"{round.partnership.key}/{round.name}/{side}/{number}"
    return f"illustrative-{kind}:" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:40]


class _Reader(RecordReader):
    """What both loaders share: the top of a file, and texts given in each language."""

    def problem(self, record: Any, where: str, field_name: str | None, message: str) -> None:
        """A problem at its field; a dotted field (``scale.labels``) at the line of its innermost key."""
        if field_name and "." in field_name and isinstance(record, LocatedDict):
            *path, last = field_name.split(".")
            inner: Any = record
            for key in path:
                found = inner.get(key) if isinstance(inner, dict) else None
                if not isinstance(found, LocatedDict):
                    break
                inner = found
            else:
                line = inner.line_of(last)
                self.problems.append(Problem(self.file, line, where, field_name, message))
                return
        super().problem(record, where, field_name, message)

    def check_top(self, document: Any, allowed: Sequence[str], required: str) -> bool:
        if not isinstance(document, dict) or required not in document:
            self.problem(
                document,
                file_place(),
                None,
                _("expected a mapping with the field '%(field)s'") % {"field": required},
            )
            return False
        for name in document:
            if name not in allowed:
                self.problem(
                    document,
                    file_place(),
                    name,
                    _("unknown field; allowed: %(allowed)s") % {"allowed": ", ".join(allowed)},
                )
        if document.get("format", schema.FORMAT) != schema.FORMAT:
            self.problem(
                document, file_place(), "format", _("expected %(format)s") % {"format": schema.FORMAT}
            )
        return True

    def texts(
        self, record: Any, where: str, field_name: str, raw: Any, *, required: bool
    ) -> dict[str, str] | None:
        """``{language: text}`` read from ``raw``; None after reporting what is wrong with it."""
        if raw in (None, "", {}):
            if required:
                self.problem(record, where, field_name, _("is required"))
                return None
            return {}
        if not isinstance(raw, dict):
            self.problem(
                record,
                where,
                field_name,
                _("expected the text in each language, e.g. {en: …, nl: …}"),
            )
            return None
        found: dict[str, str] = {}
        good = True
        for language, text in raw.items():
            if not LANGUAGE_CODE.match(language):
                self.problem(
                    record,
                    where,
                    field_name,
                    _("%(value)s is not a language code such as en, nl or ar") % {"value": repr(language)},
                )
                good = False
                continue
            try:
                found[language] = read_text(text) if text is not None else ""
            except FieldValueError as error:
                self.problem(record, where, field_name, f"{language}: {error}")
                good = False
                continue
            if not found[language]:
                self.problem(
                    record, where, field_name, _("the text in %(language)s is empty") % {"language": language}
                )
                good = False
        return found if good else None


# --- instruments ----------------------------------------------------------------------------


class _InstrumentLoader(_Reader):
    def __init__(self, *, builtin: bool) -> None:
        super().__init__()
        self.builtin = builtin
        self.builtin_keys = {path.stem for path in BUILTIN_FILES}

    def run(self, documents: Sequence[tuple[str, Any]]) -> None:
        seen: dict[str, tuple[str, Any]] = {}
        for self.file, document in documents:
            if not self.check_top(document, TOP_LEVEL, "instrument"):
                continue
            record = document["instrument"]
            if not isinstance(record, dict):
                self.problem(document, file_place(), "instrument", _("expected a record (key: value lines)"))
                continue
            # A LocatedDict when read from a file; a document parsed elsewhere has plain dicts.
            located = cast(LocatedDict, record)
            where = self.place(located)
            if self.unique(located, where, "key", seen):
                self.load_instrument(located, where)

    @staticmethod
    def place(record: Any) -> str:
        key = record.get("key")
        return _("instrument") + (f" '{key}'" if isinstance(key, str) else "")

    def load_instrument(self, record: LocatedDict, where: str) -> None:
        before = len(self.problems)
        values = self.read(record, INSTRUMENT, where, lists=["items"])
        if values is None:
            return
        key = values["key"]
        if key in self.builtin_keys and not self.builtin:
            self.problem(
                record,
                where,
                "key",
                _("%(key)s is the key of an instrument shipped with Mutuality; give yours another key")
                % {"key": repr(key)},
            )
            return
        names = self.texts(record, where, "names", values["names"], required=True)
        descriptions = self.texts(record, where, "descriptions", values["descriptions"], required=False)
        scale = self.answer_scale(record, where, values["scale"])
        own = self.own_scales(record, where, values["scales"])
        items = self.items(record, where, own)
        if (
            any(part is None for part in (names, descriptions, scale, own, items))
            or len(self.problems) > before
        ):
            return
        assert scale is not None and items is not None
        points, labels = scale
        instrument = Instrument.objects.filter(key=key).first()
        created = instrument is None
        if instrument is None:
            instrument = Instrument(key=key)
        answered = self.answered(instrument)
        if answered and points != instrument.scale_points:
            self.problem(
                record,
                where,
                "scale",
                _(
                    "the instrument has answers on a scale of %(old)d points; its points cannot change "
                    "to %(new)d (load it under a new key instead)"
                )
                % {"old": instrument.scale_points, "new": points},
            )
        new_values = {
            "names": names,
            "descriptions": descriptions,
            "scale_points": points,
            "scale_labels": labels,
            "scales": own,
            "builtin": self.builtin,
            "loaded_from": Path(self.file).name[-300:],
        }
        changed = created or any(getattr(instrument, attr) != value for attr, value in new_values.items())
        for attr, value in new_values.items():
            setattr(instrument, attr, value)
        if len(self.problems) > before or not self.validate(
            record, where, instrument, {"scale_points": "scale"}
        ):
            return
        if changed:
            instrument.save()
        self.tally(Instrument, created=created, changed=changed)
        self.write_items(instrument, record, where, items, answered)

    def answer_scale(
        self, record: LocatedDict, where: str, raw: Any
    ) -> tuple[int, dict[str, list[str]]] | None:
        """The points of the answer scale and their labels per language: ``{points: 5, labels: {en: […]}}``."""
        if not isinstance(raw, dict):
            self.problem(
                record, where, "scale", _("expected points and labels, e.g. {points: 5, labels: {en: […]}}")
            )
            return None
        for name in raw:
            if name not in ("points", "labels"):
                self.problem(
                    record,
                    where,
                    f"scale.{name}",
                    _("unknown field; allowed: %(allowed)s") % {"allowed": "points, labels"},
                )
        points = raw.get("points")
        if isinstance(points, bool) or not isinstance(points, int) or not MIN_POINTS <= points <= MAX_POINTS:
            self.problem(
                record,
                where,
                "scale.points",
                _("expected a whole number from %(min)d to %(max)d, not %(value)s")
                % {"min": MIN_POINTS, "max": MAX_POINTS, "value": repr(points)},
            )
            return None
        labels = raw.get("labels") or {}
        if not isinstance(labels, dict):
            self.problem(
                record, where, "scale.labels", _("expected the labels in each language, e.g. {en: […]}")
            )
            return None
        found: dict[str, list[str]] = {}
        for language, texts in labels.items():
            if not LANGUAGE_CODE.match(language):
                self.problem(
                    record,
                    where,
                    "scale.labels",
                    _("%(value)s is not a language code such as en, nl or ar") % {"value": repr(language)},
                )
                continue
            if not isinstance(texts, list) or not all(
                isinstance(text, str) and text.strip() for text in texts
            ):
                self.problem(
                    record,
                    where,
                    "scale.labels",
                    _("%(language)s: expected a list of labels, none of them empty") % {"language": language},
                )
                continue
            if len(texts) != points:
                self.problem(
                    record,
                    where,
                    "scale.labels",
                    ngettext(
                        "%(language)s: %(count)d label for a scale of %(points)d points; give one per point",
                        "%(language)s: %(count)d labels for a scale of %(points)d points; give one per point",
                        len(texts),
                    )
                    % {"language": language, "count": len(texts), "points": points},
                )
                continue
            found[language] = [text.strip() for text in texts]
        return points, found

    def own_scales(self, record: LocatedDict, where: str, raw: Any) -> dict[str, dict[str, str]] | None:
        """The instrument's own scales: ``{key: {en: name, …}}``."""
        if raw in (None, {}):
            return {}
        if not isinstance(raw, dict):
            self.problem(
                record, where, "scales", _("expected each scale's key and its name in each language")
            )
            return None
        found: dict[str, dict[str, str]] = {}
        good = True
        for key, names in raw.items():
            try:
                read_key(key)
            except FieldValueError as error:
                self.problem(record, where, "scales", str(error))
                good = False
                continue
            read = self.texts(record, where, f"scales.{key}", names, required=True)
            if read is None:
                good = False
            else:
                found[key] = read
        return found if good else None

    def items(
        self, record: LocatedDict, where: str, own: dict[str, dict[str, str]] | None
    ) -> list[tuple[LocatedDict, str, dict[str, Any]]] | None:
        """Each item's record, place and values, read and checked; None if anything is wrong."""
        records = self.records(record, "items", f"{where} › ")
        if not records:
            self.problem(record, where, "items", _("an instrument needs at least one item"))
            return None
        found: list[tuple[LocatedDict, str, dict[str, Any]]] = []
        seen: dict[str, tuple[str, Any]] = {}
        before = len(self.problems)
        for index, item in enumerate(records):
            item_where = f"{where} › {record_place('items', index, item)}"
            if not self.unique(item, item_where, "key", seen):
                continue
            values = self.read(item, ITEM, item_where)
            if values is None:
                continue
            texts = self.texts(item, item_where, "texts", values["texts"], required=True)
            scale = self.item_scale(item, item_where, values["scale"], own or {})
            if texts is None or scale is None:
                continue
            values["texts"] = texts
            values["vocabulary"], values["term"], values["scale"] = scale
            found.append((item, item_where, values))
        # Every item in the same languages: a respondent reads the whole questionnaire in one.
        languages = (
            set().union(*(set(values["texts"]) for _item, _where, values in found)) if found else set()
        )
        for item, item_where, values in found:
            missing = sorted(languages - set(values["texts"]))
            if missing:
                self.problem(
                    item,
                    item_where,
                    "texts",
                    _("has no text in %(languages)s, which other items of the instrument have")
                    % {"languages": ", ".join(missing)},
                )
        return found if len(self.problems) == before else None

    def item_scale(
        self, item: LocatedDict, where: str, raw: Any, own: dict[str, dict[str, str]]
    ) -> tuple[str, str, str] | None:
        """(vocabulary, term, own scale) from ``dimension/process_trust`` or the key of an own scale."""
        if not isinstance(raw, str):
            self.problem(
                item,
                where,
                "scale",
                _(
                    "expected a framework term such as dimension/process_trust, or a key of the instrument's scales"
                ),
            )
            return None
        if "/" in raw:
            vocabulary_key, term = raw.split("/", 1)
            vocab = VOCABULARIES.get(vocabulary_key)
            if vocab is None:
                self.problem(
                    item,
                    where,
                    "scale",
                    _("unknown vocabulary %(value)s; known: %(known)s")
                    % {"value": repr(vocabulary_key), "known": ", ".join(VOCABULARIES)},
                )
                return None
            if term not in vocab:
                self.problem(
                    item,
                    where,
                    "scale",
                    _("%(term)s is not a term of the vocabulary %(vocabulary)s; its terms are %(terms)s")
                    % {"term": repr(term), "vocabulary": vocabulary_key, "terms": ", ".join(vocab.keys())},
                )
                return None
            return vocabulary_key, term, ""
        if raw not in own:
            self.problem(
                item,
                where,
                "scale",
                _(
                    "%(value)s is not one of the instrument's scales (%(scales)s) nor a framework term "
                    "written vocabulary/term, such as dimension/process_trust"
                )
                % {"value": repr(raw), "scales": ", ".join(own) or _("it has none")},
            )
            return None
        return "", "", raw

    @staticmethod
    def answered(instrument: Instrument) -> dict[str, int]:
        """How many answers each answered item of the instrument has, by item key."""
        if instrument.pk is None:
            return {}
        rows = (
            Answer.objects.filter(item__instrument=instrument)
            .values("item__key")
            .annotate(count=Count("id"))
            .values_list("item__key", "count")
        )
        return dict(rows)

    def write_items(
        self,
        instrument: Instrument,
        record: LocatedDict,
        where: str,
        items: list[tuple[LocatedDict, str, dict[str, Any]]],
        answered: dict[str, int],
    ) -> None:
        existing = {item.key: item for item in instrument.items.all()}
        for position, (item_record, item_where, values) in enumerate(items, start=1):
            item = existing.pop(values["key"], None)
            created = item is None
            if item is None:
                item = Item(instrument=instrument, key=values["key"])
            elif values["key"] in answered:
                self.keep_meaning(item, item_record, item_where, values, answered[values["key"]])
            new_values = {**values, "position": position}
            changed = created or any(getattr(item, attr) != value for attr, value in new_values.items())
            for attr, value in new_values.items():
                setattr(item, attr, value)
            if not self.validate(item_record, item_where, item, {"vocabulary": "scale", "term": "scale"}):
                continue
            if changed:
                item.save()
            self.tally(Item, created=created, changed=changed)
        for key, item in existing.items():
            if key in answered:
                self.problem(
                    record,
                    where,
                    "items",
                    ngettext(
                        "the item %(key)s has %(count)d answer and cannot be removed; keep it in the file",
                        "the item %(key)s has %(count)d answers and cannot be removed; keep it in the file",
                        answered[key],
                    )
                    % {"key": repr(key), "count": answered[key]},
                )
            else:
                item.delete()

    def keep_meaning(
        self, item: Item, record: LocatedDict, where: str, values: dict[str, Any], count: int
    ) -> None:
        """An answered item keeps its scale and direction: earlier rounds' scores depend on them."""
        new_scale = f"{values['vocabulary']}/{values['term']}" if values["vocabulary"] else values["scale"]
        if new_scale != item.scale_key:
            self.problem(
                record,
                where,
                "scale",
                ngettext(
                    "the item has %(count)d answer, so its scale cannot change from %(old)s to %(new)s; "
                    "give the moved statement a new key",
                    "the item has %(count)d answers, so its scale cannot change from %(old)s to %(new)s; "
                    "give the moved statement a new key",
                    count,
                )
                % {"count": count, "old": item.scale_key, "new": new_scale},
            )
        if values["reverse"] != item.reverse:
            self.problem(
                record,
                where,
                "reverse",
                ngettext(
                    "the item has %(count)d answer, so whether it is scored in reverse cannot change; "
                    "give the changed statement a new key",
                    "the item has %(count)d answers, so whether it is scored in reverse cannot change; "
                    "give the changed statement a new key",
                    count,
                )
                % {"count": count},
            )

    def tally(self, model: type[Instrument] | type[Item], *, created: bool, changed: bool) -> None:
        kind = str(model._meta.verbose_name_plural)
        if created:
            self.summary.created[kind] += 1
        elif changed:
            self.summary.updated[kind] += 1
        else:
            self.summary.already_there[kind] += 1


# --- illustrative rounds --------------------------------------------------------------------


class _RoundLoader(_Reader):
    """Illustrative rounds: per item, each side's respondents' values in order (``null``: don't know)."""

    def run(self, documents: Sequence[tuple[str, Any]]) -> None:
        seen: dict[str, tuple[str, Any]] = {}
        for self.file, document in documents:
            if not self.check_top(document, ROUNDS_TOP_LEVEL, "rounds"):
                continue
            for index, record in enumerate(self.records(document, "rounds", "")):
                where = record_place("rounds", index, record, "name")
                identity = f"{record.get('partnership')}/{record.get('name')}"
                if identity in seen:
                    self.problem(record, where, "name", _("'%(key)s' is used twice") % {"key": identity})
                    continue
                seen[identity] = (self.file, record)
                self.load_round(record, where)

    def load_round(self, record: LocatedDict, where: str) -> None:
        values = self.read(record, ROUND, where)
        if values is None:
            return
        if not values["source"].lower().startswith("illustrative: "):
            self.problem(
                record,
                where,
                "source",
                _("say what the made-up data is, as 'illustrative: example answers, not from the study'"),
            )
        if not values["illustrative"]:
            self.problem(
                record,
                where,
                "illustrative",
                _(
                    "only illustrative rounds are loaded from a file; real answers come through the questionnaire links"
                ),
            )
            return
        partnership = Partnership.objects.filter(key=values["partnership"]).first()
        instrument = Instrument.objects.filter(key=values["instrument"]).first()
        if partnership is None:
            self.problem(
                record,
                where,
                "partnership",
                _("unknown partnership %(value)s") % {"value": repr(values["partnership"])},
            )
        if instrument is None:
            self.problem(
                record,
                where,
                "instrument",
                _("unknown instrument %(value)s") % {"value": repr(values["instrument"])},
            )
        opens, closes = values["opens_on"], values["closes_on"]
        for name, date in (("opens_on", opens), ("closes_on", closes)):
            if date.precision != "day":
                self.problem(record, where, name, _("give the day, as YYYY-MM-DD"))
        if partnership is None or instrument is None or self.problems:
            return
        sides = {side.key: side for side in partnership.sides.select_related("municipality")}
        items = {item.key: item for item in instrument.items.all()}
        respondents = self.respondents(record, where, values["respondents"], sides)
        if respondents is None:
            return
        answers = self.answers(record, where, values["answers"], items, respondents, instrument.scale_points)
        comments = self.comments(record, where, values["comments"], items, respondents)
        if answers is None or comments is None:
            return
        round = Round.objects.filter(partnership=partnership, name=values["name"]).first()
        if round is not None and not round.illustrative:
            self.problem(
                record,
                where,
                "name",
                _(
                    "the partnership has a real round called %(name)s; an illustrative round needs another name"
                )
                % {"name": repr(values["name"])},
            )
            return
        if round is None:
            round = Round(partnership=partnership, name=values["name"])
        else:
            # Made-up answers are replaced whole: the file is what the demonstration shows.
            round.responses.all().delete()
            round.links.all().delete()
        round.instrument, round.illustrative, round.anonymous = instrument, True, True
        round.opens_on, round.closes_on = opens.first, closes.first
        if not self.save(record, where, round, {}):
            return
        self.write_responses(round, sides, items, respondents, answers, comments)

    def respondents(
        self, record: LocatedDict, where: str, raw: Any, sides: dict[str, Any]
    ) -> dict[str, list[dict[str, Any]]] | None:
        """``{side key: [{role, language, name}, …]}``: each side's respondents, in order."""
        if not isinstance(raw, dict) or not raw:
            self.problem(
                record, where, "respondents", _("expected each side's key and a list of its respondents")
            )
            return None
        found: dict[str, list[dict[str, Any]]] = {}
        for side_key, people in raw.items():
            field_name = f"respondents.{side_key}"
            if side_key not in sides:
                self.problem(
                    record,
                    where,
                    field_name,
                    _("%(value)s is not a side of this partnership; its sides are %(sides)s")
                    % {"value": repr(side_key), "sides": ", ".join(sides)},
                )
                continue
            if not isinstance(people, list) or not people:
                self.problem(record, where, field_name, _("expected a list of records"))
                continue
            found[side_key] = []
            for index, person in enumerate(people):
                person_where = f"{where} › {field_name}[{index + 1}]"
                if not isinstance(person, dict):
                    self.problem(record, person_where, None, _("expected a record (key: value lines)"))
                    continue
                values = self.read(cast(LocatedDict, person), RESPONDENT, person_where)
                if values is not None and not LANGUAGE_CODE.match(values["language"]):
                    self.problem(
                        person,
                        person_where,
                        "language",
                        _("%(value)s is not a language code such as en, nl or ar")
                        % {"value": repr(values["language"])},
                    )
                elif values is not None:
                    found[side_key].append(values)
        return None if self.problems else found

    def answers(
        self,
        record: LocatedDict,
        where: str,
        raw: Any,
        items: dict[str, Item],
        respondents: dict[str, list[dict[str, Any]]],
        points: int,
    ) -> dict[str, dict[str, list[int | None]]] | None:
        """``{item key: {side key: [value per respondent]}}``, each value a point of the scale or null."""
        if not isinstance(raw, dict):
            self.problem(record, where, "answers", _("expected each item's key and each side's values"))
            return None
        before = len(self.problems)
        for item_key, per_side in raw.items():
            field_name = f"answers.{item_key}"
            if item_key not in items:
                self.problem(
                    record,
                    where,
                    field_name,
                    _("the instrument has no item %(key)s") % {"key": repr(item_key)},
                )
                continue
            if not isinstance(per_side, dict):
                self.problem(
                    record, where, field_name, _("expected each side's values, e.g. {zeist: [4, 5, null]}")
                )
                continue
            for side_key, row in per_side.items():
                people = respondents.get(side_key)
                if people is None:
                    self.problem(
                        record,
                        where,
                        field_name,
                        _("%(value)s is not a side with respondents here") % {"value": repr(side_key)},
                    )
                    continue
                if not isinstance(row, list) or len(row) != len(people):
                    self.problem(
                        record,
                        where,
                        f"{field_name}.{side_key}",
                        ngettext(
                            "expected a list of %(count)d value, one per respondent (null: don't know)",
                            "expected a list of %(count)d values, one per respondent (null: don't know)",
                            len(people),
                        )
                        % {"count": len(people)},
                    )
                    continue
                for value in row:
                    if value is not None and (
                        isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= points
                    ):
                        self.problem(
                            record,
                            where,
                            f"{field_name}.{side_key}",
                            _("%(value)s is not a point of the scale (1 to %(points)d) nor null")
                            % {"value": repr(value), "points": points},
                        )
        return raw if len(self.problems) == before else None

    def comments(
        self,
        record: LocatedDict,
        where: str,
        raw: Any,
        items: dict[str, Item],
        respondents: dict[str, list[dict[str, Any]]],
    ) -> dict[tuple[str, int, str], str] | None:
        """``{(side, respondent number, item): text}`` from ``[{side, respondent, item, text}, …]``."""
        found: dict[tuple[str, int, str], str] = {}
        before = len(self.problems)
        for index, comment in enumerate(self.records(record, "comments", f"{where} › ") if raw else []):
            comment_where = f"{where} › comments[{index + 1}]"
            values = self.read(comment, COMMENT, comment_where)
            if values is None:
                continue
            if values["item"] not in items:
                self.problem(
                    comment,
                    comment_where,
                    "item",
                    _("the instrument has no item %(key)s") % {"key": repr(values["item"])},
                )
            elif len(respondents.get(values["side"], [])) < values["respondent"]:
                self.problem(comment, comment_where, "respondent", _("no such respondent of this side"))
            else:
                found[(values["side"], values["respondent"], values["item"])] = values["text"]
        return found if len(self.problems) == before else None

    def write_responses(
        self,
        round: Round,
        sides: dict[str, Any],
        items: dict[str, Item],
        respondents: dict[str, list[dict[str, Any]]],
        answers: dict[str, dict[str, list[int | None]]],
        comments: dict[tuple[str, int, str], str],
    ) -> None:
        """Each respondent's response, submitted on a day of the round, through a revoked link."""
        opened = dt.datetime.combine(round.opens_on, dt.time(9), tzinfo=dt.UTC)
        closed = dt.datetime.combine(round.closes_on, dt.time.max, tzinfo=dt.UTC)
        Round.objects.filter(pk=round.pk).update(created_at=opened - dt.timedelta(days=7))
        for side_key, people in respondents.items():
            # The side's link served the round and no longer opens anything: it is only for the demo.
            link = SideLink.objects.create(
                round=round,
                side=sides[side_key],
                token_hash=_unopenable("link", round, side_key, 0),
                expires_at=closed,
                revoked_at=closed,
            )
            SideLink.objects.filter(pk=link.pk).update(created_at=opened)
            self.count(SideLink, created=True)
            for number, person in enumerate(people, start=1):
                submitted = min(
                    opened + dt.timedelta(days=2 * number + len(side_key) % 3, hours=number),
                    closed - dt.timedelta(hours=1),
                )
                response = Response.objects.create(
                    link=link,
                    round=round,
                    side=sides[side_key],
                    resume_hash=_unopenable("response", round, side_key, number),
                    name=person["name"],
                    role=person["role"],
                    language=person["language"],
                    submitted_at=submitted,
                )
                Response.objects.filter(pk=response.pk).update(
                    started_at=submitted - dt.timedelta(minutes=18)
                )
                self.count(Response, created=True)
                given: dict[str, dict[str, Any]] = {}
                rows = []
                for item_key, item in items.items():
                    row = answers.get(item_key, {}).get(side_key)
                    if row is None:
                        continue  # not asked of this side: no answer, not "don't know"
                    comment = comments.get((side_key, number, item_key), "")
                    rows.append(Answer(response=response, item=item, value=row[number - 1], comment=comment))
                    given[item_key] = {"value": row[number - 1], "comment": comment}
                Answer.objects.bulk_create(rows)
                self.summary.created[str(Answer._meta.verbose_name_plural)] += len(rows)
                submission = Submission.objects.create(response=response, answers=given)
                Submission.objects.filter(pk=submission.pk).update(submitted_at=submitted)
