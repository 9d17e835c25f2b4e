"""The top bar in a real browser (issue 17, part 5): one line on a laptop, folded on a phone.

At 1366×768 the bar of an officer and of a researcher holds every item on one row. At 390×844 (a
phone) no main page is wider than the window, and the menu is folded behind its button until
tapped. Screenshots of the phone menu, open, are kept in ``test-artifacts/``.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import PASSWORD, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
#: The pages everyone opens; a researcher also opens the codebook.
MAIN_PAGES = (
    "/",
    "/partnerships/",
    "/partnerships/zeist-berkane/",
    "/partnerships/zeist-berkane/report/",
    "/framework/",
)


@pytest.fixture
def people(case_studies):
    """An officer of Zeist (partner editor of its side) and a researcher of Zeist–Berkane."""
    from django.contrib.auth import get_user_model

    from mutuality.accounts.models import Membership
    from mutuality.accounts.roles import Role
    from mutuality.partnerships.models import Partnership

    partnership = Partnership.objects.get(key="zeist-berkane")
    zeist = partnership.sides.get(municipality__key="zeist")
    make = get_user_model().objects.create_user
    officer = make("zeist-officer", password=PASSWORD)
    Membership.objects.create(user=officer, partnership=partnership, side=zeist, role=Role.PARTNER_EDITOR)
    researcher = make("researcher", password=PASSWORD)
    Membership.objects.create(user=researcher, partnership=partnership, role=Role.RESEARCHER)
    return {"officer": "zeist-officer", "researcher": "researcher"}


@pytest.fixture
def signed_in(browser, live_server, people):
    """A signed-in page for ``who`` (officer or researcher) in a window of the given size."""
    contexts = []

    def open_as(who: str, viewport: dict[str, int]):
        context = browser.new_context(viewport=viewport, locale="en")
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", people[who])
        page.fill("#id_password", PASSWORD)
        page.click("form.record-form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield open_as
    for context in contexts:
        context.close()


def rows_of_the_top_bar(page) -> list[float]:
    """The distinct rows (their tops, in pixels) that the visible items of the top bar sit on."""
    tops = page.evaluate(
        """() => [...document.querySelectorAll(
                'header.site .brand, header.site nav > a, header.site nav > details > summary,'
                + ' header.site .tools select, header.site .tools span, header.site .tools button')]
            .map(item => item.getBoundingClientRect())
            .filter(box => box.width > 0 && box.height > 0)
            .map(box => box.top + box.height / 2)"""
    )
    rows: list[float] = []
    for top in sorted(tops):
        if not rows or top - rows[-1] > 8:
            rows.append(top)
    return rows


@pytest.mark.parametrize("who", ["officer", "researcher"])
def test_the_top_bar_is_one_line_on_a_laptop(signed_in, live_server, who):
    """A real Chromium at 1366×768: logs in and opens a partnership page."""
    page = signed_in(who, LAPTOP)
    page.goto(f"{live_server.url}/partnerships/zeist-berkane/")
    assert len(rows_of_the_top_bar(page)) == 1
    bar = page.locator("header.site").bounding_box()
    brand = page.locator("header.site .brand").bounding_box()
    assert bar["height"] < 2 * brand["height"] + 24, (bar, brand)  # one row and its padding
    assert page.locator("label.menu-button").is_hidden()


def test_the_officers_menu_lacks_the_qda_tools_and_the_researchers_has_them(signed_in, live_server):
    """Two real Chromium contexts at 1366×768 log in; the researcher opens the research menu."""
    officer = signed_in("officer", LAPTOP)
    assert officer.get_by_test_id("qda-tools").count() == 0
    assert officer.get_by_test_id("own-partnership").inner_text() == "Zeist–Berkane"
    officer.get_by_test_id("record-menu").locator("summary").click()
    assert officer.get_by_role("link", name="Exchange", exact=True).is_visible()

    researcher = signed_in("researcher", LAPTOP)
    researcher.get_by_test_id("qda-tools").locator("summary").click()
    for tool in ("Codebook", "Passages", "Matrix", "Agreement", "REFI-QDA exchange"):
        assert researcher.get_by_role("link", name=tool, exact=True).is_visible(), tool


@pytest.mark.parametrize("who", ["officer", "researcher"])
def test_every_main_page_fits_a_phone_and_its_menu_folds_and_opens(signed_in, live_server, who):
    """A real Chromium at 390×844: logs in and opens the main pages (five, and the codebook for the
    researcher), each checked for its width and its folded menu, which is then opened."""
    page = signed_in(who, PHONE)
    urls = [*MAIN_PAGES, *(["/codes/"] if who == "researcher" else [])]
    menu = page.get_by_role("navigation", name="Main")
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], (url, width)
        assert menu.is_hidden(), url
        page.locator("label.menu-button").click()
        assert menu.get_by_role("link", name="Partnerships", exact=True).is_visible(), url
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], (url, "menu open", width)
    page.get_by_test_id("reports-menu").locator("summary").click()
    assert menu.get_by_role("link", name="Programme report").is_visible()
    screenshot(page, f"menu-phone-{who}")
