"""What each role sees inside the pages it may open: only its partnerships, no confidential evidence."""

from __future__ import annotations

import re

from mutuality.accounts.access import Access
from mutuality.evidence.models import Coding, Respondent, RespondentIdentity, Source
from tests.accounts.conftest import World, client_for


def page(world: World, role: str, path: str) -> str:
    response = client_for(world, role).get(path)
    assert response.status_code == 200, (role, path, response.status_code)
    return response.content.decode()


def test_the_partnership_list_shows_only_the_users_partnerships(world):
    assert "Zeist–Emirdağ" not in page(world, "viewer", "/partnerships/")
    assert "Haarlem–Emirdağ" in page(world, "viewer", "/partnerships/")
    outsider = page(world, "outsider", "/partnerships/")
    assert "Haarlem–Emirdağ" not in outsider and "Zeist–Emirdağ" in outsider


def test_a_confidential_source_is_listed_searched_and_counted_only_for_researchers(world):
    for role in ("viewer", "editor", "coder"):
        assert "Off the record" not in page(world, role, "/sources/")
        assert "Off the record" not in page(world, role, "/search/?q=waste")
    assert "Off the record" in page(world, "researcher", "/sources/")
    assert "Off the record" in page(world, "researcher", "/search/?q=waste")


def test_the_matrix_counts_only_the_codings_a_user_may_read(world):
    code = world.code
    Coding.objects.create(
        version=world.confidential_source.current, start=0, end=3, code=code, coder=world.users["researcher"]
    )
    Coding.objects.create(
        version=world.other_source.current, start=0, end=3, code=code, coder=world.users["outsider"]
    )
    counts = {}
    for role in ("admin", "researcher", "viewer", "outsider", "coder"):
        access = Access.of(world.users[role])
        counts[role] = access.codings(Coding.objects.filter(code=code)).count()
    assert counts == {"admin": 3, "researcher": 2, "viewer": 1, "outsider": 1, "coder": 1}


def test_a_coder_sees_only_the_sources_assigned_to_them(world):
    listed = page(world, "coder", "/sources/")
    assert "The open interview" in listed and "Elsewhere" not in listed
    world.open_source.assignments.all().delete()
    assert "The open interview" not in page(world, "coder", "/sources/")


def test_real_names_are_shown_only_to_researchers_of_the_partnership(world):
    RespondentIdentity.objects.create(respondent=world.respondent, real_name="Fatima Example")
    assert "Fatima Example" in page(world, "researcher", "/respondents/")
    assert "Fatima Example" not in page(world, "outsider", "/respondents/")
    assert Access.of(world.users["researcher"]).can_see_real_name(world.respondent)
    assert not Access.of(world.users["outsider"]).can_see_real_name(world.respondent)


def test_a_report_quotes_confidential_evidence_only_to_researchers(world):
    secret = world.confidential_source
    Coding.objects.create(
        version=secret.current,
        start=0,
        end=len(secret.current.text),
        code=world.code,
        coder=world.users["researcher"],
    )
    report = f"/partnerships/{world.p1.key}/report/"
    assert "Off the record text" in page(world, "researcher", report)
    assert "Off the record text" not in page(world, "viewer", report)
    assert "Off the record text" not in page(world, "editor", report + "?format=md")


def test_the_report_as_data_quotes_confidential_evidence_only_to_researchers(world):
    """As every other format of the report: the data is read with the reader's rights."""
    secret = world.confidential_source
    Coding.objects.create(
        version=secret.current,
        start=0,
        end=len(secret.current.text),
        code=world.code,
        coder=world.users["researcher"],
    )
    data = f"/partnerships/{world.p1.key}/report/?format=json"
    quoted = page(world, "researcher", data)
    assert "Off the record text" in quoted and '"confidential": true' in quoted
    for role in ("viewer", "editor", "coder"):
        assert "Off the record text" not in page(world, role, data), role


def test_the_programme_report_of_a_user_covers_only_their_partnerships(world):
    assert "Haarlem–Emirdağ" not in page(world, "outsider", "/reports/programme/")
    assert (
        client_for(world, "outsider").get(f"/reports/programme/?partnership={world.p1.key}").status_code
        == 404
    )


def test_a_partner_editor_can_record_only_for_their_own_side(world):
    client = client_for(world, "editor")
    form = client.get(f"/partnerships/{world.p1.key}/objectives/new/").content.decode()
    sides = re.search(r'<select name="side".*?</select>', form, re.S).group(0)
    assert f'value="{world.side_a.pk}"' in sides and f'value="{world.side_b.pk}"' not in sides
    response = client.post(
        f"/partnerships/{world.p1.key}/objectives/new/",
        {"side": world.side_b.pk, "type": "international_norms"},
    )
    assert response.status_code == 400
    assert (
        not world.p1.objectives.filter(side=world.side_b)
        .exclude(pk=world.records[("objectives", "B")].pk)
        .exists()
    )


def test_a_contributor_changes_only_what_it_recorded(world):
    client = client_for(world, "contributor")
    response = client.post(
        f"/partnerships/{world.p1.key}/learning/new/",
        {"side": world.side_a.pk, "description": "Our story", "form": "transfer"},
    )
    assert response.status_code == 302
    mine = world.p1.learning_outcomes.get(description="Our story")
    assert mine.created_by == world.users["contributor"]
    assert client.get(f"/partnerships/{world.p1.key}/learning/{mine.key}/edit/").status_code == 200
    others = (
        world.p1.learning_outcomes.filter(side=world.side_a, created_by=None).first()
        or world.records[("learning", "B")]
    )
    assert client.get(f"/partnerships/{world.p1.key}/learning/{others.key}/edit/").status_code == 403


def test_sources_and_respondents_created_by_a_researcher_stay_in_their_partnerships(world):
    form = page(world, "outsider", "/sources/new/")
    assert world.p2.name in form and world.p1.name not in form
    assert Source.objects.count() == 3 and Respondent.objects.count() == 1


def test_the_navigation_offers_only_pages_the_user_can_open(world):
    contributor = page(world, "contributor", "/")
    assert 'href="/sources/"' not in contributor and 'href="/respondents/"' not in contributor
    viewer = page(world, "viewer", "/")
    assert 'href="/respondents/"' not in viewer
    assert 'href="/respondents/"' in page(world, "researcher", "/")
