"""The words and numbers of a report: framework terms, levels, contexts of Table 8.1, amounts and rules.

Both reports, their numbered passages and their charts name the same things — a level, a side, a
context, an amount of money, a rule that fired — and a reader who holds a partnership report next to
the programme report must find them written alike, so each is written here once. Every function
translates when it is called (``gettext``, and vocabulary labels through their translations), never
when this module is imported: a report is written in the language active while it is built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality import l10n
from mutuality.analysis import diagnostics, perspectives
from mutuality.analysis.dataset import Dataset, Partnership
from mutuality.countries import country_name
from mutuality.framework import vocabulary

__all__ = [
    "LEVELS",
    "actor_categories",
    "agreement_text",
    "amount",
    "category_labels",
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
    "finding_facts",
    "gaps_text",
    "leaning_text",
    "level_label",
    "level_labels",
    "model_label",
    "number",
    "programme_name",
    "ratio",
    "recommendation_number",
    "roles_text",
    "rule_explanations",
    "share",
    "side_name",
    "status_text",
    "term",
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
    """Why each rule of :mod:`mutuality.analysis.diagnostics` fires, by rule."""
    return {
        "no_clear_objectives": _("A side has no clearly formulated objective."),
        "learning_not_recognised": _("A side's learning outcomes include ones that side does not recognise."),
        "exploratory_without_follow_up": _("An exploratory visit was never followed up."),
        "no_migrants_involved": _(
            "No migrant, actor of migrant background or migrant organisation takes part."
        ),
        "no_dissemination": _("Learning was recorded, but none of it was disseminated inside or outside."),
        "one_way_learning": _(
            "Only one side learned (or, without learning outcomes, knowledge went one way)."
        ),
        "one_way_peer_exchanges": _("Peer-to-peer exchanges whose knowledge went one way only."),
        "no_peer_to_peer": _("Exchanges were recorded, but none of them peer-to-peer."),
        "civil_society_without_local_gov": _(
            "Civil-society actors took part in a project without any local-government participant."
        ),
    }


def fact_text(fact: diagnostics.Fact) -> str:
    """A fact that made a rule fire, translated; its English text when the translation cannot be formatted."""
    try:
        return _(fact.message) % dict(fact.params)
    except (KeyError, TypeError, ValueError):
        return fact.text


def finding_facts(finding: diagnostics.Finding) -> tuple[str, ...]:
    return tuple(fact_text(fact) for fact in finding.facts)


def recommendation_number(key: str) -> str:
    return vocabulary("recommendation")[key].source
