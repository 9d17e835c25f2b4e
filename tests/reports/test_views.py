"""The report pages: behind the login, with headings, charts and downloads in four formats."""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.test import Client

from mutuality.accounts.access import Access
from mutuality.accounts.models import Membership
from mutuality.accounts.roles import Role
from mutuality.datasets import load_report_data
from mutuality.partnerships.models import Partnership
from mutuality.reports.render import render_data
from tests.reports.conftest import ZEIST_BERKANE

URL = f"/partnerships/{ZEIST_BERKANE}/report/"


def test_the_reports_need_a_login(case_studies):
    for url in (URL, "/reports/programme/", URL + "?format=pdf"):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_partnership_page_links_to_its_report(case_studies, officer_client):
    page = officer_client.get(f"/partnerships/{ZEIST_BERKANE}/").content.decode()
    assert f'href="{URL}"' in page and ">Report</a>" in page


def test_the_report_page_shows_the_sections_charts_and_download_links(case_studies, officer_client):
    response = officer_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 dir="auto">Mutual learning in Zeist–Berkane</h1>' in page
    for heading in (
        "Case overview",
        "Dimensions of mutual learning (Table 8.1)",
        "Learning by side",
        "Diagnostics and recommendations",
    ):
        assert f"<h2>{heading}</h2>" in page
    assert page.count('<svg class="chart"') == 5
    for fmt in ("html", "md"):
        assert f'href="?format={fmt}"' in page
    assert 'name="format" value="pdf"' in page  # asked for with a POST, made in the background
    assert 'href="/sources/' in page  # passages link to their sources


def test_quick_downloads_come_as_files_at_once(case_studies, officer_client):
    """Renders the Zeist–Berkane report as HTML and Markdown (the PDF is made in the background:
    tests/reports/test_background.py)."""
    expected = {
        "html": ("text/html; charset=utf-8", b"<!doctype html>"),
        "md": ("text/markdown; charset=utf-8", b"# Mutual learning in Zeist"),
    }
    for fmt, (media_type, start) in expected.items():
        response = officer_client.get(URL, {"format": fmt})
        assert response.status_code == 200
        assert response["Content-Type"] == media_type
        assert response["Content-Disposition"] == f'attachment; filename="{ZEIST_BERKANE}-report.{fmt}"'
        assert response.content.startswith(start)


def test_unknown_formats_and_partnerships_are_not_found(case_studies, officer_client):
    assert officer_client.get(URL, {"format": "docx"}).status_code == 404
    assert officer_client.get("/partnerships/nowhere/report/").status_code == 404
    assert officer_client.get("/reports/programme/", {"partnership": "nowhere"}).status_code == 404


def test_the_programme_report_shows_every_partnership_or_the_ones_asked_for(case_studies, officer_client):
    page = officer_client.get("/reports/programme/").content.decode()
    assert "Mutual learning across the programme" in page
    assert "Zeist–Berkane" in page and "Haarlem–Emirdağ" in page
    chosen = officer_client.get("/reports/programme/", {"partnership": [ZEIST_BERKANE, "haarlem-emirdag"]})
    page = chosen.content.decode()
    assert "2 partnerships" in page and "Amsterdam–Kocaeli" not in page
    assert 'name="format" value="md"' in page  # every programme file is made in the background


def test_the_report_as_data_comes_from_the_report_page_as_the_command_line_writes_it(
    case_studies, officer_client
):
    """Builds the Zeist–Berkane report page and its data twice, on the web and as the command line
    does (about 4 s)."""
    page = officer_client.get(URL).content.decode()
    assert 'href="?format=json"' in page and ">JSON data</a>" in page
    response = officer_client.get(URL, {"format": "json"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="{ZEIST_BERKANE}-report.json"'
    document = json.loads(response.content)
    command_line = json.loads(render_data(load_report_data([ZEIST_BERKANE]), [ZEIST_BERKANE]))
    document.pop("generated"), command_line.pop("generated")
    assert document == command_line
    assert [p["key"] for p in document["partnerships"]] == [ZEIST_BERKANE]


def test_the_programme_report_as_data_is_made_in_the_background(case_studies, officer_client):
    page = officer_client.get("/reports/programme/").content.decode()
    assert 'name="format" value="json"' in page and 'href="?format=json"' not in page


def test_who_may_read_the_programme_report_is_one_rule_for_the_page_and_the_menu(case_studies):
    """Access decides: a user on no partnership gets neither the menu nor the page; on one, both."""
    user = get_user_model().objects.create_user("newcomer", password="a-long-test-password")
    client = Client()
    client.force_login(user)
    assert not Access.of(user).can_read_programme_report()
    assert 'data-testid="reports-menu"' not in client.get("/partnerships/").content.decode()
    assert client.get("/reports/programme/").status_code == 403
    assert client.post("/reports/programme/", {"format": "json"}).status_code == 403

    Membership.objects.create(
        user=user, partnership=Partnership.objects.get(key=ZEIST_BERKANE), role=Role.VIEWER
    )
    assert 'data-testid="reports-menu"' in client.get("/partnerships/").content.decode()
    page = client.get("/reports/programme/").content.decode()
    assert "1 partnership" in page and "Haarlem–Emirdağ" not in page
