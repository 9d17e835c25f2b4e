"""The words and numbers of a report: framework terms, levels, contexts of Table 8.1, amounts and rules.

Both reports, their numbered passages and their charts name the same things — a level, a side, a
context, an amount of money, a rule that fired — and a reader who holds a partnership report next to
the programme report must find them written alike, so each is written here once. Every function
translates when it is called (``gettext``, and vocabulary labels through their translations), never
when this module is imported: a report is written in the language active while it is built.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality import l10n
from mutuality.analysis import diagnostics, mutuality, perspectives, resources
from mutuality.analysis.dataset import Dataset, Partnership
from mutuality.countries import country_name
from mutuality.framework import vocabulary

__all__ = [
    "LEVELS",
    "actor_categories",
    "agreement_text",
    "amount",
    "balance_basis",
    "balance_warning",
    "category_labels",
    "citation",
    "context_label",
    "context_text",
    "contradiction_text",
    "counted",
    "counts_text",
    "difference_text",
    "dimension_label",
    "euros",
    "fact_text",
    "family_label",
    "few_outcomes_note",
    "finding_facts",
    "gaps_text",
    "in_kind_count_text",
    "in_kind_items",
    "leaning_text",
    "level_label",
    "level_labels",
    "model_label",
    "money_in",
    "money_share_text",
    "money_text",
    "number",
    "programme_money_text",
    "programme_name",
    "ratio",
    "recommendation_number",
    "roles_text",
    "rule_explanations",
    "share",
    "side_money_text",
    "side_name",
    "status_text",
    "term",
    "unknown_amounts",
    "view_text",
]

# The levels a context of Table 8.1 can have, in the order the report's columns show them.
LEVELS = ("strong", "moderate", "limited", "mixed")


# --- framework terms and numbers ------------------------------------------------------------


def term(vocab: str, key: str | None) -> str:
    """The translated label of a framework term; the key itself when it is not one."""
    if not key:
        return ""
    found = vocabulary(vocab)
    return _(found[key].label) if key in found else key


def dimension_label(key: str) -> str:
    return term("dimension", key)


def number(value: float | int, decimals: int = 0) -> str:
    return l10n.number(value, translation.get_language(), decimals)


def euros(value: float) -> str:
    return l10n.money(value, translation.get_language())


def share(value: float | None) -> str:
    return "—" if value is None else l10n.percent(value, translation.get_language())


def ratio(value: float | None) -> str:
    return "—" if value is None else number(value, 2)


def amount(value: float, unit: str) -> str:
    """Money in euro as money; any other unit (hours, nights, …) as a number with its unit."""
    if unit in ("eur", ""):
        return euros(value)
    return f"{number(value, 0 if float(value).is_integer() else 2)} {term('resource_unit', unit)}"


def counted(count: int, what: str) -> str:
    """ "12 exchanges" and the like, for the subtitles; ``what`` names one of four things counted."""
    if what == "partnerships":
        text = ngettext("%(count)d partnership", "%(count)d partnerships", count)
    elif what == "exchanges":
        text = ngettext("%(count)d exchange", "%(count)d exchanges", count)
    elif what == "outcomes":
        text = ngettext("%(count)d learning outcome", "%(count)d learning outcomes", count)
    else:
        text = ngettext("%(count)d coded passage", "%(count)d coded passages", count)
    return text % {"count": count}


# --- resources: money is never in kind, an amount not known is never 0 -------------------------


def unknown_amounts(count: int, kind: str) -> str:
    """ "3 financial contributions, amount not known", and alike for help in kind.

    ``kind`` is "financial", "" for contributions in kind of any kind, or one kind of help, named
    before this text ("Hospitality: 1 contribution, amount not known"). Money and help in kind are
    never counted in one label: they are different things to a reader who adds them up.
    """
    if kind == "financial":
        text = ngettext(
            "%(count)d financial contribution, amount not known",
            "%(count)d financial contributions, amount not known",
            count,
        )
    elif not kind:
        text = ngettext(
            "%(count)d contribution in kind, amount not known",
            "%(count)d contributions in kind, amount not known",
            count,
        )
    else:
        text = ngettext(
            "%(count)d contribution, amount not known", "%(count)d contributions, amount not known", count
        )
    return text % {"count": count}


def money_in(value: float, unit: str) -> str:
    """Money in the currency it was recorded in (euro unless said otherwise); never converted."""
    if unit in ("eur", ""):
        return euros(value)
    code = unit.upper()
    if len(code) == 3 and code.isalpha():
        return l10n.money(value, translation.get_language(), code)
    return amount(value, unit)


def money_text(
    known: float | None, unknown: int, other: Mapping[str, float] | None = None, *, none: str = ""
) -> str:
    """ "€4,000 + 3 financial contributions, amount not known"; ``none`` when there is no money.

    ``known`` is the sum in euro of the contributions with an amount (``None`` when there is none);
    ``other`` amounts in other currencies, each shown apart, never added to the euros. Without
    money, ``none`` or "none recorded": a side that brought no money on record did not bring "€0".
    """
    parts = [euros(known)] if known is not None else []
    parts += [money_in(value, unit) for unit, value in (other or {}).items()]
    if unknown:
        parts.append(unknown_amounts(unknown, "financial"))
    return " + ".join(parts) or none or _("none recorded")


def side_money_text(sides: Sequence[resources.SideResources]) -> str:
    """The money of one side, or of a group of sides (a country's), as :func:`money_text`."""
    other: dict[str, float] = {}
    for side in sides:
        for unit, value in side.other_money.items():
            other[unit] = other.get(unit, 0.0) + value
    known = sum(side.financial_eur for side in sides) if any(side.financial_known for side in sides) else None
    return money_text(known, sum(side.financial_unquantified for side in sides), other)


def money_share_text(value: float | None, unknown: int) -> str:
    """A share of money; "not known" when an amount it rests on is not known, "—" when there is no money."""
    if value is None and unknown:
        return _("not known")
    return share(value)


def programme_money_text(dataset: Dataset, side: resources.SideResources) -> str:
    """ "MATRA: 2 financial contributions, amount not known", or "LOGO South: €10,000 · 50 %"."""
    keys = dict.fromkeys([*side.by_programme, *side.programme_unquantified])
    if not keys:
        return _("none recorded")
    text = "; ".join(
        f"{programme_name(dataset, key)}: "
        f"{money_text(side.by_programme.get(key), side.programme_unquantified.get(key, 0))}"
        for key in keys
    )
    if side.programme_share is not None:
        text += " · " + share(side.programme_share)
    return text


def in_kind_count_text(count: int, unknown: int) -> str:
    """ "3 (amount not known for 3)": contributions in kind, and of them those without an amount."""
    if not count:
        return _("none recorded")
    if not unknown:
        return str(count)
    note = ngettext("(amount not known for %(count)d)", "(amount not known for %(count)d)", unknown)
    return f"{count} {note % {'count': unknown}}"


def in_kind_items(side: resources.SideResources) -> tuple[str, ...]:
    """Each kind of help in kind with its amounts per unit and its contributions without an amount."""
    kinds = dict.fromkeys(r.kind for r in side.contributions if r.kind != "financial")
    items = []
    for kind in kinds:
        parts = [amount(value, unit) for unit, value in side.in_kind.get(kind, {}).items()]
        if side.unquantified.get(kind):
            parts.append(unknown_amounts(side.unquantified[kind], kind))
        items.append(f"{term('resource_kind', kind)}: {' + '.join(parts)}")
    return tuple(items)


# --- the balance of learning and what it rests on -----------------------------------------------


def balance_basis(found: mutuality.Balance, names: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """Per side, the learning outcomes a balance rests on and how many of them are recognised; those
    whose recognition is not recorded are said apart, never counted as not recognised."""
    return tuple((names.get(side, side), _basis(found, side)) for side in found.sides)


def _basis(found: mutuality.Balance, side: str) -> str:
    count = found.received.get(side, 0)
    values = {
        "count": count,
        "recognised": found.recognised.get(side, 0),
        "unknown": found.recognition_not_known.get(side, 0),
    }
    if not values["unknown"]:
        return (
            ngettext(
                "%(count)d learning outcome recorded, %(recognised)d of them recognised as learning",
                "%(count)d learning outcomes recorded, %(recognised)d of them recognised as learning",
                count,
            )
            % values
        )
    return (
        ngettext(
            "%(count)d learning outcome recorded, %(recognised)d of them recognised as learning, "
            "%(unknown)d not known",
            "%(count)d learning outcomes recorded, %(recognised)d of them recognised as learning, "
            "%(unknown)d not known",
            count,
        )
        % values
    )


def few_outcomes_note() -> str:
    """The note on a balance that rests on fewer than :data:`~mutuality.analysis.mutuality.MIN_OUTCOMES`."""
    return ngettext(
        "fewer than %(count)d outcome on a side",
        "fewer than %(count)d outcomes on a side",
        mutuality.MIN_OUTCOMES,
    ) % {"count": mutuality.MIN_OUTCOMES}


def balance_warning(found: mutuality.Balance, names: Mapping[str, str]) -> str:
    """A warning when a side has fewer than three recorded outcomes; "" when the balance stands on enough."""
    if not found.few_outcomes:
        return ""
    sides = ", ".join(
        f"{names.get(side, side)} ({found.received.get(side, 0)})" for side in found.few_outcomes
    )
    text = ngettext(
        "Read this balance with care: it rests on fewer than %(count)d recorded learning outcome for "
        "%(sides)s. One outcome more or less would change it a lot, and learning never recorded is "
        "missing from it: record the learning of every side.",
        "Read this balance with care: it rests on fewer than %(count)d recorded learning outcomes for "
        "%(sides)s. One outcome more or less would change it a lot, and learning never recorded is "
        "missing from it: record the learning of every side.",
        mutuality.MIN_OUTCOMES,
    )
    return text % {"count": mutuality.MIN_OUTCOMES, "sides": sides}


# --- partnerships and their sides -------------------------------------------------------------


def side_name(dataset: Dataset, partnership: Partnership, side: str | None) -> str:
    if side is None:
        return _("unknown side")
    return dataset.side_label(partnership.key, side)


def status_text(partnership: Partnership) -> str:
    """The partnership's status, with the year it took it when known: "ended (2015)"."""
    status = term("partnership_status", partnership.status)
    return f"{status} ({partnership.status_year})" if partnership.status_year else status


def gaps_text(gaps: Sequence[tuple[int, int]]) -> str:
    """Runs of years without an exchange: "2012; 2015–2017"."""
    return "; ".join(f"{first}" if first == last else f"{first}–{last}" for first, last in gaps)


def programme_name(dataset: Dataset, key: str) -> str:
    """A support programme by name; its key when the dataset does not hold it."""
    return dataset.programmes[key].name if key in dataset.programmes else key


def model_label(model: str | None, missing: str) -> str:
    """A governance network model by its label; ``missing`` when no model could be derived."""
    return term("governance_model", model) if model else missing


def agreement_text(agrees: bool | None, missing: str) -> str:
    """Whether the derived and the recorded governance model agree; ``missing`` when none is recorded."""
    return {True: _("yes"), False: _("no"), None: missing}[agrees]


def category_labels() -> list[tuple[str, str]]:
    """The categories of actors in a governance network; the first four are kinds of actors."""
    return [
        ("local_government", _("Local government")),
        ("civil_society", _("Civil society (NGOs, CBOs, migrant, women's and youth organisations)")),
        ("other_local", _("Other local actors (companies, schools, citizens, migrants)")),
        ("broader", _("Higher levels and intermediaries")),
        ("side", _("Participants without a named actor")),
        ("unknown", _("Type not known")),
    ]


def actor_categories() -> list[tuple[str, str]]:
    """The four kinds of actors, without the participants of a side or actors of unknown type."""
    return category_labels()[:4]


# --- levels of Table 8.1 and the views of the sides ------------------------------------------


def level_label(level: str | None) -> str:
    if level is None:
        return _("not assessed")
    if level == "mixed":
        return _("Mixed")
    return term("assessment", level)


def level_labels() -> dict[str, str]:
    return {level: level_label(level) for level in LEVELS}


def contradiction_text(flags: Sequence[str]) -> str:
    words = {
        "strong_and_limited": _("strong and limited evidence"),
        "enabling_and_limiting": _("enabling and limiting evidence"),
    }
    if not flags:
        return ""
    return _("contradicting: %(what)s") % {"what": ", ".join(words.get(flag, flag) for flag in flags)}


def counts_text(counts: Mapping[str, int]) -> str:
    return _("strong %(strong)d · moderate %(moderate)d · limited %(limited)d · not assessed %(none)d") % {
        "strong": counts.get("strong", 0),
        "moderate": counts.get("moderate", 0),
        "limited": counts.get("limited", 0),
        "none": counts.get("unassessed", 0),
    }


def roles_text(roles: Mapping[str, int]) -> str:
    return _("enabling %(enabling)d · limiting %(limiting)d") % {
        "enabling": roles.get("enabling", 0),
        "limiting": roles.get("limiting", 0),
    }


def leaning_text(leaning: str | None) -> str:
    return term("factor_role", leaning) if leaning else _("no clear leaning")


def view_text(view: perspectives.SideView) -> str:
    """One side's view of a dimension: "strong · enabling", or "silent" when its sources say nothing."""
    if not view.codings:
        return _("silent")
    return f"{level_label(view.level)} · {leaning_text(view.leaning)}"


def difference_text(perspective: perspectives.Perspective) -> str:
    return _("opposed") if perspective.opposed else _("different levels")


# --- contexts of Table 8.1 ----------------------------------------------------------------------


def family_label(family: str) -> str:
    names = {
        "all": _("All evidence"),
        "subject": _("Subject"),
        "project_type": _("Project type"),
        "exchange_method": _("Kind of exchange"),
        "programme": _("Support programme"),
        "side": _("Whose learning"),
        "country": _("Learning by country"),
        "viewpoint": _("Whose view"),
        "source_kind": _("Kind of source"),
        "partnership": _("Partnership"),
        "coder": _("Coder"),
    }
    if family == "project_type+country":
        return _("Project type × country of the side that learned")
    return " · ".join(names.get(part, part) for part in family.split("+"))


def context_text(dataset: Dataset, family: str, value: str) -> str:
    """ "Family: value", e.g. "Subject: fire safety"; just "All evidence" for the context of all codings."""
    if family == "all":
        return family_label(family)
    return f"{family_label(family)}: {context_label(dataset, family, value)}"


def context_label(dataset: Dataset, family: str, value: str) -> str:
    """A context's value by name; a combined context ("project_type+country") part by part."""
    parts = family.split("+")
    values = value.split("+", len(parts) - 1) if len(parts) > 1 else [value]
    if len(values) != len(parts):
        return value
    return " · ".join(_value_label(dataset, part, text) for part, text in zip(parts, values, strict=True))


def _value_label(dataset: Dataset, family: str, value: str) -> str:
    if family == "all":
        return _("all evidence")
    if family in ("project_type", "exchange_method", "source_kind"):
        return term(family, value)
    if family in ("side", "viewpoint"):
        municipality = dataset.municipalities.get(value)
        return municipality.name if municipality else value
    if family == "partnership":
        try:
            return dataset.partnership(value).name
        except KeyError:
            return value
    if family == "programme":
        programme = dataset.programmes.get(value)
        return programme.name if programme is not None and programme.name else value
    if family == "country":
        return country_name(value)
    return value


# --- diagnostics --------------------------------------------------------------------------------


def rule_explanations() -> dict[str, str]:
    """What each rule of :mod:`mutuality.analysis.diagnostics` looks for, by rule."""
    return {name: _(rule.fires_when) for name, rule in diagnostics.RULES.items()}


def fact_text(fact: diagnostics.Fact) -> str:
    """A fact translated, its terms named in the language of the report; its English text when the
    translation cannot be formatted."""
    try:
        return _(fact.message) % fact.values(term)
    except (KeyError, TypeError, ValueError):
        return fact.text


def finding_facts(finding: diagnostics.Finding) -> tuple[str, ...]:
    return tuple(fact_text(fact) for fact in finding.facts)


def recommendation_number(key: str) -> str:
    return vocabulary("recommendation")[key].source


#: The title of the 2011 conference paper whose case table the case studies draw on, as published.
CASE_TABLE_PAPER = "Learning about diversity through city-to-city partnerships"
#: How a record's ``source`` names that case table: the short form of the data format, and the name
#: of the table's file that data loaded before the short form still hold.
_CASE_TABLE = re.compile(r"\bRC21 paper 2011\b|\bcases_table1\.csv\b")


def citation(source: str) -> str:
    """A record's ``source`` as a reader cites the study, for every page and report that shows it.

    Sources cite the dissertation by chapter and section (``ch. 8.3.1``), as a reader would, and the
    case table of the 2011 conference paper by a short form (``RC21 paper 2011``) that a reader would
    not recognise; here that becomes the paper, by its title. Data loaded before the short form name
    the table's file instead, which a reader must not see either: it becomes the same citation.
    """
    if not _CASE_TABLE.search(source):
        return source
    paper = _("case table of “%(title)s” (RC21 conference paper, 2011)") % {"title": CASE_TABLE_PAPER}
    return _CASE_TABLE.sub(lambda _match: paper, source)


def disagreement_text(side: str, dimension: str, mean: float, rated: str) -> str:
    """Where a side's own rating of a dimension and the coded evidence on its learning point different
    ways (:func:`mutuality.analysis.self_assessment.disagreements`), in plain words: the partnership
    page and its report say it alike."""
    values = {"side": side, "dimension": dimension, "mean": number(mean, 1)}
    if rated == "higher":
        return (
            _(
                "%(side)s rates %(dimension)s high (%(mean)s of 5), while the coded passages on its "
                "learning find it limited: worth asking why — the interviews may be older than the "
                "change, or the rating generous."
            )
            % values
        )
    return (
        _(
            "%(side)s rates %(dimension)s low (%(mean)s of 5), while the coded passages on its "
            "learning find it strong: worth asking what changed since the interviews, or what the "
            "passages leave out."
        )
        % values
    )
