"""A municipality's country is chosen from ISO 3166 countries named in the reader's language."""

from __future__ import annotations

from mutuality.partnerships.models import Municipality


def test_the_form_offers_countries_by_name_in_the_readers_language(officer_client, partnership):
    page = officer_client.get("/municipalities/new/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<select name="country"' in page
    assert '<option value="MA">Marokko</option>' in page and '<option value="NL">Nederland</option>' in page


def test_a_country_is_saved_as_its_code_and_a_name_or_a_wrong_code_is_refused(officer_client, partnership):
    form = {"name": "Nador", "key": "nador"}
    for wrong in ("Netherlands", "NE-", "XX"):
        response = officer_client.post("/municipalities/new/", {**form, "country": wrong})
        assert response.status_code == 400 and not Municipality.objects.filter(key="nador").exists()
    officer_client.post("/municipalities/new/", {**form, "country": "MA"})
    assert Municipality.objects.get(key="nador").country == "MA"


def test_lists_show_the_country_by_name(officer_client, partnership):
    page = officer_client.get("/municipalities/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Turquie" in page and ">TR<" not in page
