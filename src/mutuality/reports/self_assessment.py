"""A self-assessment round as a report: per scale the two sides side by side — n, mean, spread —
the gap between them with what it means in plain words, Cronbach's alpha and the change since the
partnership's previous round; then each statement per side.

The report is made of the same blocks as the partnership report
(:mod:`mutuality.reports.blocks`), so :mod:`mutuality.reports.render` writes it as a page, an HTML
file, Markdown and a PDF (through Typst) alike. Its scores come from
:func:`mutuality.selfassessment.results.round_results`, where the privacy threshold holds: a side
with fewer respondents shows its ``n`` and no mean. No comment and no respondent's name is in it:
the report goes to every reader of the partnership. A round of made-up answers says so in its
subtitle and first lines.
"""

from __future__ import annotations

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality.analysis.self_assessment import Gap, Summary
from mutuality.reports.blocks import Cell, Entry, EntryList, Facts, Paragraph, Report, Section, Table, row
from mutuality.selfassessment.models import Round
from mutuality.selfassessment.results import EMPTY, RoundResults, ScaleResult, round_results

KIND = "self-assessment"


def number(value: float) -> str:
    return formats.number_format(value, 2, use_l10n=True)


def signed(value: float | None) -> str:
    """A difference with its sign (+0.50, −1.25); a dash where there is none."""
    if value is None:
        return "—"
    shown = number(abs(value))
    return f"+{shown}" if value > 0 else (f"−{shown}" if value < 0 else shown)


def score(summary: Summary) -> str:
    """``3.50 ± 0.71 (n = 4)``, or ``n < 3`` where the side has too few respondents to show."""
    n = f"n = {summary.n}"
    if summary.mean is None:
        return _("not shown (%(n)s)") % {"n": n}
    spread = f" ± {number(summary.spread)}" if summary.spread is not None else ""
    return f"{number(summary.mean)}{spread} ({n})"


def verdict(gap: Gap | None) -> str:
    """What the gap means for the numbers at hand, in the words of the results page."""
    if gap is None or gap.difference is None:
        return _("No gap to show: both sides need scores on a scale.")
    if gap.test is None:
        return ""
    p = formats.number_format(gap.test.p, 3, use_l10n=True)
    if gap.test.beyond_noise:
        return _(
            "More than noise for these numbers: a gap this wide would seldom come by chance "
            "(Mann–Whitney p = %(p)s)."
        ) % {"p": p}
    return _(
        "Could be noise for these numbers: with this few respondents, a gap this wide can come by "
        "chance (Mann–Whitney p = %(p)s)."
    ) % {"p": p}


def alpha_text(scale: ScaleResult) -> str:
    if scale.alpha.alpha is not None:
        return number(scale.alpha.alpha)
    return ngettext(
        "not computed (%(n)s complete answer)",
        "not computed (%(n)s complete answers)",
        scale.alpha.respondents,
    ) % {"n": scale.alpha.respondents}


def round_report(round: Round, language: str | None = None) -> Report:
    """The round's report in the active language (or ``language``)."""
    language = language or translation.get_language() or "en"
    found = round_results(round, language)
    partnership = round.partnership
    subtitle = _("Round %(name)s") % {"name": round.name} + " · " + round.instrument.name_in(language)
    if round.illustrative:
        subtitle += " · " + _("Made-up answers for a demonstration, not data.")
    return Report(
        kind=KIND,
        title=_("Self-assessment of %(partnership)s") % {"partnership": partnership.name},
        subtitle=subtitle,
        sections=[about(found, language), scales(found), gaps(found), statements(found, language)],
        key=partnership.key,
        language=language,
        bidi=translation.get_language_bidi(),
    )


def about(found: RoundResults, language: str) -> Section:
    round = found.round
    section = Section("round", _("The round"))
    if round.illustrative:
        section.add(
            Paragraph(
                _(
                    "Illustrative: made-up answers for a demonstration, not from the study or any partnership."
                ),
                "lead",
            )
        )
    counts = [
        ngettext("%(side)s: %(n)s respondent", "%(side)s: %(n)s respondents", found.respondents[side.key])
        % {"side": side.municipality.name, "n": found.respondents[side.key]}
        for side in found.sides
    ]
    section.add(
        Facts(
            (
                (_("Instrument"), round.instrument.name_in(language)),
                (
                    _("Dates"),
                    f"{formats.date_format(round.opens_on)} – {formats.date_format(round.closes_on)}",
                ),
                (
                    _("Answers"),
                    _("Anonymous: answers are not linked to a name.")
                    if round.anonymous
                    else _("Named: respondents give their name and role."),
                ),
                (_("Respondents"), " · ".join(counts)),
            )
        )
    )
    if any(n < found.threshold for n in found.respondents.values()):
        section.add(
            Paragraph(
                _(
                    "Scores of a side are shown once at least %(threshold)s people on it have answered, "
                    "so that no one's answers can be worked out from them; the number who answered is "
                    "always shown."
                )
                % {"threshold": found.threshold},
                "note",
            )
        )
    return section


def scales(found: RoundResults) -> Section:
    """One row per scale: each side's score, both together, the gap, alpha, the change."""
    section = Section("scales", _("Scores per scale"))
    section.add(
        Paragraph(
            _(
                "Mean on the answer scale, ± the spread (standard deviation), and n, the number of "
                "respondents with an answer."
            )
        )
    )
    names = [side.municipality.name for side in found.sides]
    headers = [_("Scale"), *names, _("Together"), _("Gap"), _("Cronbach's alpha")]
    if found.previous is not None:
        headers.append(_("Change since %(name)s") % {"name": found.previous.name})
    rows = []
    for scale in found.scales:
        values: list[object] = [
            scale.name,
            *(score(scale.per_side.get(side.key, EMPTY)) for side in found.sides),
            score(scale.together),
            Cell(signed(scale.gap.difference if scale.gap else None), note=verdict(scale.gap)),
            alpha_text(scale),
        ]
        if found.previous is not None:
            values.append(
                " · ".join(
                    f"{side.municipality.name} {signed(scale.change.get(side.key))}" for side in found.sides
                )
            )
        rows.append(row(*values))
    note = ""
    if len(found.sides) == 2:
        note = _("Gap: %(first)s's mean minus %(second)s's.") % {"first": names[0], "second": names[1]}
    section.add(Table(tuple(headers), tuple(rows), note=note, kind="self-assessment"))
    return section


def gaps(found: RoundResults) -> Section:
    """The scales where both sides have scores, the widest gap first, each with its verdict."""
    section = Section("gaps", _("Where the two sides see it differently"))
    entries = []
    for scale in found.gaps:
        assert scale.gap is not None  # found.gaps holds only scales with a gap
        difference = _("%(first)s minus %(second)s: %(difference)s.") % {
            "first": found.sides[0].municipality.name,
            "second": found.sides[1].municipality.name,
            "difference": signed(scale.gap.difference),
        }
        entries.append(
            Entry(scale.name, lines=tuple(line for line in (difference, verdict(scale.gap)) if line))
        )
    section.add(EntryList(tuple(entries), empty=_("No gap to show: both sides need scores on a scale.")))
    return section


def statements(found: RoundResults, language: str) -> Section:
    section = Section("items", _("Each statement, per side"))
    headers = (_("Statement"), _("Scale"), *(side.municipality.name for side in found.sides))
    rows = tuple(
        row(
            Cell(item.text_in(language), note=item.section),
            scale.name,
            *(score(found.item_scores.get(side.key, {}).get(item.key, EMPTY)) for side in found.sides),
        )
        for scale in found.scales
        for item in scale.items
    )
    section.add(Table(headers, rows))
    return section
