"""The officers' pages: a partnership's rounds, each side's links, the results through
``round_results`` (scores hidden below three respondents, n always shown), comments only for those
who run the round, user text escaped, and every change in the history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from mutuality.accounts.models import Membership
from mutuality.accounts.roles import Role
from mutuality.history.models import Change
from mutuality.selfassessment.models import Round, SideLink, token_hash
from tests.web.selfassessment.conftest import make_round, respond, text

SCRIPT = "<script>alert(1)</script>"


def member(setting, name: str, role: str, side=None) -> Client:
    user = get_user_model().objects.create_user(name, password="a-long-test-password")
    Membership.objects.create(user=user, partnership=setting.partnership, side=side, role=role)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer(setting) -> Client:
    return member(setting, "officer", Role.PARTNER_EDITOR, setting.sides[1])


@pytest.fixture
def viewer(setting) -> Client:
    return member(setting, "viewer", Role.VIEWER)


def rounds_url(setting) -> str:
    return reverse("assessment-rounds", args=[setting.partnership.key])


def test_an_officer_creates_a_round_and_it_is_in_the_history(setting, officer):
    data = {
        "instrument": setting.instrument.pk,
        "name": "Yearly 2027",
        "opens_on": "2027-01-01",
        "closes_on": "2027-02-01",
        "anonymous": "on",
    }
    made = officer.post(rounds_url(setting), data)
    round = Round.objects.get(name="Yearly 2027")
    assert made["Location"] == reverse("assessment-links", args=[setting.partnership.key, round.pk])
    assert round.anonymous and round.created_by.username == "officer"
    assert Change.objects.filter(
        model="selfassessment.round", object_id=str(round.pk), action="created"
    ).exists()
    assert "Yearly 2027" in text(officer.get(rounds_url(setting)))


def test_a_round_that_closes_before_it_opens_or_repeats_a_name_is_refused(setting, officer):
    data = {
        "instrument": setting.instrument.pk,
        "name": "2026",
        "opens_on": "2027-02-01",
        "closes_on": "2027-01-01",
    }
    page = officer.post(rounds_url(setting), data)
    assert page.status_code == 400
    assert "already has a round of that name" in text(page) and "closes on or after the day it opens" in text(
        page
    )
    assert Round.objects.count() == 1


def test_a_viewer_reads_the_rounds_but_may_not_create_one(setting, viewer):
    page = viewer.get(rounds_url(setting))
    assert page.status_code == 200 and "2026" in text(page) and "New round" not in text(page)
    assert viewer.post(rounds_url(setting), {"name": "x"}).status_code == 403


def test_a_new_link_is_shown_once_with_a_copy_button_a_mailto_and_an_email_form(setting, officer):
    side = setting.sides[0]
    url = reverse("assessment-link-new", args=[setting.partnership.key, setting.round.pk])
    page = officer.post(url, {"side": side.key})
    link = SideLink.objects.latest("id")
    html = page.content.decode()
    token = (
        html.split('data-testid="link-address"')[0].rsplit('value="http://testserver/a/', 1)[1].split("/")[0]
    )
    assert (
        token_hash(token) == link.token_hash and link.side == side and link.created_by.username == "officer"
    )
    assert "data-copy" in html and "mailto:?subject=" in html and 'name="email"' in html
    assert (
        token
        not in officer.get(
            reverse("assessment-links", args=[setting.partnership.key, setting.round.pk])
        ).content.decode()
    )
    assert Change.objects.filter(model="selfassessment.sidelink", object_id=str(link.pk)).exists()

    email_url = reverse("assessment-link-email", args=[setting.partnership.key, setting.round.pk, link.pk])
    sent = officer.post(email_url, {"token": token, "email": "partner@example.org"})
    assert "The link was emailed to partner@example.org." in text(sent)
    assert mail.outbox[-1].to == ["partner@example.org"] and f"/a/{token}/" in mail.outbox[-1].body
    forged = officer.post(email_url, {"token": "another-token", "email": "partner@example.org"})
    assert forged.status_code == 400 and "This is not the link that was issued" in text(forged)
    mistyped = officer.post(email_url, {"token": token, "email": "partner at example.org"})
    assert mistyped.status_code == 400 and "Enter a valid email address." in text(mistyped)
    assert len(mail.outbox) == 1


def test_withdrawing_a_link_stops_it_and_is_recorded(setting, officer):
    link = setting.links[setting.sides[0].key]
    url = reverse("assessment-link-revoke", args=[setting.partnership.key, setting.round.pk, link.pk])
    assert officer.post(url).status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Client().get(f"/a/{setting.tokens[setting.sides[0].key]}/").status_code == 410
    assert Change.objects.filter(
        model="selfassessment.sidelink", object_id=str(link.pk), action="changed"
    ).exists()


def test_the_links_page_counts_responses_per_side_but_names_no_one_in_an_anonymous_round(setting, officer):
    first, second = setting.sides
    respond(setting, first.key, {"trust-1": 4}, name="Hidden Person")
    respond(setting, first.key, {"trust-1": 3})
    page = text(officer.get(reverse("assessment-links", args=[setting.partnership.key, setting.round.pk])))
    assert "2 responses sent" in page and "0 responses sent" in page
    assert "Hidden Person" not in page


def test_below_three_respondents_a_sides_scores_are_hidden_and_its_n_shown(setting, viewer):
    first, second = setting.sides
    for values in (
        {"trust-1": 5, "trust-2": 5, "power-1": 2},
        {"trust-1": 4, "trust-2": 4, "power-1": 3},
        {"trust-1": 5, "trust-2": 4, "power-1": 2},
    ):
        respond(setting, first.key, values)
    for values in ({"trust-1": 2, "trust-2": 1, "power-1": 4}, {"trust-1": 1, "trust-2": 2, "power-1": 5}):
        respond(setting, second.key, values)
    page = viewer.get(reverse("assessment-round", args=[setting.partnership.key, setting.round.pk]))
    html = page.content.decode()
    words = text(page)
    assert (
        f"{first.municipality.name}: 3 respondents" in words
        and f"{second.municipality.name}: 2 respondents" in words
    )
    assert "so that no one's answers can be worked out" in words.replace("&#x27;", "'")
    row = html.split('data-scale="dimension/process_trust"')[1].split("</tr>")[0]
    first_cell = row.split(f'data-side="{first.key}"')[1].split("</td>")[0]
    second_cell = row.split(f'data-side="{second.key}"')[1].split("</td>")[0]
    assert "4.50" in first_cell and "n = 3" in first_cell
    assert "—" in second_cell and "n = 2" in second_cell and "1.50" not in second_cell
    assert "No gap to show" in words
    # The sides in the partnership's order, the first side first, everywhere on the page.
    heading = html.split('data-testid="scale-scores"')[1].split("</thead>")[0]
    assert heading.index(first.municipality.name) < heading.index(second.municipality.name)


def test_with_three_a_side_the_gap_its_test_and_alpha_are_shown(setting, viewer):
    first, second = setting.sides
    for values in (
        {"trust-1": 5, "trust-2": 5, "power-1": 2},
        {"trust-1": 4, "trust-2": 4, "power-1": 3},
        {"trust-1": 5, "trust-2": 4, "power-1": 2},
    ):
        respond(setting, first.key, values)
    for values in (
        {"trust-1": 2, "trust-2": 1, "power-1": 4},
        {"trust-1": 1, "trust-2": 2, "power-1": 5},
        {"trust-1": 2, "trust-2": 2, "power-1": 4},
    ):
        respond(setting, second.key, values)
    words = text(viewer.get(reverse("assessment-round", args=[setting.partnership.key, setting.round.pk])))
    assert "Process-based trust" in words and "Power and equality" in words
    gaps = words.split("Where the two sides see it differently")[1]
    assert gaps.index("Process-based trust") < gaps.index("Power and equality")  # widest first
    assert "Could be noise for these numbers" in gaps and "Mann–Whitney p = 0.100" in gaps
    assert "not computed" in words or "0." in words  # alpha, per scale


def test_the_change_since_the_previous_round_is_shown(setting, viewer):
    first, second = setting.sides
    earlier = make_round(
        setting.partnership,
        setting.instrument,
        "2025",
        opens_on=setting.round.opens_on - dt.timedelta(days=365),
        closes_on=setting.round.closes_on,
    )
    for value in (2, 2, 2):
        for side in setting.sides:
            link, token = SideLink.issue(earlier, side)
            client = Client()
            resume = client.post(f"/a/{token}/")["Location"].split("?")[0]
            client.post(resume, {"item-trust-1": value, "item-trust-2": value})
    for value in (4, 4, 4):
        respond(setting, first.key, {"trust-1": value, "trust-2": value})
    words = text(viewer.get(reverse("assessment-round", args=[setting.partnership.key, setting.round.pk])))
    assert "Change since 2025" in words and f"{first.municipality.name} +2.00" in words


def test_comments_are_escaped_and_shown_only_to_those_who_run_the_round(setting, officer, viewer):
    setting.round.anonymous = False
    setting.round.save()
    first = setting.sides[0]
    for n in range(3):
        respond(
            setting,
            first.key,
            {"trust-1": 4},
            name=f"Aya {SCRIPT}",
            role="Officer",
            **{"comment-trust-1": f"Trust grew {SCRIPT} {n}"},
        )
    url = reverse("assessment-round", args=[setting.partnership.key, setting.round.pk])
    shown = officer.get(url).content.decode()
    assert "Trust grew &lt;script&gt;alert(1)&lt;/script&gt; 0" in shown and SCRIPT not in shown
    assert "Aya &lt;script&gt;" in shown
    hidden = viewer.get(url).content.decode()
    assert "Trust grew" not in hidden and "Aya" not in hidden
    # The report for both; the answers' downloads (names, comments) only for those who run it.
    report = reverse("assessment-report", args=[setting.partnership.key, setting.round.pk])
    answers = reverse("assessment-answers", args=[setting.partnership.key, setting.round.pk, "csv"])
    assert report in shown and report in hidden
    assert answers in shown and answers not in hidden
    links = officer.get(
        reverse("assessment-links", args=[setting.partnership.key, setting.round.pk])
    ).content.decode()
    assert "Aya &lt;script&gt;" in links and SCRIPT not in links  # a named round names its respondents


def test_a_round_is_found_only_under_its_own_partnership(setting, officer):
    from mutuality.formats.data_load import load_documents

    load_documents(
        [
            (
                "other",
                {"partnerships": [{"key": "other", "name": "Other", "municipalities": ["zeist", "haarlem"]}]},
            )
        ]
    )
    url = reverse("assessment-round", args=["other", setting.round.pk])
    assert officer.get(url).status_code == 403  # not theirs at all
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", password="a-long-test-password"))
    assert admin.get(url).status_code == 404  # a round of another partnership


def test_the_partnership_page_shows_the_latest_rounds_scores_or_no_round_yet(setting, viewer):
    page_url = reverse("partnership", args=[setting.partnership.key])
    assert "Round 2026" in text(viewer.get(page_url))
    Round.objects.all().delete()
    SideLink.objects.all().delete()
    assert "No round yet." in text(viewer.get(page_url))


def test_the_partnership_block_shows_scores_per_dimension_per_side(setting, viewer):
    first = setting.sides[0]
    for value in (3, 4, 5):
        respond(setting, first.key, {"trust-1": value, "trust-2": value, "power-1": value})
    html = viewer.get(reverse("partnership", args=[setting.partnership.key])).content.decode()
    block = html.split('data-testid="self-assessment"')[1].split("</section>")[0]
    assert "Process-based trust" in block and "4.00" in block and "n = 3" in block
