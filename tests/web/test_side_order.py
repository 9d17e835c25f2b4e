"""Which side is first: the municipality that keeps the record, chosen when the partnership is made,
changed with a button on its page, recorded in the history and followed by the page, the reports and
the exports; only the page puts a reader's own side first."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from mutuality.accounts.models import Membership
from mutuality.accounts.roles import Role
from mutuality.datasets import load_report_data
from mutuality.formats.data_export import export_document
from mutuality.history.models import Change
from mutuality.partnerships.models import Municipality, Partnership, Side
from mutuality.reports.partnership_sections import partnership_report
from mutuality.web.forms import FirstSideForm


def page_sides(client: Client, key: str) -> list[str]:
    """The municipality keys of the partnership page's side columns, in the page's order."""
    page = client.get(f"/partnerships/{key}/").content.decode()
    return re.findall(r'<article class="side" data-side="([^"]+)"', page)


def stored_sides(key: str) -> list[str]:
    return [side.municipality.key for side in Side.objects.filter(partnership__key=key)]


def report_sides(key: str) -> str:
    """The report's subtitle starts with the sides, in the report's order."""
    return partnership_report(load_report_data([key]), key).subtitle.split(" · ")[0]


def exported_sides(key: str) -> list[str]:
    [found] = [p for p in export_document()["partnerships"] if p["key"] == key]
    return found["municipalities"]


def side_keeping_the_record(client: Client, key: str) -> str:
    page = client.get(f"/partnerships/{key}/").content.decode()
    return re.search(
        r'<article class="side" data-side="([^"]+)">(?:(?!</article>).)*data-testid="keeps-record"',
        page,
        re.S,
    ).group(1)


@pytest.fixture
def tilburg_and_nador(db: None) -> tuple[Municipality, Municipality]:
    return (
        Municipality.objects.create(key="tilburg", name="Tilburg", country="NL"),
        Municipality.objects.create(key="nador", name="Nador", country="MA"),
    )


def new_partnership(client: Client, municipalities: list[Municipality], **extra: object):
    return client.post(
        "/partnerships/new/",
        {
            "name": "Tilburg–Nador",
            "municipalities": [m.pk for m in municipalities],
            "form": "city_link",
            "status": "active",
            **extra,
        },
    )


# --- choosing the first side --------------------------------------------------------------------


def test_tilburg_nador_made_in_the_browser_has_tilburg_first_although_nador_sorts_first(
    officer_client, tilburg_and_nador
):
    """The bug of issue 17: the form saved the sides in the list's order (by name), so Nador came first."""
    tilburg, nador = tilburg_and_nador
    response = new_partnership(officer_client, [nador, tilburg], first_municipality=tilburg.pk)
    assert response.status_code == 302
    assert stored_sides("tilburg-nador") == ["tilburg", "nador"]
    assert page_sides(officer_client, "tilburg-nador") == ["tilburg", "nador"]
    assert side_keeping_the_record(officer_client, "tilburg-nador") == "tilburg"
    assert report_sides("tilburg-nador") == "Tilburg – Nador"
    assert exported_sides("tilburg-nador") == ["tilburg", "nador"]


def test_the_new_partnership_form_asks_which_municipality_keeps_the_record(officer_client, tilburg_and_nador):
    response = new_partnership(officer_client, list(tilburg_and_nador))
    assert response.status_code == 400
    assert response.context["form"].errors["first_municipality"] == ["This field is required."]
    assert "Municipality that keeps the record" in response.content.decode()
    assert not Partnership.objects.filter(name="Tilburg–Nador").exists()


def test_the_municipality_that_keeps_the_record_must_be_one_of_the_partnership(
    officer_client, tilburg_and_nador, partnership
):
    haarlem = Municipality.objects.get(key="haarlem")
    response = new_partnership(officer_client, list(tilburg_and_nador), first_municipality=haarlem.pk)
    assert response.status_code == 400
    assert "keeps the record" in response.context["form"].errors["first_municipality"][0]


def test_editing_a_partnership_keeps_its_first_side_unless_another_is_chosen(officer_client, partnership):
    """Haarlem–Emirdağ has Haarlem first; the edit form shows it and a save without it keeps it."""
    url = "/partnerships/haarlem-emirdag/edit/"
    form = officer_client.get(url).context["form"]
    assert form.initial["first_municipality"] == Municipality.objects.get(key="haarlem").pk
    data = {
        "name": "Haarlem–Emirdağ",
        "municipalities": [m.pk for m in Municipality.objects.filter(key__in=["haarlem", "emirdag"])],
        "form": "city_link",
        "status": "active",
    }
    assert officer_client.post(url, data).status_code == 302
    assert stored_sides("haarlem-emirdag") == ["haarlem", "emirdag"]
    emirdag = Municipality.objects.get(key="emirdag")
    assert officer_client.post(url, {**data, "first_municipality": emirdag.pk}).status_code == 302
    assert stored_sides("haarlem-emirdag") == ["emirdag", "haarlem"]


def test_a_municipality_added_later_comes_after_the_sides_there_were(officer_client, partnership):
    url = "/partnerships/haarlem-emirdag/edit/"
    keys = ["haarlem", "emirdag", "zeist"]
    data = {
        "name": "Haarlem–Emirdağ",
        "municipalities": [m.pk for m in Municipality.objects.filter(key__in=keys)],
        "form": "city_link",
        "status": "active",
    }
    assert officer_client.post(url, data).status_code == 302
    assert stored_sides("haarlem-emirdag") == keys


# --- making a side first from the page -----------------------------------------------------------


def make_first(client: Client, key: str, side: str, base: str | None = None):
    if base is None:
        page = client.get(f"/partnerships/{key}/").content.decode()
        base = re.search(r'<input type="hidden" name="base" value="([0-9a-f]+)"', page).group(1)
    return client.post(f"/partnerships/{key}/sides/{side}/first/", {"base": base})


def test_making_a_side_first_reorders_the_page_the_report_and_the_export(officer_client, partnership):
    assert page_sides(officer_client, "haarlem-emirdag") == ["haarlem", "emirdag"]
    response = make_first(officer_client, "haarlem-emirdag", "emirdag")
    assert response.status_code == 302 and response.url == "/partnerships/haarlem-emirdag/"
    page = officer_client.get(response.url).content.decode()
    assert "Emirdağ now comes first: it keeps the record of this partnership." in page
    assert page_sides(officer_client, "haarlem-emirdag") == ["emirdag", "haarlem"]
    assert side_keeping_the_record(officer_client, "haarlem-emirdag") == "emirdag"
    assert report_sides("haarlem-emirdag") == "Emirdağ – Haarlem"
    assert exported_sides("haarlem-emirdag") == ["emirdag", "haarlem"]


def test_making_a_side_first_is_in_the_partnership_history(officer_client, partnership):
    make_first(officer_client, "haarlem-emirdag", "emirdag")
    changes = Change.objects.filter(
        model="partnerships.side", parent_model="partnerships.partnership", parent_id=str(partnership.pk)
    )
    moved = {change.object_repr: change.changes["position"] for change in changes.filter(action="changed")}
    assert moved == {"Emirdağ": [1, 0], "Haarlem": [0, 1]}
    assert {change.username for change in changes.filter(action="changed")} == {"officer"}


def test_only_the_other_sides_offer_to_be_made_first(officer_client, partnership):
    page = officer_client.get("/partnerships/haarlem-emirdag/").content.decode()
    assert 'action="/partnerships/haarlem-emirdag/sides/emirdag/first/"' in page
    assert 'action="/partnerships/haarlem-emirdag/sides/haarlem/first/"' not in page
    assert page.count("Make this side first") == 1


def test_making_the_first_side_first_again_changes_nothing(officer_client, partnership):
    before = Change.objects.count()
    assert make_first(officer_client, "haarlem-emirdag", "haarlem").status_code == 302
    assert stored_sides("haarlem-emirdag") == ["haarlem", "emirdag"]
    assert Change.objects.count() == before


def test_a_choice_made_on_an_order_that_changed_meanwhile_is_refused(officer_client, partnership):
    page = officer_client.get("/partnerships/haarlem-emirdag/").content.decode()
    opened = re.search(r'<input type="hidden" name="base" value="([0-9a-f]+)"', page).group(1)
    make_first(officer_client, "haarlem-emirdag", "emirdag")  # someone else, in another tab
    refused = make_first(officer_client, "haarlem-emirdag", "haarlem", base=opened)
    assert refused.status_code == 302
    assert stored_sides("haarlem-emirdag") == ["emirdag", "haarlem"]
    message = officer_client.get(refused.url).content.decode()
    assert "Someone else changed which side comes first after you opened the page." in message


def test_the_side_is_one_of_the_partnership(officer_client, partnership):
    assert make_first(officer_client, "haarlem-emirdag", "zeist").status_code == 404


def test_the_token_is_the_order_of_the_sides(partnership):
    """Two orders, two tokens; a change elsewhere in the partnership leaves it as it is."""
    opened = FirstSideForm(partnership=partnership).stored_token()
    partnership.description = "Changed meanwhile"
    partnership.save()
    assert FirstSideForm(partnership=partnership).stored_token() == opened
    emirdag = partnership.sides.get(municipality__key="emirdag")
    FirstSideForm(partnership=partnership).save(emirdag)
    assert FirstSideForm(partnership=partnership).stored_token() != opened


# --- the reader's own side ---------------------------------------------------------------------


def member_of(partnership: Partnership, side_key: str | None, role: str = Role.PARTNER_EDITOR) -> Client:
    user = get_user_model().objects.create_user(f"{role}-{side_key}", password="a-long-test-password")
    side = partnership.sides.get(municipality__key=side_key) if side_key else None
    Membership.objects.create(user=user, partnership=partnership, side=side, role=role)
    client = Client()
    client.force_login(user)
    return client


def test_a_partner_editor_of_the_second_side_sees_their_side_first_but_the_report_keeps_the_order(
    partnership,
):
    client = member_of(partnership, "emirdag")
    page = client.get("/partnerships/haarlem-emirdag/").content.decode()
    assert page_sides(client, "haarlem-emirdag") == ["emirdag", "haarlem"]
    assert 'data-testid="own-side"' in page and "Your side is shown first on this page." in page
    assert side_keeping_the_record(client, "haarlem-emirdag") == "haarlem"
    report = client.get("/partnerships/haarlem-emirdag/report/?format=md").content.decode()
    assert "Haarlem – Emirdağ" in report and "Emirdağ – Haarlem" not in report
    assert stored_sides("haarlem-emirdag") == ["haarlem", "emirdag"]


def test_a_partner_editor_may_not_change_which_side_is_first(partnership):
    client = member_of(partnership, "emirdag")
    page = client.get("/partnerships/haarlem-emirdag/").content.decode()
    assert "Make this side first" not in page
    response = client.post("/partnerships/haarlem-emirdag/sides/emirdag/first/", {})
    assert response.status_code == 403
    assert stored_sides("haarlem-emirdag") == ["haarlem", "emirdag"]


def test_a_reader_of_no_side_sees_the_stored_order(partnership):
    client = member_of(partnership, None, Role.VIEWER)
    page = client.get("/partnerships/haarlem-emirdag/").content.decode()
    assert page_sides(client, "haarlem-emirdag") == ["haarlem", "emirdag"]
    assert 'data-testid="own-side"' not in page and "Your side is shown first" not in page


def test_a_member_of_the_first_side_sees_the_stored_order_and_no_note(partnership):
    client = member_of(partnership, "haarlem")
    page = client.get("/partnerships/haarlem-emirdag/").content.decode()
    assert page_sides(client, "haarlem-emirdag") == ["haarlem", "emirdag"]
    assert 'data-testid="own-side"' in page and "Your side is shown first" not in page


def api_sides(client: Client) -> list[str]:
    found = client.get("/api/v1/partnerships/haarlem-emirdag/").json()
    return [side["municipality"] for side in found["sides"]]


def test_the_api_lists_the_stored_order_to_every_reader_and_reorders_on_request(officer_client, partnership):
    assert api_sides(member_of(partnership, "emirdag")) == ["haarlem", "emirdag"]
    response = officer_client.patch(
        "/api/v1/partnerships/haarlem-emirdag/",
        {"municipalities": ["emirdag", "haarlem"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert api_sides(officer_client) == ["emirdag", "haarlem"]
    assert page_sides(officer_client, "haarlem-emirdag") == ["emirdag", "haarlem"]
