"""The matrix and co-occurrence tables in a real browser: many codes with long names never push the page
sideways, on a laptop or a phone; a wide table scrolls inside its own box."""

from __future__ import annotations

import pytest

from tests.browser.test_words import open_as_researcher, researcher  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coded(researcher):  # noqa: F811
    """Twelve codes with long names on one passage: a 12 × 12 co-occurrence table."""
    from mutuality.evidence.models import Code, Coding, Source

    version = Source.objects.get(key="words-nl").current
    codes = [
        Code.objects.create(name=f"A rather long code name about mutual learning number {n}")
        for n in range(12)
    ]
    for code in codes:
        Coding.objects.create(version=version, start=0, end=40, code=code, coder=researcher)
    return codes


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 768}, {"width": 390, "height": 844}])
def test_wide_tables_of_codes_stay_within_the_window(browser, live_server, coded, viewport):
    """A real Chromium opens the matrix and the co-occurrence table of twelve long-named codes."""
    context, page = open_as_researcher(browser, live_server, viewport)
    try:
        for path in ("/matrix/?by=coder", "/cooccurrence/"):
            page.goto(f"{live_server.url}{path}")
            assert page.get_by_test_id("cell").count() > 0, path
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], (path, width)
            heading = page.locator("table.matrix thead .heading").last.bounding_box()
            assert heading and heading["width"] <= 7.5 * 16 + 1, path  # the long name wraps
    finally:
        context.close()
