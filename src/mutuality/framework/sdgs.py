"""The 17 Sustainable Development Goals, and their targets, as the framework's ``sdg`` vocabulary.

Unlike the rest of the vocabulary, these terms do not come from the study: they are the goals of the
United Nations' 2030 Agenda (resolution A/RES/70/1, 2015), which the OECD's monitoring framework for
city-to-city partnerships asks partnerships to report their projects against (issue 19). A label is
the goal's short official name, a definition its title in the resolution, and ``source`` cites the
resolution, not a chapter of the seeds. Each is translated through the catalogues like every other
term, in the UN's own words where it has them (Arabic, French) and in the translations in common
official use elsewhere (Dutch, Turkish).

A project may also name targets, the resolution's numbered sub-goals (``11.6``, ``11.b``): every
goal has numbered targets (what to achieve) and most have lettered ones (the means of doing so).
:data:`TARGETS` holds how many of each every goal has, so that a target that does not exist (``11.9``)
is refused, not only one written wrongly.
"""

from __future__ import annotations

import re

from mutuality.framework.terms import Term, Vocabulary

#: The resolution every goal and target is cited from.
RESOLUTION = "UN A/RES/70/1"


def _(message: str) -> str:
    return message


# (number, short name, the goal as the resolution words it)
_GOALS: tuple[tuple[int, str, str], ...] = (
    (1, _("No poverty"), _("End poverty in all its forms everywhere.")),
    (
        2,
        _("Zero hunger"),
        _("End hunger, achieve food security and improved nutrition and promote sustainable agriculture."),
    ),
    (
        3,
        _("Good health and well-being"),
        _("Ensure healthy lives and promote well-being for all at all ages."),
    ),
    (
        4,
        _("Quality education"),
        _(
            "Ensure inclusive and equitable quality education and promote lifelong learning "
            "opportunities for all."
        ),
    ),
    (5, _("Gender equality"), _("Achieve gender equality and empower all women and girls.")),
    (
        6,
        _("Clean water and sanitation"),
        _("Ensure availability and sustainable management of water and sanitation for all."),
    ),
    (
        7,
        _("Affordable and clean energy"),
        _("Ensure access to affordable, reliable, sustainable and modern energy for all."),
    ),
    (
        8,
        _("Decent work and economic growth"),
        _(
            "Promote sustained, inclusive and sustainable economic growth, full and productive "
            "employment and decent work for all."
        ),
    ),
    (
        9,
        _("Industry, innovation and infrastructure"),
        _(
            "Build resilient infrastructure, promote inclusive and sustainable industrialization and "
            "foster innovation."
        ),
    ),
    (10, _("Reduced inequalities"), _("Reduce inequality within and among countries.")),
    (
        11,
        _("Sustainable cities and communities"),
        _("Make cities and human settlements inclusive, safe, resilient and sustainable."),
    ),
    (
        12,
        _("Responsible consumption and production"),
        _("Ensure sustainable consumption and production patterns."),
    ),
    (13, _("Climate action"), _("Take urgent action to combat climate change and its impacts.")),
    (
        14,
        _("Life below water"),
        _("Conserve and sustainably use the oceans, seas and marine resources for sustainable development."),
    ),
    (
        15,
        _("Life on land"),
        _(
            "Protect, restore and promote sustainable use of terrestrial ecosystems, sustainably manage "
            "forests, combat desertification, and halt and reverse land degradation and halt "
            "biodiversity loss."
        ),
    ),
    (
        16,
        _("Peace, justice and strong institutions"),
        _(
            "Promote peaceful and inclusive societies for sustainable development, provide access to "
            "justice for all and build effective, accountable and inclusive institutions at all levels."
        ),
    ),
    (
        17,
        _("Partnerships for the goals"),
        _(
            "Strengthen the means of implementation and revitalize the Global Partnership for "
            "Sustainable Development."
        ),
    ),
)

SDG = Vocabulary(
    key="sdg",
    label=_("Sustainable Development Goal"),
    definition=_(
        "A goal of the United Nations' 2030 Agenda for Sustainable Development that a project serves; "
        "the OECD's monitoring framework for city-to-city partnerships reports projects by these goals."
    ),
    source=f"{RESOLUTION} (2030 Agenda); OECD monitoring framework for city-to-city partnerships",
    terms=tuple(
        Term(f"sdg_{number}", label, definition, f"{RESOLUTION}, Goal {number}")
        for number, label, definition in _GOALS
    ),
    multiple=True,
)

#: Per goal, how many numbered targets (``11.1`` … ``11.7``) and lettered ones (``11.a`` … ``11.c``)
#: the resolution sets: 169 targets in all.
TARGETS: dict[int, tuple[int, int]] = {
    1: (5, 2),
    2: (5, 3),
    3: (9, 4),
    4: (7, 3),
    5: (6, 3),
    6: (6, 2),
    7: (3, 2),
    8: (10, 2),
    9: (5, 3),
    10: (7, 3),
    11: (7, 3),
    12: (8, 3),
    13: (3, 2),
    14: (7, 3),
    15: (9, 3),
    16: (10, 2),
    17: (19, 0),
}

TARGET_PATTERN = re.compile(r"^([1-9]|1[0-7])\.([1-9][0-9]?|[a-z])$")


def goal_number(key: str) -> int:
    """The number of the goal ``sdg_11`` (11)."""
    return int(SDG.check(key).removeprefix("sdg_"))


def goal_key(number: int) -> str:
    return f"sdg_{number}"


def is_target(text: str) -> bool:
    """Whether ``text`` is a target the resolution sets: ``11.6`` and ``11.b`` are, ``11.9`` is not."""
    match = TARGET_PATTERN.match(text)
    if match is None:
        return False
    goal, part = int(match.group(1)), match.group(2)
    numbered, lettered = TARGETS[goal]
    if part.isdigit():
        return 1 <= int(part) <= numbered
    return ord(part) - ord("a") < lettered


def target_goal(text: str) -> str:
    """The key of the goal a target belongs to (``11.6`` → ``sdg_11``); the target must be one."""
    if not is_target(text):
        raise ValueError(f"not a target of the 2030 Agenda: {text!r}")
    return goal_key(int(text.partition(".")[0]))


def target_order(text: str) -> tuple[int, int, str]:
    """Targets in the resolution's order: by goal, numbered ones first, then lettered ones."""
    goal, _dot, part = text.partition(".")
    return (int(goal), int(part) if part.isdigit() else 100, part if not part.isdigit() else "")
