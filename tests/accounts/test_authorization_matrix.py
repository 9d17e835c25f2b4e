"""Every URL × every role, on two partnerships: allowed or denied, as the access rules say.

A URL the application serves but this table does not name fails the test, so a
new page cannot ship without deciding who may use it. "Allowed" means the
request passed the access check (a page, a redirect after saving, a form with
errors); "denied" means 403 or 404; anonymous visitors are sent to the login (the API answers 401).
Every request runs in a transaction rolled back afterwards, so one row's POST
does not change the next row's world.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mutuality.api.lazy import LazyView
from mutuality.qdaexchange.models import QdaImport
from tests.accounts.conftest import ROLES, World, client_for

ON_P1 = {"admin", "researcher", "coder", "editor", "contributor", "viewer"}
LOGGED_IN = set(ROLES) - {"anonymous"}
EVIDENCE_READERS = {"admin", "researcher", "coder", "editor", "viewer", "outsider"}
RESEARCHERS = {"admin", "researcher", "outsider"}  # the outsider researches the other partnership
PUBLIC = set(ROLES)

# URL names served by Django itself or by packages, outside this table.
NOT_OURS = {"javascript-catalog"}


@dataclass(frozen=True)
class Case:
    name: str  # the URL name
    allowed: set[str]
    url: Callable[[World], str]
    method: str = "get"
    data: Callable[[World], dict[str, Any]] = lambda w: {}
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}{':' + self.label if self.label else ''} {self.method.upper()}"


def url(name: str, *args: Callable[[World], Any]) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[arg(w) for arg in args])


def record_cases() -> list[Case]:
    """Record pages per kind, for a record on the editor's side (A) and on the other side (B)."""
    cases = []
    kinds = {
        "actors": ({"admin", "editor"}, {"admin"}),
        "objectives": ({"admin", "editor"}, {"admin"}),
        "learning": ({"admin", "editor", "contributor"}, {"admin"}),
        "resources": ({"admin", "editor"}, {"admin"}),
        "projects": ({"admin", "editor"}, None),
        "exchanges": ({"admin", "editor"}, None),
    }
    for kind, (own, other) in kinds.items():
        adders = {"admin", "editor"} | ({"contributor"} if kind in ("exchanges", "learning") else set())
        cases.append(
            Case(
                "record-new", adders, lambda w, k=kind: reverse("record-new", args=[w.p1.key, k]), label=kind
            )
        )
        cases.append(
            Case(
                "record-new",
                adders,
                lambda w, k=kind: reverse("record-new", args=[w.p1.key, k]),
                method="post",
                data=lambda w, k=kind: new_record_data(w, k),
                label=kind,
            )
        )
        for where, allowed in (("A", own), ("B", other)):
            if allowed is None:
                continue
            record = lambda w, k=kind, s=where: w.records[(k, s)].key  # noqa: E731
            for name in ("record-edit", "record-delete"):
                cases.append(
                    Case(
                        name,
                        allowed,
                        lambda w, k=kind, n=name, r=record: reverse(n, args=[w.p1.key, k, r(w)]),
                        label=f"{kind}@{where}",
                    )
                )
                cases.append(
                    Case(
                        name,
                        allowed,
                        lambda w, k=kind, n=name, r=record: reverse(n, args=[w.p1.key, k, r(w)]),
                        method="post",
                        label=f"{kind}@{where}",
                    )
                )
    return cases


def new_record_data(world: World, kind: str) -> dict[str, Any]:
    """A new record of ``kind`` on the editor's side (A): saved by who may add it there."""
    side = world.side_a.pk
    return {
        "actors": {"side": side, "name": "New actor", "kind": "organisation", "type": "local_government"},
        "objectives": {"side": side, "type": "international_norms"},
        "learning": {"side": side, "description": "Learned", "form": "transfer"},
        "resources": {"side": side, "kind": "hospitality"},
        "projects": {"name": "New project", "types": ["local_governance"], "scale_level": "project"},
        "exchanges": {
            "title": "New exchange",
            "method": "field_visit",
            "host": side,
            "start_date": "2024-05-01",
            "date_precision": "day",
            "direction": "horizontal",
            "setting": "formal",
            "stage": "exploratory",
            **{
                f"{prefix}-{field}": 0
                for prefix in ("participants", "knowledge")
                for field in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    }[kind]


def password_reset_link(world: World, set_password: bool = False) -> str:
    """The link of a password-reset email for the viewer (``set_password``: the page it leads to)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = type(world.users["viewer"]).objects.get(
        pk=world.users["viewer"].pk
    )  # as stored: the token hashes it
    token = "set-password" if set_password else default_token_generator.make_token(user)
    return reverse("password_reset_confirm", args=[urlsafe_base64_encode(force_bytes(user.pk)), token])


NEW_PASSWORD = {"new_password1": "another-long-test-password", "new_password2": "another-long-test-password"}


def coding_by(world: World, role: str, source: str = "open_source") -> int:
    """A coding made by ``role`` on one of the world's sources (created inside the rolled-back request)."""
    from mutuality.evidence.models import Coding

    version = getattr(world, source).current
    return Coding.objects.create(version=version, start=0, end=3, code=world.code, coder=world.users[role]).pk


def atlas_city(world: World) -> int:
    """A city of the atlas matched to Zeist, linked to Berkane, and the Morocco–Netherlands corridor
    (made inside the rolled-back request, or found when a sweep asks again); the city's id."""
    from mutuality.atlas.models import City, CorridorStock, Link

    zeist = world.p2.sides.get(municipality__key="zeist").municipality
    city, _made = City.objects.get_or_create(
        key="zeist|NL",
        defaults={"name": "Zeist", "country": "NL", "municipality": zeist, "latitude": 52, "longitude": 5},
    )
    berkane, _made = City.objects.get_or_create(
        key="berkane|MA", defaults={"name": "Berkane", "country": "MA", "latitude": 35, "longitude": -2}
    )
    Link.objects.get_or_create(
        city_a=min(city, berkane, key=lambda c: c.pk), city_b=max(city, berkane, key=lambda c: c.pk)
    )
    CorridorStock.objects.get_or_create(
        origin="MA", destination="NL", year=2019, defaults={"migrants": 180_879}
    )
    return city.pk


def in_atlas(name: str, *args: str) -> Callable[[World], str]:
    """The URL ``name``, once the atlas has a city matched to Zeist and a corridor (:func:`atlas_city`)."""

    def made(world: World) -> str:
        atlas_city(world)
        return reverse(name, args=list(args))

    return made


def atlas_cases() -> list[Case]:
    """The atlas (issue 20): public lists, for every signed-in user; the API answers anonymous callers 401."""
    return [
        Case("atlas", LOGGED_IN, url("atlas")),
        Case("atlas-city", LOGGED_IN, url("atlas-city", atlas_city)),
        Case("atlas-discover", LOGGED_IN, in_atlas("atlas-discover", "zeist")),
        Case("api-atlas-stats", LOGGED_IN, url("api-atlas-stats")),
        Case("api-atlas-city-list", LOGGED_IN, url("api-atlas-city-list")),
        Case("api-atlas-city-detail", LOGGED_IN, url("api-atlas-city-detail", atlas_city)),
        Case("api-atlas-link-list", LOGGED_IN, url("api-atlas-link-list")),
        Case("api-atlas-corridor", LOGGED_IN, in_atlas("api-atlas-corridor", "NL", "MA")),
        Case("api-atlas-discover", LOGGED_IN, in_atlas("api-atlas-discover", "zeist")),
    ]


def report_job_of(world: World, role: str) -> Any:
    """A report of the first partnership made for ``role``, its file written."""
    from mutuality.reports.models import ReportJob

    job = ReportJob.objects.create(
        user=world.users[role],
        kind="partnership",
        partnerships=[world.p1.key],
        format="md",
        language="en",
        status="done",
        file_name=f"{world.p1.key}-report.md",
        size=9,
    )
    job.path.write_bytes(b"# Report\n")
    return job.pk


def import_job_of(world: World, role: str) -> Any:
    """A spreadsheet uploaded by ``role``, waiting for the worker (its page does not read the file)."""
    from mutuality.jobs.models import ImportJob

    job = ImportJob.objects.create(
        user=world.users[role], kind="spreadsheet", language="en", file_name="edited.xlsx"
    )
    return job.pk


def assessment_round(world: World, partnership: str = "p1") -> Any:
    """A self-assessment round of a partnership, open today (made inside the rolled-back request)."""
    from mutuality.selfassessment.models import Instrument, Round
    from tests.web.selfassessment.conftest import make_instrument, make_round

    key = f"matrix-{partnership}"
    instrument = Instrument.objects.filter(key=key).first() or make_instrument(key)
    return make_round(getattr(world, partnership), instrument, name=f"matrix {Round.objects.count()}")


def assessment_link(world: World) -> tuple[Any, str]:
    """A link to the first partnership's round for the editor's side (A), and its token."""
    from mutuality.selfassessment.models import SideLink

    return SideLink.issue(assessment_round(world), world.side_a)


def assessment_resume(world: World) -> str:
    """A respondent's own resume token, for a response started through side A's link."""
    from mutuality.selfassessment.models import Response, new_token, token_hash

    link, _token = assessment_link(world)
    resume = new_token()
    Response.objects.create(link=link, round=link.round, side=link.side, resume_hash=token_hash(resume))
    return resume


RUNS_ASSESSMENT = {"admin", "researcher", "editor"}
MEMBERS_ANYWHERE = ON_P1 | {"outsider"}  # a member of any partnership


def builtin_instrument() -> str:
    from mutuality.formats.instruments import ensure_builtin_instruments

    ensure_builtin_instruments()
    return "mutual-learning"


def assessment_cases() -> list[Case]:
    """The self-assessment: its runners (editors of either side, researchers) create rounds and
    handle links; whoever reads the partnership reads the results; respondents need no account."""
    p1 = lambda w: w.p1.key  # noqa: E731
    round_of = lambda w: assessment_round(w).pk  # noqa: E731
    link_of = lambda w: assessment_link(w)[0]  # noqa: E731
    return [
        Case("assessment-rounds", ON_P1, url("assessment-rounds", p1)),
        Case(
            "assessment-rounds",
            {"admin", "outsider"},
            url("assessment-rounds", lambda w: w.p2.key),
            label="other",
        ),
        Case(
            "assessment-rounds",
            RUNS_ASSESSMENT,
            url("assessment-rounds", p1),
            method="post",
            data=lambda w: {"name": "New round", "opens_on": "2027-01-01", "closes_on": "2027-02-01"},
        ),
        Case("assessment-round", ON_P1, url("assessment-round", p1, round_of)),
        Case(
            "assessment-round",
            {"admin", "outsider"},
            url("assessment-round", lambda w: w.p2.key, lambda w: assessment_round(w, "p2").pk),
            label="other",
        ),
        Case("assessment-links", RUNS_ASSESSMENT, url("assessment-links", p1, round_of)),
        Case(
            "assessment-link-new",
            RUNS_ASSESSMENT,
            url("assessment-link-new", p1, round_of),
            method="post",
            data=lambda w: {"side": w.side_b.municipality.key},
        ),
        Case(
            "assessment-link-email",
            RUNS_ASSESSMENT,
            lambda w: (
                lambda link: reverse("assessment-link-email", args=[w.p1.key, link.round_id, link.pk])
            )(link_of(w)),
            method="post",
            data=lambda w: {"token": "not-the-token", "email": "partner@example.org"},
        ),
        Case(
            "assessment-link-remind",
            RUNS_ASSESSMENT,
            lambda w: (
                lambda link: reverse("assessment-link-remind", args=[w.p1.key, link.round_id, link.pk])
            )(link_of(w)),
            method="post",
            data=lambda w: {"url": "https://example.org/a/not-the-token/", "addresses": "a@example.org"},
        ),
        Case(
            "assessment-reminders",
            RUNS_ASSESSMENT,
            url("assessment-reminders", p1, round_of, lambda w: "00000000-0000-0000-0000-000000000000"),
        ),
        Case(
            "assessment-link-revoke",
            RUNS_ASSESSMENT,
            lambda w: (
                lambda link: reverse("assessment-link-revoke", args=[w.p1.key, link.round_id, link.pk])
            )(link_of(w)),
            method="post",
        ),
        # Comments kept as sources: for the partnership's researchers (who add sources) only.
        Case(
            "assessment-comments-to-evidence",
            {"admin", "researcher"},
            url("assessment-comments-to-evidence", p1, round_of),
            method="post",
        ),
        Case(
            "assessment-respond",
            PUBLIC,
            lambda w: reverse("assessment-respond", args=[assessment_link(w)[1]]),
        ),
        Case(
            "assessment-respond",
            PUBLIC,
            lambda w: reverse("assessment-respond", args=[assessment_link(w)[1]]),
            method="post",
        ),
        Case(
            "assessment-resume", PUBLIC, lambda w: reverse("assessment-resume", args=[assessment_resume(w)])
        ),
        Case(
            "assessment-resume",
            PUBLIC,
            lambda w: reverse("assessment-resume", args=[assessment_resume(w)]),
            method="post",
            data=lambda w: {"item-trust-1": "4"},
        ),
    ]


def assessment_export_cases() -> list[Case]:
    """A round's downloads (answers hold comments: its runners only), its report (every reader of
    the partnership; the PDF asked for with a POST), the programme overview (each reader's own
    partnerships) and the API's self-assessment (the API's rights)."""
    p1 = lambda w: w.p1.key  # noqa: E731
    round_of = lambda w: assessment_round(w).pk  # noqa: E731

    def answers(fmt: str) -> Callable[[World], str]:
        return lambda w: reverse("assessment-answers", args=[w.p1.key, assessment_round(w).pk, fmt])

    return [
        Case("assessment-answers", RUNS_ASSESSMENT, answers("csv"), label="csv"),
        Case("assessment-answers", RUNS_ASSESSMENT, answers("xlsx"), label="xlsx"),
        Case("assessment-scores", RUNS_ASSESSMENT, url("assessment-scores", p1, round_of)),
        Case("assessment-report", ON_P1, url("assessment-report", p1, round_of)),
        Case(
            "assessment-report",
            {"admin", "outsider"},
            url("assessment-report", lambda w: w.p2.key, lambda w: assessment_round(w, "p2").pk),
            label="other",
        ),
        Case(
            "assessment-report",
            ON_P1,
            url("assessment-report", p1, round_of),
            method="post",
            data=lambda w: {"format": "pdf"},
        ),
        Case("assessment-programme", LOGGED_IN, url("assessment-programme")),
        # The questionnaires: read by every member of a partnership, loaded by administrators.
        Case("assessment-instruments", MEMBERS_ANYWHERE, url("assessment-instruments")),
        Case(
            "assessment-instruments",
            {"admin"},
            url("assessment-instruments"),
            method="post",
            data=lambda w: {},
        ),
        Case(
            "assessment-instrument",
            MEMBERS_ANYWHERE,
            url("assessment-instrument", lambda w: builtin_instrument()),
        ),
        Case("api-self-assessment", ON_P1, url("api-self-assessment", p1)),
        Case(
            "api-self-assessment",
            {"admin", "outsider"},
            url("api-self-assessment", lambda w: w.p2.key),
            label="other",
        ),
    ]


def api_cases() -> list[Case]:
    """The JSON API (docs/api.md): the web app's rights; anonymous callers get 401."""
    sources = {"admin", "researcher", "coder", "editor", "viewer"}
    cases = [
        Case("api-schema", PUBLIC, url("api-schema")),
        Case("api-docs", PUBLIC, url("api-docs")),
        Case("api-source-list", LOGGED_IN, url("api-source-list")),
        Case("api-source-detail", sources, url("api-source-detail", lambda w: w.open_source.key)),
        Case(
            "api-source-detail",
            {"admin", "researcher"},
            url("api-source-detail", lambda w: w.confidential_source.key),
            label="confidential",
        ),
        Case(
            "api-source-detail",
            {"admin", "outsider"},
            url("api-source-detail", lambda w: w.other_source.key),
            label="other",
        ),
        Case("api-code-list", EVIDENCE_READERS, url("api-code-list")),
        Case("api-code-detail", EVIDENCE_READERS, url("api-code-detail", lambda w: w.code.pk)),
        Case("api-coding-list", EVIDENCE_READERS, url("api-coding-list")),
        Case("api-coding-detail", sources, url("api-coding-detail", lambda w: w.coding.pk)),
        # Writing evidence: a researcher of any partnership may post a source or a code (an empty
        # body is then answered 400); a coding on the open source by whoever may code it (the
        # outsider is answered 400: the source named is not found, as other unknown keys).
        Case("api-source-list", RESEARCHERS, url("api-source-list"), method="post"),
        Case("api-code-list", RESEARCHERS, url("api-code-list"), method="post"),
        Case(
            "api-coding-list",
            {"admin", "researcher", "coder", "outsider"},
            url("api-coding-list"),
            method="post",
            data=lambda w: {
                "source": w.open_source.key,
                "start": 4,
                "end": 8,
                "quote": "open",
                "code": w.code.pk,
            },
        ),
        Case("api-partnership-list", LOGGED_IN, url("api-partnership-list")),
        Case("api-partnership-list", {"admin"}, url("api-partnership-list"), method="post"),
        Case("api-partnership-detail", ON_P1, url("api-partnership-detail", lambda w: w.p1.key)),
        Case(
            "api-partnership-detail",
            {"admin", "outsider"},
            url("api-partnership-detail", lambda w: w.p2.key),
            label="other",
        ),
        Case(
            "api-partnership-detail",
            {"admin"},
            url("api-partnership-detail", lambda w: w.p1.key),
            method="delete",
        ),
    ]
    for name, key in (("municipality", "haarlem"), ("programme", "logo-east")):
        cases += [
            Case(f"api-{name}-list", LOGGED_IN, url(f"api-{name}-list")),
            Case(f"api-{name}-list", {"admin"}, url(f"api-{name}-list"), method="post"),
            Case(f"api-{name}-detail", LOGGED_IN, url(f"api-{name}-detail", lambda w, k=key: k)),
            Case(
                f"api-{name}-detail",
                {"admin"},
                url(f"api-{name}-detail", lambda w, k=key: k),
                method="delete",
            ),
        ]
    kinds = {  # URL name: (record kind, adders, changers of side A's record, of side B's)
        "actor": ("actors", {"admin", "editor"}, {"admin", "editor"}, {"admin"}),
        "objective": ("objectives", {"admin", "editor"}, {"admin", "editor"}, {"admin"}),
        "learning-outcome": (
            "learning",
            {"admin", "editor", "contributor"},
            {"admin", "editor", "contributor"},
            {"admin"},
        ),
        "resource": ("resources", {"admin", "editor"}, {"admin", "editor"}, {"admin"}),
        "project": ("projects", {"admin", "editor"}, {"admin", "editor"}, None),
        "exchange": ("exchanges", {"admin", "editor", "contributor"}, {"admin", "editor"}, None),
    }
    for name, (kind, adders, own, other) in kinds.items():
        listing = url(f"api-{name}-list", lambda w: w.p1.key)
        cases += [
            Case(f"api-{name}-list", ON_P1, listing),
            Case(f"api-{name}-list", adders, listing, method="post"),
        ]
        for where, allowed in (("A", own), ("B", other)):
            if allowed is None:
                continue
            detail = url(
                f"api-{name}-detail", lambda w: w.p1.key, lambda w, k=kind, s=where: w.records[(k, s)].key
            )
            cases += [
                Case(f"api-{name}-detail", ON_P1, detail, label=where),
                Case(f"api-{name}-detail", allowed, detail, method="delete", label=where),
            ]
    return cases


CASES: list[Case] = [
    Case("home", PUBLIC, url("home")),
    Case("framework", PUBLIC, url("framework")),
    Case(
        "set_language",
        PUBLIC,
        url("set_language"),
        method="post",
        data=lambda w: {"language": "en", "next": "/"},
    ),
    Case("login", PUBLIC, url("login")),
    Case(
        "login",
        PUBLIC,
        url("login"),
        method="post",
        data=lambda w: {"username": "viewer", "password": "a-long-test-password"},
    ),
    Case("logout", PUBLIC, url("logout"), method="post"),
    Case("partnerships", LOGGED_IN, url("partnerships")),
    Case("partnership-new", {"admin"}, url("partnership-new")),
    Case(
        "partnership-new",
        {"admin"},
        url("partnership-new"),
        method="post",
        data=lambda w: {
            "name": "New partnership",
            "form": "city_link",
            "status": "active",
            "municipalities": [
                w.side_b.municipality.pk,
                w.p2.sides.get(municipality__key="zeist").municipality.pk,
            ],
            "first_municipality": w.side_b.municipality.pk,
        },
    ),
    Case("partnership", ON_P1, url("partnership", lambda w: w.p1.key)),
    Case("partnership", {"admin", "outsider"}, url("partnership", lambda w: w.p2.key), label="other"),
    Case("partnership-edit", {"admin"}, url("partnership-edit", lambda w: w.p1.key)),
    Case("partnership-edit", {"admin"}, url("partnership-edit", lambda w: w.p1.key), method="post"),
    # Which side is first (keeps the record): whoever may edit the partnership; the second side of p1
    # is the editor's own (side A, Emirdağ), who may still not choose.
    Case(
        "side-first",
        {"admin"},
        url("side-first", lambda w: w.p1.key, lambda w: w.side_a.municipality.key),
        method="post",
    ),
    *record_cases(),
    Case("municipalities", LOGGED_IN, url("municipalities")),
    Case("municipality-new", {"admin"}, url("municipality-new")),
    Case(
        "municipality-new",
        {"admin"},
        url("municipality-new"),
        method="post",
        data=lambda w: {"name": "Utrecht", "country": "NL"},
    ),
    Case("municipality-edit", {"admin"}, url("municipality-edit", lambda w: "haarlem"), method="post"),
    Case("programmes", LOGGED_IN, url("programmes")),
    Case("programme-new", {"admin"}, url("programme-new")),
    Case(
        "programme-new",
        {"admin"},
        url("programme-new"),
        method="post",
        data=lambda w: {"name": "New programme"},
    ),
    Case("programme-edit", {"admin"}, url("programme-edit", lambda w: "logo-east"), method="post"),
    # Evidence
    Case("sources", LOGGED_IN, url("sources")),
    Case("source-new", RESEARCHERS, url("source-new")),
    Case(
        "source-new",
        RESEARCHERS,
        url("source-new"),
        method="post",
        data=lambda w: {
            "title": "New interview",
            "kind": "interview",
            "partnerships": [w.p1.pk],
            "text": "Words.",
            "language": "en",
        },
    ),
    Case(
        "source",
        {"admin", "researcher", "coder", "editor", "viewer"},
        url("source", lambda w: w.open_source.key),
    ),
    Case(
        "source",
        {"admin", "researcher"},
        url("source", lambda w: w.confidential_source.key),
        label="confidential",
    ),
    Case("source", {"admin", "outsider"}, url("source", lambda w: w.other_source.key), label="other"),
    Case("source-edit", {"admin", "researcher"}, url("source-edit", lambda w: w.open_source.key)),
    Case(
        "source-edit", {"admin", "researcher"}, url("source-edit", lambda w: w.open_source.key), method="post"
    ),
    Case(
        "source-text", {"admin", "researcher"}, url("source-text", lambda w: w.open_source.key), method="post"
    ),
    Case(
        "coding-create",
        {"admin", "researcher", "coder"},
        url("coding-create", lambda w: w.open_source.key),
        method="post",
        data=lambda w: {"start": 0, "end": 3, "quote": "The", "codes": [w.code.pk]},
    ),
    Case(
        "coding-create",
        {"admin", "researcher"},
        url("coding-create", lambda w: w.confidential_source.key),
        method="post",
        data=lambda w: {"start": 0, "end": 3, "quote": "Off", "codes": [w.code.pk]},
        label="confidential",
    ),
    # The coding assistant's suggestions: for whoever may code the source (a POST without a
    # suggestion is answered, not refused, for them).
    Case(
        "source-suggestions",
        {"admin", "researcher", "coder"},
        url("source-suggestions", lambda w: w.open_source.key),
    ),
    Case(
        "source-suggestions",
        {"admin", "researcher"},
        url("source-suggestions", lambda w: w.confidential_source.key),
        label="confidential",
    ),
    *(
        Case(name, {"admin", "researcher", "coder"}, url(name, lambda w: w.open_source.key), method="post")
        for name in ("suggestion-accept", "suggestion-reject", "suggestion-edit")
    ),
    Case(
        "coding-delete", {"admin", "researcher"}, url("coding-delete", lambda w: w.coding.pk), method="post"
    ),
    Case(
        "coding-delete",
        {"admin", "researcher", "coder"},
        url("coding-delete", lambda w: coding_by(w, "coder")),
        method="post",
        label="own coding",
    ),
    # A coding's memo: its coder (while they may code the source) and the source's researchers.
    Case(
        "coding-memo",
        {"admin", "researcher"},
        url("coding-memo", lambda w: w.coding.pk),
        method="post",
        data=lambda w: {"memo": "a memo"},
    ),
    Case(
        "coding-memo",
        {"admin", "researcher", "coder"},
        url("coding-memo", lambda w: coding_by(w, "coder")),
        method="post",
        data=lambda w: {"memo": "a memo"},
        label="own coding",
    ),
    Case(
        "coding-memo",
        {"admin", "researcher"},
        url("coding-memo", lambda w: coding_by(w, "researcher", "confidential_source")),
        method="post",
        data=lambda w: {"memo": "a memo"},
        label="confidential",
    ),
    # The coding workbench: the counts for whoever reads the source; changing a coding, moving its
    # edges, as its memo; undoing for whoever may code the source (their own last action only).
    Case(
        "code-counts",
        {"admin", "researcher", "coder", "editor", "viewer"},
        url("code-counts", lambda w: w.open_source.key),
    ),
    Case(
        "code-counts",
        {"admin", "researcher"},
        url("code-counts", lambda w: w.confidential_source.key),
        label="confidential",
    ),
    # The rest of a source's list of codings, asked for by its page: for whoever reads the source.
    Case(
        "codings-after",
        {"admin", "researcher", "coder", "editor", "viewer"},
        url("codings-after", lambda w: w.open_source.key),
    ),
    Case(
        "codings-after",
        {"admin", "researcher"},
        url("codings-after", lambda w: w.confidential_source.key),
        label="confidential",
    ),
    Case("coding-change", {"admin", "researcher"}, url("coding-change", lambda w: w.coding.pk)),
    Case(
        "coding-change",
        {"admin", "researcher", "coder"},
        url("coding-change", lambda w: coding_by(w, "coder")),
        label="own coding",
    ),
    Case(
        "coding-change",
        {"admin", "researcher", "coder"},
        url("coding-change", lambda w: coding_by(w, "coder")),
        method="post",
        data=lambda w: {"code": w.code.pk, "memo": "a memo"},
        label="own coding",
    ),
    Case(
        "coding-change",
        {"admin", "researcher"},
        url("coding-change", lambda w: w.coding.pk),
        method="post",
        data=lambda w: {"code": w.code.pk, "memo": "a memo"},
    ),
    Case(
        "coding-edge",
        {"admin", "researcher", "coder"},
        url("coding-edge", lambda w: coding_by(w, "coder")),
        method="post",
        data=lambda w: {"edge": "end", "step": "1"},
        label="own coding",
    ),
    Case(
        "coding-edge",
        {"admin", "researcher"},
        url("coding-edge", lambda w: w.coding.pk),
        method="post",
        data=lambda w: {"edge": "end", "step": "1"},
    ),
    Case(
        "coding-undo",
        {"admin", "researcher", "coder"},
        url("coding-undo", lambda w: w.open_source.key),
        method="post",
    ),
    Case(
        "coding-undo",
        {"admin", "researcher"},
        url("coding-undo", lambda w: w.confidential_source.key),
        method="post",
        label="confidential",
    ),
    Case("codebook", EVIDENCE_READERS, url("codebook")),
    Case("code-new", RESEARCHERS, url("code-new")),
    Case(
        "code-new",
        RESEARCHERS,
        url("code-new"),
        method="post",
        data=lambda w: {"name": "New code", "colour": "#123456"},
    ),
    Case("code-edit", RESEARCHERS, url("code-edit", lambda w: w.code.pk)),
    Case(
        "code-edit",
        RESEARCHERS,
        url("code-edit", lambda w: w.code.pk),
        method="post",
        data=lambda w: {"name": w.code.name, "parent": w.code.parent_id, "colour": w.code.colour},
    ),
    Case("code-merge", RESEARCHERS, url("code-merge", lambda w: w.code.pk), method="post"),
    Case("code-passages", EVIDENCE_READERS, url("code-passages", lambda w: w.code.pk)),
    Case("passages", EVIDENCE_READERS, url("passages")),
    Case("matrix", EVIDENCE_READERS, url("matrix")),
    Case("search", EVIDENCE_READERS, url("search")),
    Case("words", EVIDENCE_READERS, url("words")),
    Case("framework-matrix", EVIDENCE_READERS, url("framework-matrix")),
    Case("framework-cell", ON_P1, url("framework-cell", lambda w: w.p1.key, lambda w: w.code.pk)),
    Case(
        "framework-cell",
        {"admin", "researcher"},
        url("framework-cell", lambda w: w.p1.key, lambda w: w.code.pk),
        method="post",
        data=lambda w: {"summary": "s", "assessment": "strong"},
    ),
    Case(
        "framework-side-cell",
        {"admin", "researcher", "editor"},
        url(
            "framework-side-cell",
            lambda w: w.p1.key,
            lambda w: w.side_a.municipality.key,
            lambda w: w.code.pk,
        ),
        method="post",
        data=lambda w: {"summary": "s", "assessment": "strong"},
    ),
    Case(
        "framework-side-cell",
        {"admin", "researcher"},
        url(
            "framework-side-cell",
            lambda w: w.p1.key,
            lambda w: w.side_b.municipality.key,
            lambda w: w.code.pk,
        ),
        method="post",
        data=lambda w: {"summary": "s", "assessment": "strong"},
        label="other side",
    ),
    Case(
        "source-memo-add",
        {"admin", "researcher", "coder"},
        url("source-memo-add", lambda w: w.open_source.key),
        method="post",
        data=lambda w: {"text": "a memo"},
    ),
    Case(
        "code-memo-add",
        RESEARCHERS,
        url("code-memo-add", lambda w: w.code.pk),
        method="post",
        data=lambda w: {"text": "m"},
    ),
    Case("respondents", RESEARCHERS, url("respondents")),
    Case("respondent-new", RESEARCHERS, url("respondent-new")),
    Case(
        "respondent-new",
        RESEARCHERS,
        url("respondent-new"),
        method="post",
        data=lambda w: {"key": "r-2", "label": "R2", "role": "mayor", "side": w.side_a.pk},
    ),
    Case("respondent-edit", {"admin", "researcher"}, url("respondent-edit", lambda w: w.respondent.key)),
    Case(
        "respondent-edit",
        {"admin", "researcher"},
        url("respondent-edit", lambda w: w.respondent.key),
        method="post",
        data=lambda w: {"key": "r-1", "label": "R1", "role": "senior officer", "side": w.side_a.pk},
    ),
    Case("agreement", EVIDENCE_READERS, url("agreement")),
    Case("cooccurrence", EVIDENCE_READERS, url("cooccurrence")),
    Case("code-query", EVIDENCE_READERS, url("code-query")),
    # History and privacy
    Case(
        "record-history",
        ON_P1,
        url("record-history", lambda w: "partnerships.partnership", lambda w: w.p1.pk),
    ),
    Case(
        "record-history",
        {"admin", "researcher"},
        url("record-history", lambda w: "evidence.source", lambda w: w.confidential_source.pk),
        label="confidential source",
    ),
    Case("history-csv", {"admin"}, url("history-csv")),
    Case(
        "respondent-consent", {"admin", "researcher"}, url("respondent-consent", lambda w: w.respondent.key)
    ),
    Case(
        "respondent-consent",
        {"admin", "researcher"},
        url("respondent-consent", lambda w: w.respondent.key),
        method="post",
        data=lambda w: {"consent_date": "2024-05-01", "consent_scope": "research"},
    ),
    Case("source-names", {"admin", "researcher"}, url("source-names", lambda w: w.open_source.key)),
    Case(
        "source-names",
        {"admin", "researcher"},
        url("source-names", lambda w: w.open_source.key),
        method="post",
        data=lambda w: {"names_to_hide": "Jan Jansen"},
    ),
    Case("codings-csv", EVIDENCE_READERS, url("codings-csv")),
    # REFI-QDA exchange: importing writes sources (researchers, into their partnerships); the full
    # project export holds confidential texts as stored (administrators); the codebook is for readers.
    Case("qda-import", RESEARCHERS, url("qda-import")),
    Case("qda-import", RESEARCHERS, url("qda-import"), method="post"),
    Case("qda-export-qdpx", {"admin"}, url("qda-export-qdpx")),
    Case("qda-export-qdc", EVIDENCE_READERS, url("qda-export-qdc")),
    Case(
        "qda-import-report",
        {"admin", "researcher"},
        url(
            "qda-import-report",
            lambda w: (
                QdaImport.objects.create(
                    filename="x.qdpx",
                    imported_by=w.users["researcher"],
                    report={"filename": "x.qdpx", "kind": "project"},
                ).pk
            ),
        ),
    ),
    # Reports; the long ones are asked for with a POST and made in the background, for their user only
    Case("partnership-report", ON_P1, url("partnership-report", lambda w: w.p1.key)),
    Case(
        "partnership-report",
        ON_P1,
        lambda w: reverse("partnership-report", args=[w.p1.key]) + "?format=json",
        label="json",
    ),
    Case(
        "partnership-report",
        ON_P1,
        url("partnership-report", lambda w: w.p1.key),
        method="post",
        data=lambda w: {"format": "pdf"},
    ),
    Case("programme-report", LOGGED_IN, url("programme-report")),
    Case(
        "programme-report", LOGGED_IN, url("programme-report"), method="post", data=lambda w: {"format": "md"}
    ),
    Case("report-job", {"viewer"}, url("report-job", lambda w: report_job_of(w, "viewer"))),
    Case("report-job-status", {"viewer"}, url("report-job-status", lambda w: report_job_of(w, "viewer"))),
    Case("report-job-file", {"viewer"}, url("report-job-file", lambda w: report_job_of(w, "viewer"))),
    # A file imported in the background: its page and state for the user who uploaded it only.
    Case("import-job", {"editor"}, url("import-job", lambda w: import_job_of(w, "editor"))),
    Case("import-job-status", {"editor"}, url("import-job-status", lambda w: import_job_of(w, "editor"))),
    # Accounts
    Case("password_reset", PUBLIC, url("password_reset")),
    Case(
        "password_reset",
        PUBLIC,
        url("password_reset"),
        method="post",
        data=lambda w: {"email": "nobody@example.org"},
    ),
    Case("password_reset_done", PUBLIC, url("password_reset_done")),
    Case(
        "password_reset_confirm",
        PUBLIC,
        url("password_reset_confirm", lambda w: "MQ", lambda w: "no-such-token"),
    ),
    Case(
        "password_reset_confirm",
        PUBLIC,
        url("password_reset_confirm", lambda w: "MQ", lambda w: "no-such-token"),
        method="post",
        data=lambda w: NEW_PASSWORD,
        label="invalid link",
    ),
    Case("password_reset_confirm", PUBLIC, password_reset_link, method="post", data=lambda w: NEW_PASSWORD),
    Case(
        "password_reset_confirm",
        PUBLIC,
        lambda w: password_reset_link(w, set_password=True),
        method="post",
        data=lambda w: NEW_PASSWORD,
        label="set password",
    ),
    Case("password_reset_complete", PUBLIC, url("password_reset_complete")),
    Case(
        "invitation-accept",
        PUBLIC,
        url(
            "invitation-accept",
            lambda w: w.p1.invitations.model.issue(
                email="new@example.org", partnership=w.p1, role="viewer", created_by=w.users["admin"]
            )[1],
        ),
    ),
    Case(
        "invitation-accept",
        PUBLIC,
        url(
            "invitation-accept",
            lambda w: w.p1.invitations.model.issue(
                email="new@example.org", partnership=w.p1, role="viewer", created_by=w.users["admin"]
            )[1],
        ),
        method="post",
    ),
    Case("members", {"admin", "researcher"}, url("members", lambda w: w.p1.key)),
    Case("members", {"admin", "outsider"}, url("members", lambda w: w.p2.key), label="other"),
    Case("member-add", {"admin"}, url("member-add", lambda w: w.p1.key), method="post"),
    Case(
        "member-remove",
        {"admin"},
        url("member-remove", lambda w: w.p1.key, lambda w: w.p1.memberships.get(user=w.users["viewer"]).pk),
        method="post",
    ),
    Case(
        "invitation-new",
        {"admin"},
        url("invitation-new", lambda w: w.p1.key),
        method="post",
        data=lambda w: {"email": "new@example.org", "role": "viewer"},
    ),
    Case(
        "invitation-withdraw",
        {"admin"},
        url(
            "invitation-withdraw",
            lambda w: w.p1.key,
            lambda w: (
                w.p1.invitations.model.issue(
                    email="new@example.org", partnership=w.p1, role="viewer", created_by=w.users["admin"]
                )[0].pk
            ),
        ),
        method="post",
    ),
    Case(
        "assignment-add",
        {"admin", "researcher"},
        url("assignment-add", lambda w: w.p1.key),
        method="post",
        data=lambda w: {"source": w.open_source.pk, "coder": w.users["coder"].pk},
    ),
    Case(
        "assignment-remove",
        {"admin", "researcher"},
        url(
            "assignment-remove",
            lambda w: w.p1.key,
            lambda w: w.open_source.assignments.get(coder=w.users["coder"]).pk,
        ),
        method="post",
    ),
    # Blind coding of a partnership's sources: switched on and off by its researchers.
    Case(
        "partnership-blind-coding",
        {"admin", "researcher"},
        url("partnership-blind-coding", lambda w: w.p1.key),
        method="post",
        data=lambda w: {"blind_coding": "on"},
    ),
    Case(
        "partnership-blind-coding",
        {"admin", "outsider"},
        url("partnership-blind-coding", lambda w: w.p2.key),
        method="post",
        data=lambda w: {"blind_coding": "on"},
        label="other",
    ),
    Case("organisations", {"admin"}, url("organisations")),
    Case("organisation-new", {"admin"}, url("organisation-new")),
    Case(
        "organisation-new",
        {"admin"},
        url("organisation-new"),
        method="post",
        data=lambda w: {"name": "NGO", "kind": "ngo"},
    ),
    # Spreadsheets: templates and exports for everyone signed in (exports hold only readable partnerships);
    # importing for whoever may add records (each row is then checked against the access rules).
    Case("spreadsheets", LOGGED_IN, url("spreadsheets")),
    Case("spreadsheet-template", LOGGED_IN, url("spreadsheet-template", lambda w: "xlsx")),
    Case("spreadsheet-template-csv", LOGGED_IN, url("spreadsheet-template-csv", lambda w: "actors")),
    Case("spreadsheet-export", LOGGED_IN, url("spreadsheet-export", lambda w: "xlsx")),
    Case("spreadsheet-export", LOGGED_IN, url("spreadsheet-export", lambda w: "zip"), label="csv"),
    Case("spreadsheet-export-csv", LOGGED_IN, url("spreadsheet-export-csv", lambda w: "actors")),
    Case("spreadsheet-import", {"admin", "editor", "contributor"}, url("spreadsheet-import")),
    Case("spreadsheet-import", {"admin", "editor", "contributor"}, url("spreadsheet-import"), method="post"),
    Case(
        "organisation-edit",
        {"admin"},
        url(
            "organisation-edit",
            lambda w: (
                w.side_b.municipality.organisation_set.create(name="Gemeente Haarlem", kind="municipality").pk
            ),
        ),
    ),
    Case(
        "organisation-edit",
        {"admin"},
        url(
            "organisation-edit",
            lambda w: (
                w.side_b.municipality.organisation_set.create(name="Gemeente Haarlem", kind="municipality").pk
            ),
        ),
        method="post",
        data=lambda w: {
            "name": "Gemeente Haarlem",
            "kind": "municipality",
            "municipality": w.side_b.municipality.pk,
        },
    ),
    *assessment_cases(),
    *assessment_export_cases(),
    *api_cases(),
    *atlas_cases(),
]


def served_views() -> dict[str, Callable[..., Any]]:
    """The view of every URL name the application serves (not the admin site's, not Django's own)."""
    views: dict[str, Callable[..., Any]] = {}

    def walk(patterns: list[Any], prefix: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin" or str(pattern.pattern).startswith("admin"):
                    continue
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                views.setdefault(pattern.name, pattern.callback)

    walk(get_resolver().url_patterns)
    return {name: view for name, view in views.items() if name not in NOT_OURS}


def served_url_names() -> set[str]:
    return set(served_views())


def accepted_methods(view: Callable[..., Any]) -> set[str] | None:
    """The HTTP methods a view handles; ``None`` when it does not restrict them (a page that ignores the method).

    Function views say so with ``require_POST`` / ``require_http_methods`` (the list is in the
    decorator's closure), class-based views by their handler methods, API viewsets by their actions.
    """
    if isinstance(view, LazyView):  # an API view named in the URLconf (mutuality.api.lazy): the real one
        view = view.view()
    actions = getattr(view, "actions", None)  # Django REST framework viewsets
    if actions:
        return {method.upper() for method in actions}
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if m != "options" and hasattr(view_class, m)}
    layer: Any = view
    while layer is not None:
        for cell in layer.__closure__ or ():
            try:
                value = cell.cell_contents
            except ValueError:  # an empty cell
                continue
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(m, str) and m.isupper() for m in value)
            ):
                return set(value)
        layer = getattr(layer, "__wrapped__", None)
    return None


def test_every_url_the_application_serves_has_a_row_in_the_matrix():
    missing = served_url_names() - {case.name for case in CASES}
    assert not missing, f"URLs without an entry in the authorization matrix: {sorted(missing)}"


def test_every_view_that_accepts_a_post_has_a_post_row():
    """So the role checks on POST, and the CSRF sweep in test_security, cover every form."""
    posted = {case.name for case in CASES if case.method == "post"}
    accepting = {name for name, view in served_views().items() if "POST" in (accepted_methods(view) or ())}
    assert {"login", "source-new", "coding-memo", "api-actor-list"} <= accepting  # the detection works
    missing = accepting - posted
    assert not missing, f"views that accept POST without a POST row in the matrix: {sorted(missing)}"


def outcome(client: Client, case: Case, world: World) -> str:
    """'allowed', 'denied' or 'login', for one request, rolled back afterwards."""
    with transaction.atomic():
        target = case.url(world)
        response = getattr(client, case.method)(target, case.data(world))
        transaction.set_rollback(True)
    if response.status_code in (403, 404):
        return "denied"
    if response.status_code == 401:  # the API asks for credentials instead of redirecting
        return "login"
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "login"
    assert response.status_code in (200, 201, 204, 302, 400, 409), (case.id, response.status_code)
    return "allowed"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_is_allowed_or_denied_as_the_matrix_says(world, role):
    """One test per role (each about 110 requests, 2–5 s), so the roles run in parallel."""
    wrong = []
    for case in CASES:
        expected = "allowed" if role in case.allowed else ("login" if role == "anonymous" else "denied")
        found = outcome(client_for(world, role, shared_session=True), case, world)
        if found != expected:
            wrong.append(f"{case.id} as {role}: expected {expected}, got {found}")
    assert not wrong, f"{len(wrong)} of {len(CASES)} requests differ:\n" + "\n".join(wrong)


# --- names: every page a role may open, read for planted real names -------------------------------

RESPONDENT_NAME = "Zaynab Quillfeather"  # a respondent's real name (RespondentIdentity)
HIDDEN_NAME = "Marguerite Vandenbroek"  # a name the source lists to hide
PLANTED = ("Quillfeather", "Vandenbroek")  # either word gives a name away
READS_NAMES = {"admin", "researcher"}  # of the open source's partnership


def plant_names(world: World) -> None:
    """Real names in the places a page shows evidence: a source's title and text, a coding of the
    name and its memo, a source memo, a code memo about the partnership's evidence, the history."""
    from mutuality.evidence.models import Coding, Memo, RespondentIdentity
    from mutuality.evidence.versions import add_version

    RespondentIdentity.objects.create(respondent=world.respondent, real_name=RESPONDENT_NAME)
    source = world.open_source
    source.title = f"Interview with {RESPONDENT_NAME}"
    source.names_to_hide = HIDDEN_NAME
    source.save()
    text = f"{source.current.text} {RESPONDENT_NAME} met {HIDDEN_NAME} about waste twice."
    version = add_version(source, text, user=world.users["admin"]).version
    start = text.index(RESPONDENT_NAME)
    Coding.objects.create(
        version=version,
        start=start,
        end=start + len(RESPONDENT_NAME) + 4,
        code=world.code,
        coder=world.users["coder"],
        memo=f"{HIDDEN_NAME} confirmed it",
    )
    Memo.objects.create(source=source, text=f"Ask {HIDDEN_NAME} again", author=world.users["researcher"])
    Memo.objects.create(
        code=world.code,
        partnership=world.p1,
        text=f"{RESPONDENT_NAME} on trust",
        author=world.users["researcher"],
    )


def readable_text(response: Any) -> str:
    """What a person or a program gets from a response: the page, or the text inside a download."""
    import io
    import zipfile

    from pypdf import PdfReader

    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    if content[:4] == b"%PDF":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8", "replace")


def reading_urls(world: World) -> list[str]:
    """Pages that show evidence only when asked something (a search, a query, a pair of coders),
    and the histories of the records the names were planted in."""
    from mutuality.evidence.models import Coding, Memo

    code, source = world.code.pk, world.open_source
    history = [
        reverse("record-history", args=[model, pk])
        for model, pk in (
            ("evidence.source", source.pk),
            ("evidence.coding", Coding.objects.filter(version__source=source).latest("pk").pk),
            ("evidence.memo", Memo.objects.filter(source=source).get().pk),
        )
    ]
    return [
        "/search/?q=waste",
        "/search/?q=met",
        "/search/?q=Quillfeather",  # typed by the reader: the test checks the page finds nothing instead
        "/search/?q=confirmed",
        f"/query/?code={code}",
        f"/cooccurrence/?a={code}&b={code}",
        "/agreement/?coder=coder&coder=researcher",
        f"/passages/?code={code}",
        "/passages/?text=met",
        "/words/?keep=1",
        "/words/?word=met",
        *history,
    ]


@pytest.mark.parametrize("role", sorted(LOGGED_IN - READS_NAMES))
def test_no_role_reads_a_planted_name_on_any_page_it_may_open(world, role):
    """Every page, fragment, download and API answer the role may open, and the searches, queries and
    histories that show evidence (about 120 requests, 3–6 s), one test per role so the roles run in
    parallel."""
    plant_names(world)
    client = client_for(world, role, shared_session=True)
    opened, leaks = 0, []
    asked = [
        (case.id, case.url(world), case.data(world))
        for case in CASES
        if case.method == "get" and role in case.allowed
    ]
    asked += [(target, target, {}) for target in reading_urls(world)]
    for name, target, data in asked:
        response = client.get(target, data)
        if response.status_code != 200:
            continue
        opened += 1
        # What the reader typed comes back to them (the search box, the language form's next page).
        text = (
            readable_text(response).replace("Quillfeather", "")
            if "Quillfeather" in target
            else readable_text(response)
        )
        leaks += [f"{name}: {word}" for word in PLANTED if word in text]
    assert opened > 20
    assert not leaks, f"real names shown to {role}:\n" + "\n".join(leaks)
    if role in EVIDENCE_READERS:  # searching for a name they may not read finds nothing
        assert "No source contains these words." in client.get("/search/?q=Quillfeather").content.decode()


def test_researchers_of_the_partnership_and_administrators_read_the_names(world):
    plant_names(world)
    for role in READS_NAMES:
        page = client_for(world, role).get(reverse("source", args=[world.open_source.key])).content.decode()
        assert RESPONDENT_NAME in page and HIDDEN_NAME in page, role
