from __future__ import annotations

from mutuality.framework import VOCABULARIES


def test_home_page_is_open_to_everyone(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Mutuality" in response.content.decode()


def test_partnership_data_needs_a_login(client, partnership):
    for url in ("/partnerships/", "/partnerships/haarlem-emirdag/", "/municipalities/", "/programmes/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/"), url


def test_framework_page_lists_every_vocabulary_and_term(client, db):
    page = client.get("/framework/").content.decode()
    for vocab in VOCABULARIES.values():
        assert f'id="{vocab.key}"' in page
        for term in vocab:
            assert f'id="{vocab.key}-{term.key}"' in page


def test_partnership_list_shows_sides_and_status(officer_client, partnership):
    page = officer_client.get("/partnerships/").content.decode()
    assert "Haarlem–Emirdağ" in page
    assert "Emirdağ" in page and "Active" in page


def test_partnership_page_shows_both_sides_and_what_each_learned(officer_client, partnership):
    page = officer_client.get("/partnerships/haarlem-emirdag/").content.decode()
    assert 'data-side="haarlem"' in page and 'data-side="emirdag"' in page
    assert "Waste sorting" in page
    assert "LOGO East" in page
    assert "Visit to Haarlem" in page and "May 2006" in page


def test_unknown_partnership_or_record_kind_is_not_found(officer_client, partnership):
    assert officer_client.get("/partnerships/nowhere/").status_code == 404
    assert officer_client.get("/partnerships/haarlem-emirdag/spaceships/new/").status_code == 404


def test_user_text_is_escaped(officer_client, partnership):
    partnership.description = '<script>alert("x")</script>'
    partnership.save()
    page = officer_client.get("/partnerships/haarlem-emirdag/").content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


def test_every_page_offers_the_five_languages_and_arabic_is_right_to_left(officer_client, partnership):
    page = officer_client.get("/partnerships/haarlem-emirdag/").content.decode()
    for code in ("en", "nl", "fr", "tr", "ar"):
        assert f'value="{code}"' in page
    officer_client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert 'dir="rtl"' in officer_client.get("/").content.decode()


def test_the_partnership_page_adds_up_no_money_of_a_side(officer_client, partnership):
    """A side's euros summed over the contributions with an amount would leave out those without one
    and those in other currencies: the page lists each contribution, and its sides carry no total."""
    response = officer_client.get("/partnerships/haarlem-emirdag/")
    assert response.status_code == 200
    sides = response.context["sides"]
    assert len(sides) == 2 and not [view for view in sides if "euros" in view]
