"""A respondent answers the self-assessment through their side's link in Arabic on a phone (390×844),
in a real Chromium; the round's results page then shows their answers.

Screenshots are kept in ``test-artifacts/self-assessment-*.png`` for a person to look at.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from mutuality.selfassessment.models import Answer, Response, SideLink, new_token, token_hash
from tests.browser.conftest import screenshot
from tests.evidence.conftest import partnership  # noqa: F401
from tests.web.selfassessment.conftest import make_instrument, make_round, sides_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def earlier_respondents(link: SideLink, count: int) -> None:
    """Colleagues on the same side who answered before (so the side's scores pass the threshold)."""
    for n in range(count):
        response = Response.objects.create(
            link=link,
            round=link.round,
            side=link.side,
            resume_hash=token_hash(new_token()),
            submitted_at=timezone.now() - dt.timedelta(hours=n + 1),
        )
        for item in link.round.instrument.items.all():
            Answer.objects.create(response=response, item=item, value=2)


def test_a_respondent_answers_in_arabic_on_a_phone_and_the_results_show_it(
    browser,
    live_server,
    partnership,  # noqa: F811
    logged_in_page,
):
    """Two browser sessions (the respondent's phone, the officer's desk), each page loaded in full:
    about 5 s."""
    cache.clear()
    round = make_round(partnership, make_instrument())
    side = sides_of(partnership)[0]
    link, token = SideLink.issue(round, side)
    earlier_respondents(link, 2)

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar")
    phone = context.new_page()
    try:
        phone.goto(f"{live_server.url}/a/{token}/")
        assert phone.locator("html").get_attribute("dir") == "rtl"
        assert phone.locator("html").get_attribute("lang") == "ar"
        screenshot(phone, "self-assessment-start-ar-390")
        phone.click("[data-testid=start]")
        phone.wait_for_url(f"{live_server.url}/a/r/**")
        assert "/a/r/" in phone.locator("#resume-url").input_value()
        assert phone.get_by_text("نثق ببعضنا.").is_visible()
        for item in ("trust-1", "trust-2"):
            phone.locator(f"[data-item={item}] label", has=phone.locator("input[value='5']")).click()
        phone.locator("[data-item=power-1] .sa-dont-know").click()
        phone.locator("[data-item=trust-1] summary").click()
        phone.fill("#comment-trust-1", "الثقة تنمو مع كل زيارة")
        phone.check("#id_consent_to_evidence")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the questionnaire is {width} px wide on a 390 px phone"
        screenshot(phone, "self-assessment-questionnaire-ar-390")
        phone.click("[data-testid=send]")
        phone.wait_for_selector(".messages")
        screenshot(phone, "self-assessment-saved-ar-390")
        assert phone.locator("[data-item=trust-1] input[value='5']").is_checked()
    finally:
        context.close()

    response = Response.objects.get(consent_to_evidence=True)
    assert response.language == "ar" and response.side == side
    assert {a.item.key: a.value for a in response.answers.all()} == {
        "trust-1": 5,
        "trust-2": 5,
        "power-1": None,
    }

    page = logged_in_page
    page.goto(f"{live_server.url}/partnerships/{partnership.key}/self-assessment/{round.pk}/")
    cell = page.locator(f"[data-scale='dimension/process_trust'] td[data-side='{side.key}']")
    assert "3.00" in cell.inner_text() and "n = 3" in cell.inner_text()  # (2 + 2 + 5) / 3
    assert page.get_by_text("الثقة تنمو مع كل زيارة").is_visible()
    screenshot(page, "self-assessment-results")
