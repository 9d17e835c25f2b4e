"""The words page in a real browser: a word in its context lines up in the middle of each line, the
words before it on the side a reader of the line's language reads first, on a laptop and a phone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PASSWORD, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def researcher(db):
    from django.contrib.auth import get_user_model

    from mutuality.accounts.models import Membership
    from mutuality.accounts.roles import Role
    from mutuality.evidence.models import Source
    from mutuality.evidence.versions import add_version
    from mutuality.formats.data_load import load_documents
    from mutuality.partnerships.models import Partnership
    from tests.web.conftest import SMALL_DATASET

    load_documents([("small dataset", SMALL_DATASET)])
    partnership = Partnership.objects.get(key="haarlem-emirdag")
    user = get_user_model().objects.create_user("researcher", password=PASSWORD)
    Membership.objects.create(user=user, partnership=partnership, role=Role.RESEARCHER)
    long = "The officers of both municipalities met again in the spring and talked for a long time about "
    for key, language, text in (
        ("nl", "en", (long + "the school and what the school needs. ") * 3),
        ("ar", "ar", "قال المنسق في بركان إن المدرسة الجديدة تحتاج إلى دعم كبير من الشريك الهولندي. " * 3),
    ):
        source = Source.objects.create(key=f"words-{key}", title=f"Interview {key}", language=language)
        source.partnerships.add(partnership)
        add_version(source, text, user=user)
    return user


def open_as_researcher(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport, locale="en")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "researcher")
    page.fill("#id_password", PASSWORD)
    page.click("form.record-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 768}, {"width": 390, "height": 844}])
def test_a_word_in_context_sits_in_the_middle_of_lines_read_either_way(
    browser, live_server, researcher, viewport
):
    """A real Chromium logs in and opens the words page with an English and an Arabic word chosen."""
    context, page = open_as_researcher(browser, live_server, viewport)
    try:
        for word, direction in (("school", "ltr"), ("المدرسة", "rtl")):
            page.goto(f"{live_server.url}/words/?word={word}")
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], (word, width)
            line = page.get_by_test_id("line").first
            assert line.get_attribute("dir") == direction
            before = line.locator(".before").bounding_box()
            mark = line.locator("mark").bounding_box()
            after = line.locator(".after").bounding_box()
            assert before and mark and after
            if direction == "ltr":
                assert before["x"] + before["width"] <= mark["x"] + 1 <= after["x"] + 1
            else:
                assert after["x"] + after["width"] <= mark["x"] + 1 <= before["x"] + 1
            middle = (before["x"] + after["x"] + after["width"]) / 2 if direction == "ltr" else None
            if middle is not None and viewport["width"] > 1000:
                assert abs(mark["x"] + mark["width"] / 2 - middle) < viewport["width"] / 4
        screenshot(page, f"words-{viewport['width']}")
    finally:
        context.close()
