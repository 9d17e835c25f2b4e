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

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mutuality.qdaexchange.models import QdaImport
from tests.accounts.conftest import ROLES, World, client_for

ON_P1 = {"admin", "researcher", "coder", "editor", "contributor", "viewer"}
LOGGED_IN = set(ROLES) - {"anonymous"}
EVIDENCE_READERS = {"admin", "researcher", "coder", "editor", "viewer", "outsider"}
RESEARCHERS = {"admin", "researcher", "outsider"}  # the outsider researches the other partnership
PUBLIC = set(ROLES)

# URL names served by Django itself or by packages, outside this table.
NOT_OURS = {"set_language", "javascript-catalog"}


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
        cases.append(Case("record-new", adders, lambda w, k=kind: reverse("record-new", args=[w.p1.key, k]), label=kind))
        for where, allowed in (("A", own), ("B", other)):
            if allowed is None:
                continue
            record = lambda w, k=kind, s=where: w.records[(k, s)].key  # noqa: E731
            for name in ("record-edit", "record-delete"):
                cases.append(Case(name, allowed, lambda w, k=kind, n=name, r=record: reverse(n, args=[w.p1.key, k, r(w)]), label=f"{kind}@{where}"))
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


def api_cases() -> list[Case]:
    """The JSON API (docs/api.md): the web app's rights; anonymous callers get 401."""
    sources = {"admin", "researcher", "coder", "editor", "viewer"}
    cases = [
        Case("api-schema", PUBLIC, url("api-schema")),
        Case("api-docs", PUBLIC, url("api-docs")),
        Case("api-source-list", LOGGED_IN, url("api-source-list")),
        Case("api-source-detail", sources, url("api-source-detail", lambda w: w.open_source.key)),
        Case("api-source-detail", {"admin", "researcher"}, url("api-source-detail", lambda w: w.confidential_source.key), label="confidential"),
        Case("api-source-detail", {"admin", "outsider"}, url("api-source-detail", lambda w: w.other_source.key), label="other"),
        Case("api-code-list", EVIDENCE_READERS, url("api-code-list")),
        Case("api-code-detail", EVIDENCE_READERS, url("api-code-detail", lambda w: w.code.pk)),
        Case("api-coding-list", EVIDENCE_READERS, url("api-coding-list")),
        Case("api-coding-detail", sources, url("api-coding-detail", lambda w: w.coding.pk)),
        Case("api-partnership-list", LOGGED_IN, url("api-partnership-list")),
        Case("api-partnership-list", {"admin"}, url("api-partnership-list"), method="post"),
        Case("api-partnership-detail", ON_P1, url("api-partnership-detail", lambda w: w.p1.key)),
        Case("api-partnership-detail", {"admin", "outsider"}, url("api-partnership-detail", lambda w: w.p2.key), label="other"),
        Case("api-partnership-detail", {"admin"}, url("api-partnership-detail", lambda w: w.p1.key), method="delete"),
    ]
    for name, key in (("municipality", "haarlem"), ("programme", "logo-east")):
        cases += [
            Case(f"api-{name}-list", LOGGED_IN, url(f"api-{name}-list")),
            Case(f"api-{name}-list", {"admin"}, url(f"api-{name}-list"), method="post"),
            Case(f"api-{name}-detail", LOGGED_IN, url(f"api-{name}-detail", lambda w, k=key: k)),
            Case(f"api-{name}-detail", {"admin"}, url(f"api-{name}-detail", lambda w, k=key: k), method="delete"),
        ]
    kinds = {  # URL name: (record kind, adders, changers of side A's record, of side B's)
        "actor": ("actors", {"admin", "editor"}, {"admin", "editor"}, {"admin"}),
        "objective": ("objectives", {"admin", "editor"}, {"admin", "editor"}, {"admin"}),
        "learning-outcome": ("learning", {"admin", "editor", "contributor"}, {"admin", "editor", "contributor"}, {"admin"}),
        "resource": ("resources", {"admin", "editor"}, {"admin", "editor"}, {"admin"}),
        "project": ("projects", {"admin", "editor"}, {"admin", "editor"}, None),
        "exchange": ("exchanges", {"admin", "editor", "contributor"}, {"admin", "editor"}, None),
    }
    for name, (kind, adders, own, other) in kinds.items():
        listing = url(f"api-{name}-list", lambda w: w.p1.key)
        cases += [Case(f"api-{name}-list", ON_P1, listing), Case(f"api-{name}-list", adders, listing, method="post")]
        for where, allowed in (("A", own), ("B", other)):
            if allowed is None:
                continue
            detail = url(f"api-{name}-detail", lambda w: w.p1.key, lambda w, k=kind, s=where: w.records[(k, s)].key)
            cases += [
                Case(f"api-{name}-detail", ON_P1, detail, label=where),
                Case(f"api-{name}-detail", allowed, detail, method="delete", label=where),
            ]
    return cases


CASES: list[Case] = [
    Case("home", PUBLIC, url("home")),
    Case("framework", PUBLIC, url("framework")),
    Case("login", PUBLIC, url("login")),
    Case("logout", PUBLIC, url("logout"), method="post"),
    Case("partnerships", LOGGED_IN, url("partnerships")),
    Case("partnership-new", {"admin"}, url("partnership-new")),
    Case("partnership", ON_P1, url("partnership", lambda w: w.p1.key)),
    Case("partnership", {"admin", "outsider"}, url("partnership", lambda w: w.p2.key), label="other"),
    Case("partnership-edit", {"admin"}, url("partnership-edit", lambda w: w.p1.key)),
    Case("partnership-edit", {"admin"}, url("partnership-edit", lambda w: w.p1.key), method="post"),
    *record_cases(),
    Case("municipalities", LOGGED_IN, url("municipalities")),
    Case("municipality-new", {"admin"}, url("municipality-new")),
    Case("municipality-edit", {"admin"}, url("municipality-edit", lambda w: "haarlem"), method="post"),
    Case("programmes", LOGGED_IN, url("programmes")),
    Case("programme-new", {"admin"}, url("programme-new")),
    Case("programme-edit", {"admin"}, url("programme-edit", lambda w: "logo-east"), method="post"),
    # Evidence
    Case("sources", LOGGED_IN, url("sources")),
    Case("source-new", RESEARCHERS, url("source-new")),
    Case("source", {"admin", "researcher", "coder", "editor", "viewer"}, url("source", lambda w: w.open_source.key)),
    Case("source", {"admin", "researcher"}, url("source", lambda w: w.confidential_source.key), label="confidential"),
    Case("source", {"admin", "outsider"}, url("source", lambda w: w.other_source.key), label="other"),
    Case("source-edit", {"admin", "researcher"}, url("source-edit", lambda w: w.open_source.key)),
    Case("source-edit", {"admin", "researcher"}, url("source-edit", lambda w: w.open_source.key), method="post"),
    Case("source-text", {"admin", "researcher"}, url("source-text", lambda w: w.open_source.key), method="post"),
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
    Case("coding-delete", {"admin", "researcher"}, url("coding-delete", lambda w: w.coding.pk), method="post"),
    Case("codebook", EVIDENCE_READERS, url("codebook")),
    Case("code-new", RESEARCHERS, url("code-new")),
    Case("code-edit", RESEARCHERS, url("code-edit", lambda w: w.code.pk)),
    Case("code-merge", RESEARCHERS, url("code-merge", lambda w: w.code.pk), method="post"),
    Case("code-passages", EVIDENCE_READERS, url("code-passages", lambda w: w.code.pk)),
    Case("passages", EVIDENCE_READERS, url("passages")),
    Case("matrix", EVIDENCE_READERS, url("matrix")),
    Case("search", EVIDENCE_READERS, url("search")),
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
        url("framework-side-cell", lambda w: w.p1.key, lambda w: w.side_a.municipality.key, lambda w: w.code.pk),
        method="post",
        data=lambda w: {"summary": "s", "assessment": "strong"},
    ),
    Case(
        "framework-side-cell",
        {"admin", "researcher"},
        url("framework-side-cell", lambda w: w.p1.key, lambda w: w.side_b.municipality.key, lambda w: w.code.pk),
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
    Case("code-memo-add", RESEARCHERS, url("code-memo-add", lambda w: w.code.pk), method="post", data=lambda w: {"text": "m"}),
    Case("respondents", RESEARCHERS, url("respondents")),
    Case("respondent-new", RESEARCHERS, url("respondent-new")),
    Case("respondent-edit", {"admin", "researcher"}, url("respondent-edit", lambda w: w.respondent.key)),
    Case("agreement", EVIDENCE_READERS, url("agreement")),
    Case("cooccurrence", EVIDENCE_READERS, url("cooccurrence")),
    Case("code-query", EVIDENCE_READERS, url("code-query")),
    # History and privacy
    Case("record-history", ON_P1, url("record-history", lambda w: "partnerships.partnership", lambda w: w.p1.pk)),
    Case(
        "record-history",
        {"admin", "researcher"},
        url("record-history", lambda w: "evidence.source", lambda w: w.confidential_source.pk),
        label="confidential source",
    ),
    Case("history-csv", {"admin"}, url("history-csv")),
    Case("respondent-consent", {"admin", "researcher"}, url("respondent-consent", lambda w: w.respondent.key)),
    Case("source-names", {"admin", "researcher"}, url("source-names", lambda w: w.open_source.key)),
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
        url("qda-import-report", lambda w: QdaImport.objects.create(
            filename="x.qdpx", imported_by=w.users["researcher"], report={"filename": "x.qdpx", "kind": "project"}
        ).pk),
    ),
    # Reports
    Case("partnership-report", ON_P1, url("partnership-report", lambda w: w.p1.key)),
    Case("programme-report", LOGGED_IN, url("programme-report")),
    # Accounts
    Case("password_reset", PUBLIC, url("password_reset")),
    Case("password_reset", PUBLIC, url("password_reset"), method="post", data=lambda w: {"email": "nobody@example.org"}),
    Case("password_reset_done", PUBLIC, url("password_reset_done")),
    Case("password_reset_confirm", PUBLIC, url("password_reset_confirm", lambda w: "MQ", lambda w: "no-such-token")),
    Case("password_reset_complete", PUBLIC, url("password_reset_complete")),
    Case(
        "invitation-accept",
        PUBLIC,
        url("invitation-accept", lambda w: w.p1.invitations.model.issue(email="new@example.org", partnership=w.p1, role="viewer", created_by=w.users["admin"])[1]),
    ),
    Case(
        "invitation-accept",
        PUBLIC,
        url("invitation-accept", lambda w: w.p1.invitations.model.issue(email="new@example.org", partnership=w.p1, role="viewer", created_by=w.users["admin"])[1]),
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
        url("invitation-withdraw", lambda w: w.p1.key, lambda w: w.p1.invitations.model.issue(email="new@example.org", partnership=w.p1, role="viewer", created_by=w.users["admin"])[0].pk),
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
        url("assignment-remove", lambda w: w.p1.key, lambda w: w.open_source.assignments.get(coder=w.users["coder"]).pk),
        method="post",
    ),
    Case("organisations", {"admin"}, url("organisations")),
    Case("organisation-new", {"admin"}, url("organisation-new")),
    Case("organisation-new", {"admin"}, url("organisation-new"), method="post", data=lambda w: {"name": "NGO", "kind": "ngo"}),
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
        url("organisation-edit", lambda w: w.side_b.municipality.organisation_set.create(name="Gemeente Haarlem", kind="municipality").pk),
    ),
    *api_cases(),
]


def served_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], prefix: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin" or str(pattern.pattern).startswith("admin"):
                    continue
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names - NOT_OURS


def test_every_url_the_application_serves_has_a_row_in_the_matrix():
    missing = served_url_names() - {case.name for case in CASES}
    assert not missing, f"URLs without an entry in the authorization matrix: {sorted(missing)}"


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
    assert response.status_code in (200, 204, 302, 400, 409), (case.id, response.status_code)
    return "allowed"


def test_every_role_is_allowed_or_denied_as_the_matrix_says(world):
    wrong = []
    for case in CASES:
        for role in ROLES:
            expected = "allowed" if role in case.allowed else ("login" if role == "anonymous" else "denied")
            found = outcome(client_for(world, role), case, world)
            if found != expected:
                wrong.append(f"{case.id} as {role}: expected {expected}, got {found}")
    assert not wrong, f"{len(wrong)} of {len(CASES) * len(ROLES)} requests differ:\n" + "\n".join(wrong)
