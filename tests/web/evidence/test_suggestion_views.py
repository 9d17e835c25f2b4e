"""The coding assistant's panel on a source: suggestions shown, accepted, edited and rejected (issue 18)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from mutuality.assistant.models import Decision
from mutuality.evidence.models import Coding, Source
from tests.assistant.coded import LABEL, REAL_NAME, client_of, code, load_learning, make, suggestions


@pytest.fixture(scope="module", autouse=True)
def learning() -> None:
    """The learning and the URLs, loaded once for the module."""
    load_learning()


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Models kept in this test's own data folder."""
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def coded(db):
    return make()


HTMX = {"HTTP_HX_REQUEST": "true"}


def panel(client, source, **headers):
    return client.get(reverse("source-suggestions", args=[source.key]), **headers)


def test_the_panel_proposes_codes_for_the_passages_not_yet_coded(coded):
    response = panel(client_of(coded.researcher), coded.new_source, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # a fragment for the page's script
    found = suggestions(html)
    assert len(found) == 4  # every sentence of the new interview
    by_words = {s["quote"].split()[0]: s["code"] for s in found}
    assert by_words["The"] == str(coded.youth.pk)  # the pupils' letters: the youth exchange
    assert by_words[REAL_NAME.split()[0]] == str(coded.trust.pk)
    assert "Process-based trust" in html and "Projects / Youth" in html
    assert "Strong" in html and "Enabling" in html  # the grades the nearest passages gave
    assert "(" in html and "%" in html  # a confidence in words and as a number
    assert "Why: like 3 passages already coded so" in html
    # Passages coded already are not proposed again: code one, and it is gone.
    code(
        coded.new_source,
        "The pupils of the school exchange wrote letters to Zeist.",
        coded.youth,
        coded.researcher,
    )
    again = suggestions(panel(client_of(coded.researcher), coded.new_source, **HTMX).content.decode())
    assert len(again) == 3 and not any(s["quote"].startswith("The pupils") for s in again)


def test_without_a_script_the_panel_is_a_page_of_its_own(coded):
    response = panel(client_of(coded.researcher), coded.new_source)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "suggestions.js" in html and "suggestions.css" in html
    assert 'name="next" value="page"' in html


def test_accepting_codes_the_exact_words_after_arabic_and_an_emoji(coded):
    client = client_of(coded.researcher)
    arabic = next(
        s for s in suggestions(panel(client, coded.new_source, **HTMX).content.decode()) if "🤝" in s["quote"]
    )
    response = client.post(
        reverse("suggestion-accept", args=[coded.new_source.key]), {"suggestion": arabic["token"]}, **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "codings-changed"
    coding = Coding.objects.get(version=coded.new_source.current)
    words = "قال المنسق في بركان: نحن نتعلم معًا 🤝 every visit built trust."
    assert coding.quote == words == coded.new_source.current.text[coding.start : coding.end]
    assert (coding.code_id, coding.coder) == (int(arabic["code"]), coded.researcher)
    decision = Decision.objects.get()
    assert (decision.outcome, decision.user, decision.coding, decision.code_id) == (
        "accepted",
        coded.researcher,
        coding,
        coding.code_id,
    )
    assert (decision.start, decision.end, decision.source) == (coding.start, coding.end, coded.new_source)
    assert 0 < decision.confidence < 1
    html = response.content.decode()
    assert "🤝" not in "".join(s["quote"] for s in suggestions(html))  # coded now: not proposed again
    assert "Coding assistant: 1 of 1 suggestion decided on was accepted (100" in html


def test_a_plain_form_goes_back_to_the_source_page_or_to_the_suggestions_page(coded):
    client = client_of(coded.researcher)
    first, second = suggestions(panel(client, coded.new_source).content.decode())[:2]
    accept = reverse("suggestion-accept", args=[coded.new_source.key])
    response = client.post(accept, {"suggestion": first["token"]})
    assert response.status_code == 302
    assert response["Location"] == reverse("source", args=[coded.new_source.key]) + "#suggestions"
    response = client.post(accept, {"suggestion": second["token"], "next": "page"})
    assert response["Location"] == reverse("source-suggestions", args=[coded.new_source.key])
    assert Coding.objects.filter(version=coded.new_source.current).count() == 2


def test_a_rejected_suggestion_is_not_proposed_again_to_that_coder(coded):
    client = client_of(coded.researcher)
    before = suggestions(panel(client, coded.new_source, **HTMX).content.decode())
    rejected = next(s for s in before if s["quote"].startswith("The pupils"))
    response = client.post(
        reverse("suggestion-reject", args=[coded.new_source.key]), {"suggestion": rejected["token"]}, **HTMX
    )
    assert response.status_code == 200 and "HX-Trigger" not in response
    after = suggestions(response.content.decode())
    same = [s for s in after if s["quote"] == rejected["quote"]]
    assert rejected["code"] == str(coded.youth.pk)
    assert [s["code"] for s in same] == [str(coded.trust.pk)]  # its next-best code instead
    assert not Coding.objects.filter(version=coded.new_source.current).exists()
    assert Decision.objects.get().outcome == "rejected"
    # Another coder is still offered it.
    others = suggestions(panel(client_of(coded.coder), coded.new_source, **HTMX).content.decode())
    assert {"quote": rejected["quote"], "code": rejected["code"]} in [
        {"quote": s["quote"], "code": s["code"]} for s in others
    ]
    assert "Coding assistant: 0 of 1 suggestion decided on was accepted (0" in response.content.decode()


def test_editing_opens_the_selection_in_the_coding_form_and_is_recorded(coded):
    client = client_of(coded.researcher)
    chosen = suggestions(panel(client, coded.new_source, **HTMX).content.decode())[0]
    edit = reverse("suggestion-edit", args=[coded.new_source.key])
    response = client.post(edit, {"suggestion": chosen["token"]}, **HTMX)
    event = json.loads(response["HX-Trigger"])["suggestion-edit"]
    text = coded.new_source.current.text
    assert event["quote"] == chosen["quote"] and event["code"] == int(chosen["code"])
    assert (
        text.encode("utf-16-le")[2 * event["start"] : 2 * event["end"]].decode("utf-16-le") == chosen["quote"]
    )
    response = client.post(edit, {"suggestion": chosen["token"]})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("source", args=[coded.new_source.key]) + "?start=")
    assert "quote" not in response["Location"]  # the words never go into an address (the server's log)
    assert list(Decision.objects.values_list("outcome", flat=True)) == ["edited", "edited"]
    assert not Coding.objects.filter(version=coded.new_source.current).exists()


def test_a_suggestion_of_an_older_text_or_forged_is_not_decided(coded):
    client = client_of(coded.researcher)
    chosen = suggestions(panel(client, coded.new_source, **HTMX).content.decode())[0]
    accept = reverse("suggestion-accept", args=[coded.new_source.key])
    forged = client.post(accept, {"suggestion": chosen["token"][:-2] + "xx"}, **HTMX)
    assert "could not be read" in forged.content.decode()
    from mutuality.evidence.versions import add_version

    add_version(coded.new_source, coded.new_source.current.text + "\nOne more line of words here.")
    changed = client.post(accept, {"suggestion": chosen["token"]}, **HTMX)
    assert "The text has changed since this suggestion was made" in changed.content.decode()
    assert (
        not Decision.objects.exists() and not Coding.objects.filter(version__source=coded.new_source).exists()
    )


def test_who_may_not_code_the_source_gets_no_suggestions(coded, django_user_model):
    from mutuality.accounts.models import Membership

    viewer = django_user_model.objects.create_user("viewer")
    Membership.objects.create(user=viewer, partnership=coded.partnership, role="viewer")
    outsider = django_user_model.objects.create_user("outsider")
    for user in (viewer, outsider):
        client = client_of(user)
        assert panel(client, coded.new_source).status_code == 403
        token = suggestions(panel(client_of(coded.researcher), coded.new_source).content.decode())[0]["token"]
        response = client.post(
            reverse("suggestion-accept", args=[coded.new_source.key]), {"suggestion": token}
        )
        assert response.status_code == 403
    assert panel(client_of(coded.researcher), Source(key="no-such-source")).status_code == 404
    assert not Decision.objects.exists()


def test_names_are_replaced_for_a_coder_in_the_passages_and_the_reasons(coded):
    response = panel(client_of(coded.coder), coded.new_source, **HTMX)
    html = response.content.decode()
    assert "Quillfeather" not in html
    assert f"{LABEL} told us the visits built trust" in html  # the passage proposed
    assert f"{LABEL} said we trust the people of Berkane" in html  # a reason
    researcher = panel(client_of(coded.researcher), coded.new_source, **HTMX).content.decode()
    assert REAL_NAME in researcher


def test_a_coder_accepting_a_passage_with_a_name_codes_the_stored_words(coded):
    client = client_of(coded.coder)
    named = next(
        s
        for s in suggestions(panel(client, coded.new_source, **HTMX).content.decode())
        if LABEL in s["quote"]
    )
    client.post(
        reverse("suggestion-accept", args=[coded.new_source.key]), {"suggestion": named["token"]}, **HTMX
    )
    coding = Coding.objects.get(version=coded.new_source.current)
    assert coding.quote == f"{REAL_NAME} told us the visits built trust over the years."
    assert coding.coder == coded.coder


def test_a_blind_coder_learns_from_and_sees_only_their_own_codings(coded):
    """The coder codes blind: the researcher's codings are neither learned from nor quoted."""
    coded.partnership.blind_coding = True
    coded.partnership.save()
    client = client_of(coded.coder)
    html = panel(client, coded.new_source, **HTMX).content.decode()
    assert "You code this source blind" in html
    assert "Nothing is coded yet" in html  # none of theirs yet
    own = [
        "Visits built trust between the mayors over time.",
        "Trust grew after every visit of the delegation.",
        "The visits of the delegation made trust grow.",
        "Every visit to Berkane built more trust.",
        "Trust between the officers grew over the visits.",
    ]
    mine = Source.objects.create(key="coder-notes", title="Coder notes", confidential=False)
    mine.partnerships.add(coded.partnership)
    from mutuality.accounts.models import Assignment
    from mutuality.evidence.versions import add_version

    add_version(mine, "\n".join(own))
    Assignment.objects.create(source=mine, coder=coded.coder)
    for sentence in own:
        code(mine, sentence, coded.trust, coded.coder)
    html = panel(client, coded.new_source, **HTMX).content.decode()
    found = suggestions(html)
    assert found and {s["code"] for s in found} == {str(coded.trust.pk)}  # the youth code is the researcher's
    assert "Visits built trust between the mayors" in html or "Trust grew after every visit" in html
    assert "we trust the people of Berkane" not in html and "Over the years the visits" not in html
    assert "Strong" not in html  # the researcher's grades are not voted in


def test_the_codebook_shows_the_acceptance_rate(coded):
    client = client_of(coded.researcher)
    first, second = suggestions(panel(client, coded.new_source, **HTMX).content.decode())[:2]
    client.post(reverse("suggestion-accept", args=[coded.new_source.key]), {"suggestion": first["token"]})
    client.post(reverse("suggestion-reject", args=[coded.new_source.key]), {"suggestion": second["token"]})
    html = client.get(reverse("codebook")).content.decode()
    assert "Coding assistant: 1 of 2 suggestions decided on were accepted (50" in html
    assert "Yours: 1 of 2 (50" in html


def test_a_case_study_source_gets_suggestions(case_studies, django_user_model, settings, tmp_path):
    """Trains on the case studies' codings (about a second on a busy machine)."""
    admin = django_user_model.objects.create_superuser("admin", password="a-long-test-password")
    source = Source.objects.get(key="zb-ngo-director-power")
    html = panel(client_of(admin), source, **HTMX).content.decode()
    found = suggestions(html)
    assert found and all(s["quote"] in source.current.text for s in found)
    assert "Why: like" in html
