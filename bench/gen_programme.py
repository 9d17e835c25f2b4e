"""Generate a national programme of partnerships into a fresh Mutuality database, for timing reports.

    . .venv/bin/activate
    MUTUALITY_DATA_DIR=/tmp/mutuality-prog-1 python bench/gen_programme.py                 # scale 1
    MUTUALITY_DATA_DIR=/tmp/mutuality-prog-2 python bench/gen_programme.py --scale 2
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mutuality_bench_prog python bench/gen_programme.py

Scale 1 is the issue's programme: 500 partnerships, 50,000 exchanges,
20,000 learning outcomes and 200,000 codings. ``--scale`` multiplies every
count (0.5, 1, 2 …), so the same programme shape at twice the size tells how
a report's time grows. The counts can also be set one by one
(``--partnerships``, ``--exchanges``, ``--outcomes``, ``--codings``), and
``--seed`` picks another, equally reproducible, programme.

The database is started afresh exactly as ``load_corpus.py`` does it (the
SQLite file in MUTUALITY_DATA_DIR deleted; a PostgreSQL database dropped and
created again only when its name contains "bench"), then migrated, which
also creates the framework codebook. Then, with ``bulk_create``:

* municipalities: a pool of Dutch municipalities (one can have several
  partnerships) and one partner municipality per partnership in Morocco,
  Turkey, Nicaragua, South Africa, Suriname, Ghana, Indonesia or the
  Palestinian territories (names in Latin script, some of them also in Arabic
  script, as real data would have);
* support programmes (LOGO South, MATRA, …);
* per partnership: two sides (one in ten has a third), status, form,
  initiation, translocal linkage and a recorded governance model drawn from
  the vocabulary; about 10 actors over the sides, 4 projects with types,
  subjects and budgets, 4 objectives, its share of the exchanges (methods,
  directions, settings, stages with exploratory visits first, hosts on both
  sides, 1–3 participations and 0–2 knowledge flows each), learning
  outcomes (both sides, learned from the other, forms, skills, themes,
  flags), about 12 resource contributions (money in euro and in-kind
  hours, nights, …);
* evidence: about 4 respondents and 8 interview sources per partnership
  (a version each, a text of sentences in Dutch, English, Turkish and
  Arabic), and the codings spread over those sources — four in five on a
  dimension of mutual learning with an assessment, a factor role and whose
  learning it concerns, the others on learning forms, skills, knowledge
  domains and exchange methods — by two coders.

Every vocabulary value is a key of :mod:`mutuality.framework.vocabulary`, so
the generated programme passes ``mutuality check`` and the analyses read it
as they read real data. Counts are spread unevenly (a few large
partnerships, many small ones), as in a real programme.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import database_choice, database_version, machine, peak_rss_mib, setup_django  # noqa: E402
from load_corpus import recreate_database  # noqa: E402

BATCH = 2000

# Counts at scale 1 (the issue's programme).
BASE = {"partnerships": 500, "exchanges": 50_000, "outcomes": 20_000, "codings": 200_000}

PARTNER_COUNTRIES = (  # country, weight, whether names also come in Arabic script
    ("MA", 30, True),
    ("TR", 25, False),
    ("NI", 10, False),
    ("ZA", 10, False),
    ("SR", 8, False),
    ("GH", 7, False),
    ("ID", 5, False),
    ("PS", 5, True),
)
SYLLABLES = (
    "ber",
    "ka",
    "ne",
    "zei",
    "st",
    "lo",
    "ra",
    "mo",
    "van",
    "dor",
    "el",
    "ha",
    "tin",
    "gen",
    "sa",
    "bu",
)
ARABIC_NAMES = (
    "بركان",
    "الناظور",
    "وجدة",
    "مكناس",
    "تطوان",
    "الحسيمة",
    "بيت لحم",
    "نابلس",
    "الخليل",
    "أكادير",
)
SUBJECTS = (
    "fire safety",
    "waste management",
    "water supply",
    "youth work",
    "local finance",
    "spatial planning",
    "civil registry",
    "women's participation",
    "tourism",
    "education",
    "health care",
    "urban greening",
)
PROGRAMMES = (
    ("logo-south", "LOGO South", "VNG International", 2004, 2011),
    ("logo-east", "LOGO East", "VNG International", 1997, 2004),
    ("matra", "MATRA", "Ministry of Foreign Affairs", 1994, 2014),
    ("cdi", "Co-development initiative", "NCDO", 2002, 2010),
    ("lgcp", "Local Government Capacity Programme", "VNG International", 2012, 2019),
    ("ssb", "Stedenbanden Samenwerking", "Province", 1985, 2020),
)
SENTENCES = (
    "De brandweer van beide steden sprak dezelfde vakinhoudelijke taal.",
    "The fire officers of both cities spoke the same professional language.",
    "Decisions were mostly made in the Dutch town hall, said the NGO director.",
    "In the partner town the exchange was seen as an equal one.",
    "We learned how to plan waste collection with the neighbourhoods themselves.",
    "Onze ambtenaren kwamen terug met een andere kijk op hun eigen werk.",
    "Ortak projelerde güven zamanla oluştu, ama bütçe hep Hollanda tarafındaydı.",
    "Belediyemiz su yönetiminde çok şey öğrendi.",
    "قال المنسق في بركان: نحن نتعلم معًا",
    "كانت الزيارات الميدانية مفيدة للطرفين.",
    "The migrant association translated at every meeting and opened doors.",
    "Without the volunteers the exchange would have stopped after the first visit.",
    "The budget came from the support programme, the hospitality from the partner.",
    "Both mayors signed the agreement, but the civil servants did the work.",
    "Trust grew over twenty years of visits, also in the years without money.",
    "De raad twijfelde of het project genoeg opleverde voor de eigen inwoners.",
)
LEARNING = (
    "Participatory budgeting with neighbourhood councils",
    "Planning waste collection routes",
    "Working with volunteers in the fire service",
    "Reflection on how our own town treats newcomers",
    "Keeping a civil registry digital and public",
    "Drawing a zoning plan with residents",
    "Running a youth council",
    "Cost recovery for water supply",
)


def choose(rng: random.Random, vocab: str, weights: Sequence[float] | None = None) -> str:
    from mutuality.framework.vocabulary import vocabulary

    keys = vocabulary(vocab).keys()
    return rng.choices(list(keys), weights=weights)[0] if weights else rng.choice(list(keys))


def sample(rng: random.Random, vocab: str, most: int = 2) -> list[str]:
    from mutuality.framework.vocabulary import vocabulary

    keys = list(vocabulary(vocab).keys())
    return sorted(rng.sample(keys, rng.randint(1, min(most, len(keys)))), key=keys.index)


def spread(rng: random.Random, total: int, parts: int, *, minimum: int = 0) -> list[int]:
    """``total`` split over ``parts`` unevenly (a skewed draw, a few large parts), summing exactly."""
    if parts <= 0:
        return []
    base = minimum * parts
    if base > total:
        base, minimum = 0, 0
    weights = [rng.lognormvariate(0, 0.6) for _ in range(parts)]
    scale = (total - base) / sum(weights)
    counts = [minimum + int(w * scale) for w in weights]
    for i in rng.sample(range(parts), total - sum(counts)):
        counts[i] += 1
    return counts


def town_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def generate(counts: dict[str, int], seed: int, log: Callable[[str], None]) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    from mutuality.analysis.folding import fold_text
    from mutuality.evidence.models import Code, Coding, Respondent, Source, SourceVersion
    from mutuality.framework.vocabulary import vocabulary
    from mutuality.partnerships.models import (
        Actor,
        Exchange,
        KnowledgeFlow,
        LearningOutcome,
        Municipality,
        Objective,
        Participation,
        Partnership,
        Project,
        ResourceContribution,
        Side,
        SupportProgramme,
    )

    rng = random.Random(seed)
    timings: dict[str, float] = {}
    made: dict[str, int] = {}

    def step(name: str, started: float, **rows: int) -> None:
        timings[name] = time.perf_counter() - started
        made.update(rows)
        log(f"  {name}: {timings[name]:.1f} s " + ", ".join(f"{k} {v:,}" for k, v in rows.items()))

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    timings["migrate (with framework codebook)"] = time.perf_counter() - started

    n = counts["partnerships"]
    load_started = time.perf_counter()
    with transaction.atomic():
        # --- municipalities, programmes, partnerships, sides ----------------------------
        t = time.perf_counter()
        dutch_pool = max(10, n * 2 // 5)
        municipalities: list[Municipality] = []
        used: set[str] = set()

        def municipality(country: str, arabic: bool, index: int) -> Municipality:
            name = town_name(rng)
            if arabic and rng.random() < 0.35:
                name = f"{rng.choice(ARABIC_NAMES)} {index}"
            key = f"{country.lower()}-{index:05d}"
            used.add(key)
            m = Municipality(
                key=key,
                name=name,
                country=country,
                population=rng.randint(8_000, 900_000),
                population_year=rng.choice((2010, 2015, 2020)),
                migration_role="destination" if country == "NL" else rng.choice(("source", "", "")),
            )
            municipalities.append(m)
            return m

        dutch = [municipality("NL", False, i) for i in range(1, dutch_pool + 1)]
        countries = [c for c, _w, _a in PARTNER_COUNTRIES]
        weights = [w for _c, w, _a in PARTNER_COUNTRIES]
        arabic = {c: a for c, _w, a in PARTNER_COUNTRIES}
        Municipality.objects.bulk_create(municipalities, batch_size=BATCH)
        municipalities = []
        programmes = [
            SupportProgramme(key=key, name=name, funder=funder, start_year=start, end_year=end)
            for key, name, funder, start, end in PROGRAMMES
        ]
        SupportProgramme.objects.bulk_create(programmes)

        partner_of: list[list[Municipality]] = []
        first_of: list[Municipality] = []
        for i in range(n):
            country = rng.choices(countries, weights)[0]
            partners = [municipality(country, arabic[country], i * 2 + 1)]
            if rng.random() < 0.1:  # a three-way partnership
                other = rng.choices(countries, weights)[0]
                partners.append(municipality(other, arabic[other], i * 2 + 2))
            partner_of.append(partners)
            # Some Dutch municipalities have many partnerships, most have one or two.
            first_of.append(dutch[int(dutch_pool * rng.random() ** 2)])
        Municipality.objects.bulk_create(municipalities, batch_size=BATCH)

        partnerships: list[Partnership] = []
        for i in range(n):
            status = rng.choices(("active", "on_hold", "ended"), (70, 15, 15))[0]
            since = rng.randint(1975, 2015)
            names = "–".join([first_of[i].name] + [m.name for m in partner_of[i]])
            partnerships.append(
                Partnership(
                    key=f"p{i + 1:05d}",
                    name=f"{names} ({i + 1})",
                    form=rng.choices(("city_link", "codevelopment_support"), (85, 15))[0],
                    since=since,
                    status=status,
                    status_year=None if status == "active" else rng.randint(since, 2024),
                    initiation=choose(rng, "initiation"),
                    translocal_linkage=rng.choice(("", "none", "limited", "direct")),
                    translocal_description=rng.choice(("", "Migrant associations in the Dutch town.")),
                    governance_model=rng.choice(("", *vocabulary("governance_model").keys())),
                    description=rng.choice(SENTENCES),
                    source="bench/gen_programme.py",
                )
            )
        Partnership.objects.bulk_create(partnerships, batch_size=BATCH)
        sides_of: list[list[Side]] = []
        for i, p in enumerate(partnerships):
            sides_of.append(
                [
                    Side(partnership=p, municipality=m, position=position)
                    for position, m in enumerate([first_of[i], *partner_of[i]])
                ]
            )
        Side.objects.bulk_create([s for sides in sides_of for s in sides], batch_size=BATCH)
        step(
            "municipalities, programmes, partnerships, sides",
            t,
            municipalities=len(dutch) + sum(len(p) for p in partner_of),
            partnerships=n,
            sides=sum(len(s) for s in sides_of),
        )

        # --- actors, projects, objectives ---------------------------------------------
        t = time.perf_counter()
        actor_types = list(vocabulary("actor_type").keys())
        actor_weights = [
            8 if k in ("local_government", "international_desk", "line_department", "ngo") else 2
            for k in actor_types
        ]
        actors_of: list[dict[int, list[Actor]]] = []
        actors: list[Actor] = []
        for i, p in enumerate(partnerships):
            by_side: dict[int, list[Actor]] = {}
            for position, side in enumerate(sides_of[i]):
                mine = []
                for j in range(rng.randint(2, 7)):
                    type_ = rng.choices(actor_types, actor_weights)[0]
                    individual = type_ in ("mayor", "citizen", "migrant")
                    a = Actor(
                        partnership=p,
                        side=side,
                        key=f"a{position}-{j}",
                        name=f"{type_.replace('_', ' ').capitalize()} {side.municipality.name} {j + 1}",
                        kind="individual" if individual else "organisation",
                        type=type_,
                        roles=sample(rng, "actor_role", 2),
                        migrant_background=individual and rng.random() < 0.3,
                    )
                    mine.append(a)
                by_side[position] = mine
                actors.extend(mine)
            actors_of.append(by_side)
        Actor.objects.bulk_create(actors, batch_size=BATCH)

        projects_of: list[list[Project]] = []
        projects: list[Project] = []
        for p in partnerships:
            mine = []
            for j in range(rng.randint(1, 7)):
                start = rng.randint(max(p.since, 1990), 2022)
                mine.append(
                    Project(
                        partnership=p,
                        key=f"pr{j + 1}",
                        name=f"{rng.choice(SUBJECTS).capitalize()} project {j + 1}",
                        types=sample(rng, "project_type", 2),
                        scale_level=choose(rng, "scale_level", (6, 2, 2, 1, 1)),
                        support_programme=rng.choice([None, *programmes]),
                        start_year=start,
                        end_year=rng.choice((None, start + rng.randint(0, 6))),
                        budget_eur=rng.choice((None, Decimal(rng.randrange(5_000, 500_000, 500)))),
                        subjects=rng.sample(SUBJECTS, rng.randint(1, 2)),
                    )
                )
            projects_of.append(mine)
            projects.extend(mine)
        Project.objects.bulk_create(projects, batch_size=BATCH)

        objectives = []
        for i, p in enumerate(partnerships):
            for j, side in enumerate(sides_of[i]):
                for k in range(rng.randint(1, 3)):
                    on_side = actors_of[i][j]
                    objectives.append(
                        Objective(
                            partnership=p,
                            side=side,
                            key=f"o{j}-{k}",
                            type=choose(rng, "objective_type"),
                            actor=rng.choice([None, *on_side]) if on_side else None,
                            project=rng.choice([None, *projects_of[i]]),
                            wording=rng.choice(SENTENCES),
                            clearly_formulated=rng.random() < 0.5,
                        )
                    )
        Objective.objects.bulk_create(objectives, batch_size=BATCH)
        step(
            "actors, projects, objectives",
            t,
            actors=len(actors),
            projects=len(projects),
            objectives=len(objectives),
        )

        # --- exchanges, participations, knowledge flows -------------------------------
        t = time.perf_counter()
        per_partnership = spread(rng, counts["exchanges"], n, minimum=2)
        exchanges_of: list[list[Exchange]] = []
        exchanges: list[Exchange] = []
        methods = list(vocabulary("exchange_method").keys())
        for i, p in enumerate(partnerships):
            mine = []
            first_year = max(p.since or 1990, 1990)
            last_year = p.status_year or 2024
            for j in range(per_partnership[i]):
                year = rng.randint(first_year, max(first_year, last_year))
                start = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
                precision = rng.choices(("day", "month", "year"), (6, 3, 1))[0]
                mine.append(
                    Exchange(
                        partnership=p,
                        key=f"x{j + 1:05d}",
                        title=f"{rng.choice(methods).replace('_', ' ').capitalize()} {year} #{j + 1}",
                        project=rng.choice([None, *projects_of[i]]),
                        start_date=start,
                        end_date=start + dt.timedelta(days=rng.randint(0, 9)) if precision == "day" else None,
                        date_precision=precision,
                        method=rng.choice(methods),
                        direction=rng.choices(("vertical", "horizontal"), (3, 1))[0],
                        setting=rng.choices(("formal", "informal"), (3, 1))[0],
                        stage="exploratory" if j < 2 or rng.random() < 0.05 else "follow_up",
                        host=rng.choice(sides_of[i]),
                    )
                )
            exchanges_of.append(mine)
            exchanges.extend(mine)
        Exchange.objects.bulk_create(exchanges, batch_size=BATCH)
        participations, flows = [], []
        for i, mine in enumerate(exchanges_of):
            sides = sides_of[i]
            for x in mine:
                for position in rng.sample(range(len(sides)), rng.randint(1, len(sides))):
                    on_side = actors_of[i][position]
                    participations.append(
                        Participation(
                            exchange=x,
                            side=sides[position],
                            actor=rng.choice([None, *on_side]) if on_side else None,
                            count=rng.choice((None, rng.randint(1, 25))),
                        )
                    )
                for _ in range(rng.choices((0, 1, 2), (2, 5, 3))[0]):
                    source, target = rng.sample(sides, 2)
                    flows.append(
                        KnowledgeFlow(
                            exchange=x,
                            from_side=source,
                            to_side=target,
                            type=choose(rng, "knowledge_type"),
                            domain=choose(rng, "knowledge_domain"),
                        )
                    )
        Participation.objects.bulk_create(participations, batch_size=BATCH)
        KnowledgeFlow.objects.bulk_create(flows, batch_size=BATCH)
        step(
            "exchanges, participations, knowledge flows",
            t,
            exchanges=len(exchanges),
            participations=len(participations),
            knowledge_flows=len(flows),
        )

        # --- learning outcomes, resources --------------------------------------------
        t = time.perf_counter()
        per_partnership = spread(rng, counts["outcomes"], n, minimum=1)
        outcomes = []
        for i, p in enumerate(partnerships):
            sides = sides_of[i]
            # The Dutch side learns less often than its partners, as in the case studies; sometimes much less.
            dutch_share = rng.choice((0.1, 0.3, 0.45, 0.5))
            for j in range(per_partnership[i]):
                position = 0 if rng.random() < dutch_share else rng.randint(1, len(sides) - 1)
                learner = sides[position]
                teacher = rng.choice([s for s in sides if s is not learner])
                flags = {
                    flag: rng.random() < chance
                    for flag, chance in (
                        ("intended", 0.5),
                        ("recognised", 0.6),
                        ("implemented", 0.4),
                        ("disseminated_internally", 0.3),
                        ("disseminated_externally", 0.15),
                        ("institutionalised", 0.1),
                    )
                }
                on_side = actors_of[i][position]
                outcomes.append(
                    LearningOutcome(
                        partnership=p,
                        key=f"l{j + 1:05d}",
                        side=learner,
                        actor=rng.choice([None, *on_side]) if on_side else None,
                        learned_from=teacher if rng.random() < 0.9 else None,
                        project=rng.choice([None, *projects_of[i]]),
                        exchange=rng.choice(exchanges_of[i])
                        if exchanges_of[i] and rng.random() < 0.6
                        else None,
                        description=rng.choice(LEARNING),
                        # global_citizenship, added to the vocabulary later, weighs 0: the same programme
                        form=choose(rng, "learning_form", (4, 4, 2, 1, 0)),
                        skills=sample(rng, "skill", 2),
                        theme=rng.choice(("", *vocabulary("learning_theme").keys())),
                        issue_relation=rng.choice(("", "similar", "complementary")),
                        **flags,
                    )
                )
        LearningOutcome.objects.bulk_create(outcomes, batch_size=BATCH)
        resources = []
        in_kind = {
            "hospitality": "nights",
            "volunteer_hours": "hours",
            "lodging": "nights",
            "travel": "persons",
            "staff_time": "days",
            "goods": "items",
        }
        for i, p in enumerate(partnerships):
            for j in range(rng.randint(4, 20)):
                position = rng.randrange(len(sides_of[i]))
                kind = rng.choices(list(vocabulary("resource_kind").keys()), (5, 2, 2, 1, 1, 2, 1))[0]
                start = rng.randint(max(p.since or 1990, 1990), 2023)
                known = kind == "financial" or rng.random() < 0.6
                resources.append(
                    ResourceContribution(
                        partnership=p,
                        key=f"r{j + 1:03d}",
                        side=sides_of[i][position],
                        actor=rng.choice([None, *actors_of[i][position]]) if actors_of[i][position] else None,
                        project=rng.choice([None, *projects_of[i]]),
                        programme=rng.choice([None, None, *programmes]) if kind == "financial" else None,
                        kind=kind,
                        amount=Decimal(rng.randrange(100, 80_000, 50)) if known else None,
                        unit=("eur" if kind == "financial" else in_kind[kind]) if known else "",
                        start_year=start,
                        end_year=rng.choice((None, start, start + rng.randint(1, 4))),
                    )
                )
        ResourceContribution.objects.bulk_create(resources, batch_size=BATCH)
        step("learning outcomes, resources", t, learning_outcomes=len(outcomes), resources=len(resources))

        # --- evidence: respondents, sources, versions, codings ------------------------
        t = time.perf_counter()
        users = []
        for username in ("coder_a", "coder_b"):
            user = get_user_model()(username=username)
            user.set_unusable_password()
            users.append(user)
        get_user_model().objects.bulk_create(users)
        users = list(
            get_user_model().objects.filter(username__in=["coder_a", "coder_b"]).order_by("username")
        )
        respondents_of: list[list[Respondent]] = []
        respondents = []
        roles = (
            "policy officer",
            "mayor",
            "NGO director",
            "alderman",
            "volunteer",
            "migrant association chair",
        )
        for i in range(n):
            mine = []
            for j in range(rng.randint(2, 6)):
                side = rng.choice(sides_of[i])
                mine.append(
                    Respondent(
                        key=f"r-p{i + 1:05d}-{j + 1}",
                        label=f"R{i + 1}.{j + 1}",
                        role=rng.choice(roles),
                        organisation_type=rng.choice(("local_government", "ngo", "migrant_organisation", "")),
                        side=side,
                        country=side.municipality.country,
                    )
                )
            respondents_of.append(mine)
            respondents.extend(mine)
        Respondent.objects.bulk_create(respondents, batch_size=BATCH)

        sources_per = spread(rng, max(n, counts["codings"] // 50), n, minimum=1)
        sources, links, texts, sentence_starts = [], [], [], []
        owner: list[int] = []
        for i in range(n):
            for j in range(sources_per[i]):
                respondent = rng.choice(respondents_of[i])
                sentences = [rng.choice(SENTENCES) for _ in range(rng.randint(20, 45))]
                text = "\n".join(sentences)
                starts, position = [], 0
                for sentence in sentences:
                    starts.append((position, position + len(sentence)))
                    position += len(sentence) + 1
                texts.append(text)
                sentence_starts.append(starts)
                owner.append(i)
                sources.append(
                    Source(
                        key=f"s-p{i + 1:05d}-{j + 1:03d}",
                        title=f"Interview {respondent.label} ({respondent.role})",
                        kind=rng.choices(("interview", "observation", "document"), (8, 1, 1))[0],
                        side=respondent.side,
                        date=dt.date(rng.randint(2005, 2024), rng.randint(1, 12), rng.randint(1, 28)),
                        language=rng.choice(("nl", "en", "tr", "ar")),
                        respondent=respondent,
                        confidential=rng.random() < 0.2,
                    )
                )
        Source.objects.bulk_create(sources, batch_size=BATCH)
        through = Source.partnerships.through
        for source, i in zip(sources, owner, strict=True):
            links.append(through(source_id=source.pk, partnership_id=partnerships[i].pk))
        through.objects.bulk_create(links, batch_size=BATCH)
        versions = [
            SourceVersion(
                source=source,
                number=1,
                text=text,
                sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                folded_text=fold_text(text),  # as the app folds it on save (bulk_create sends no signal)
                format="text",
            )
            for source, text in zip(sources, texts, strict=True)
        ]
        SourceVersion.objects.bulk_create(versions, batch_size=500)
        step("respondents, sources, versions", t, respondents=len(respondents), sources=len(sources))

        t = time.perf_counter()
        framework = {
            (vocab, term): pk
            for pk, vocab, term in Code.objects.exclude(term="").values_list("id", "vocabulary", "term")
        }
        dimensions = [pk for (vocab, _term), pk in framework.items() if vocab == "dimension"]
        others = [
            pk
            for (vocab, _term), pk in framework.items()
            if vocab in ("learning_form", "skill", "knowledge_domain", "exchange_method")
        ]
        per_source = spread(rng, counts["codings"], len(sources))
        total = 0
        batch: list[Coding] = []
        for index, (version, count) in enumerate(zip(versions, per_source, strict=True)):
            sides = sides_of[owner[index]]
            starts = sentence_starts[index]
            text = texts[index]
            lean = rng.random()  # how this source's passages lean: enabling or limiting
            for _ in range(count):
                first, last = starts[rng.randrange(len(starts))]
                begin = rng.randint(first, max(first, (first + last) // 2))
                end = rng.randint(min(begin + 8, last), last)
                if rng.random() < 0.8:
                    code = rng.choice(dimensions)
                    assessment = rng.choices(("strong", "moderate", "limited", ""), (3, 3, 2, 2))[0]
                    role = "enabling" if rng.random() < lean else "limiting"
                    concerns = rng.choice([None, *sides])
                else:
                    code, assessment, role, concerns = rng.choice(others), "", "", None
                batch.append(
                    Coding(
                        version=version,
                        start=begin,
                        end=end,
                        quote=text[begin:end],
                        folded_quote=fold_text(text[begin:end]),
                        code_id=code,
                        coder=users[total % 2],
                        assessment=assessment,
                        factor_role=role if assessment or rng.random() < 0.5 else "",
                        concerns_side=concerns,
                        memo="Memo: see the follow-up interview." if rng.random() < 0.02 else "",
                    )
                )
                total += 1
            if len(batch) >= 20_000:
                Coding.objects.bulk_create(batch, batch_size=BATCH)
                batch = []
        Coding.objects.bulk_create(batch, batch_size=BATCH)
        step("codings", t, codings=total)
        t = time.perf_counter()
    timings["commit"] = time.perf_counter() - t
    timings["load total (without migrate)"] = time.perf_counter() - load_started
    if connection.vendor == "postgresql":
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        timings["ANALYZE (PostgreSQL only)"] = time.perf_counter() - t
    return {"timings": timings, "counts": made}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply every count (default 1: the issue's programme)"
    )
    parser.add_argument(
        "--partnerships", type=int, help=f"partnerships (default {BASE['partnerships']:,} × scale)"
    )
    parser.add_argument("--exchanges", type=int, help=f"exchanges (default {BASE['exchanges']:,} × scale)")
    parser.add_argument(
        "--outcomes", type=int, help=f"learning outcomes (default {BASE['outcomes']:,} × scale)"
    )
    parser.add_argument("--codings", type=int, help=f"codings (default {BASE['codings']:,} × scale)")
    parser.add_argument(
        "--seed", type=int, default=2026, help="random seed (the same seed gives the same programme)"
    )
    parser.add_argument("--json", help="also write the counts and timings to this JSON file")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    counts = {name: max(1, round(base * args.scale)) for name, base in BASE.items()}
    for name in BASE:
        if getattr(args, name) is not None:
            counts[name] = getattr(args, name)

    kind = database_choice()
    target = recreate_database(kind)
    setup_django()
    print(
        f"generating a programme (scale {args.scale:g}: {json.dumps(counts)}, seed {args.seed}) into {target}",
        flush=True,
    )
    result = generate(counts, args.seed, lambda line: print(line, flush=True))
    result.update(
        scale=args.scale,
        seed=args.seed,
        asked=counts,
        database=database_version(),
        machine=machine(),
        peak_rss_mib=round(peak_rss_mib(), 1),
    )
    width = max(len(name) for name in [*result["timings"], *result["counts"]])
    for name, seconds in result["timings"].items():
        print(f"  {name:<{width}}  {seconds:9.2f} s")
    for name, count in result["counts"].items():
        print(f"  {name:<{width}}  {count:>11,}")
    print(f"  {'peak RSS':<{width}}  {result['peak_rss_mib']:9.0f} MiB   ({result['database']})")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
