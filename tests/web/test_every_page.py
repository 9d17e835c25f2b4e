"""Every page renders for a logged-in user with the case studies loaded (catches template errors)."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Coding, Source
from mutuality.evidence.versions import add_version
from mutuality.formats.data_export import export_json
from mutuality.formats.evidence_data import export_evidence
from mutuality.partnerships.models import Partnership


@pytest.fixture
def coded_source(case_studies, django_user_model):
    user = django_user_model.objects.create_superuser("reader", password="a-long-test-password")
    source = Source.objects.create(key="page-test", title="Page test", language="en")
    source.partnerships.add(Partnership.objects.get(key="zeist-berkane"))
    version = add_version(source, "Trust grew over the years.").version
    Coding.objects.create(
        version=version,
        start=0,
        end=5,
        code=framework_code("dimension", "process_trust"),
        coder=user,
        assessment="strong",
        factor_role="enabling",
    )
    return user, source


def pages(source):
    trust = framework_code("dimension", "process_trust")
    partnership = Partnership.objects.get(key="zeist-berkane")
    project = partnership.projects.first()
    actor = partnership.actors.first()
    exchange = partnership.exchanges.first()
    return [
        "/",
        "/framework/",
        "/partnerships/",
        "/partnerships/new/",
        "/partnerships/zeist-berkane/",
        "/partnerships/zeist-berkane/edit/",
        "/municipalities/",
        "/municipalities/new/",
        "/municipalities/zeist/edit/",
        "/programmes/",
        "/programmes/new/",
        "/programmes/matra/edit/",
        *(
            f"/partnerships/zeist-berkane/{kind}/new/"
            for kind in ("actors", "objectives", "projects", "exchanges", "learning", "resources")
        ),
        f"/partnerships/zeist-berkane/projects/{project.key}/edit/",
        f"/partnerships/zeist-berkane/actors/{actor.key}/edit/",
        f"/partnerships/zeist-berkane/exchanges/{exchange.key}/edit/",
        f"/partnerships/zeist-berkane/actors/{actor.key}/delete/",
        "/sources/",
        "/sources/new/",
        f"/sources/{source.key}/",
        f"/sources/{source.key}/edit/",
        f"/sources/{source.key}/text/",
        "/codes/",
        "/codes/new/",
        f"/codes/{trust.pk}/edit/",
        f"/codes/{trust.pk}/passages/",
        "/passages/",
        "/matrix/",
        "/matrix/?by=side",
        "/matrix/?by=project_type",
        "/search/?q=trust",
        "/framework-matrix/",
        "/framework-matrix/?rows=sides",
        f"/framework-matrix/zeist-berkane/{trust.pk}/",
        f"/framework-matrix/zeist-berkane/berkane/{trust.pk}/",
        "/respondents/",
        "/respondents/new/",
        "/atlas/",
        "/atlas/?country=NL&other=MA",
        "/atlas/?municipality=zeist",
        "/atlas/discover/zeist/",
    ]


def test_every_page_renders(client, coded_source):
    """Renders 46 pages one after another; the set-up may take the case-study rows for the process
    (about 3 s)."""
    user, source = coded_source
    client.force_login(user)
    for url in pages(source):
        response = client.get(url)
        assert response.status_code == 200, url


# --- what a reader sees cites the study, never the project's files ----------------------------------

#: Words no reader is shown: the file name of the conference paper's case table, and "seed(s)", the
#: project's own word for the dissertation chapters it was built from. Whole words only: "seedling"
#: or "proceeds" would be no finding.
NOT_FOR_READERS = re.compile(r"cases_table1|\bseeds?\b", re.IGNORECASE)

#: Every download the web offers: spreadsheets, codings, the change log, REFI-QDA.
EXPORTS = (
    "/spreadsheets/export.xlsx",
    "/spreadsheets/export.zip",
    "/spreadsheets/template.xlsx",
    "/codings.csv",
    "/history.csv",
    "/refi-qda/export.qdpx",
    "/refi-qda/codebook.qdc",
)


def every_report() -> list[str]:
    """Every partnership's page and report (as a page and as a Markdown file), and the programme report's
    page (its files are made in the background, from the same sections)."""
    keys = Partnership.objects.order_by("key").values_list("key", flat=True)
    reports = [f"/partnerships/{key}/report/" for key in keys]
    return [
        *(f"/partnerships/{key}/" for key in keys),
        *reports,
        *(f"{url}?format=md" for url in reports),
        "/reports/programme/",
    ]


def texts(body: bytes) -> dict[str, str]:
    """A response's text, and each file's inside an archive (XLSX, a zip of CSVs, a REFI-QDA project)."""
    if not body.startswith(b"PK"):
        return {"": body.decode("utf-8")}
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {name: archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()}


def hits(where: str, text: str) -> list[tuple[str, str]]:
    """Each place in ``text`` that says what no reader is shown, with some words around it."""
    return [(where, text[max(0, m.start() - 60) : m.end() + 60]) for m in NOT_FOR_READERS.finditer(text)]


def test_no_page_report_or_export_names_a_file_or_the_seeds(client, coded_source):
    """Reads every page, the 22 partnerships' pages and reports (page and Markdown), the programme
    report and every export of the demo (about 120 responses, 15–20 s): the study is cited as a reader
    cites it, by the dissertation's chapters and the conference paper's title."""
    user, source = coded_source
    client.force_login(user)
    found = []
    for url in [*pages(source), *every_report(), *EXPORTS]:
        response = client.get(url)
        assert response.status_code == 200, url
        for name, text in texts(response.getvalue()).items():
            found += hits(f"{url} {name}", text)
    found += hits("mutuality export", export_json())
    found += hits("mutuality export --evidence", json.dumps(export_evidence(), ensure_ascii=False))
    assert found == []


def test_the_case_table_is_cited_by_the_papers_title(client, coded_source):
    """Zeist–Berkane's facts come partly from the conference paper's case table: its page and report say so."""
    user, _source = coded_source
    client.force_login(user)
    for url in ("/partnerships/zeist-berkane/", "/partnerships/zeist-berkane/report/"):
        page = client.get(url).content.decode()
        assert "Learning about diversity through city-to-city partnerships" in page, url
        assert "RC21 conference paper, 2011" in page, url
