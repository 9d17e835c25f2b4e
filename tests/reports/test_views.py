"""The report pages: behind the login, with headings, charts and downloads in three formats."""

from __future__ import annotations

from django.test import Client

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
