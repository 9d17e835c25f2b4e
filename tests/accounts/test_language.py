"""Each user's language: from the browser at first, then their own choice, on every device."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from mutuality.accounts.models import LanguagePreference

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


@pytest.fixture
def officer():
    return get_user_model().objects.create_user("officer", password=PASSWORD)


def signed_in(browser_language: str) -> Client:
    """A browser of that language that has signed in through the login page."""
    client = Client(HTTP_ACCEPT_LANGUAGE=browser_language)
    response = client.post("/accounts/login/", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def page_language(client: Client) -> tuple[str, str]:
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    return response.headers["Content-Language"], html[
        html.index("<html") : html.index(">", html.index("<html")) + 1
    ]


def test_without_a_choice_the_browser_language_is_used():
    language, tag = page_language(Client(HTTP_ACCEPT_LANGUAGE="tr-TR,tr;q=0.9,en;q=0.5"))
    assert language == "tr"
    assert 'lang="tr"' in tag and 'dir="ltr"' in tag


def test_arabic_pages_are_right_to_left():
    language, tag = page_language(Client(HTTP_ACCEPT_LANGUAGE="ar"))
    assert language == "ar" and 'dir="rtl"' in tag


def test_a_signed_in_users_choice_is_saved_and_follows_them_to_another_browser(officer):
    laptop = signed_in("nl")
    assert page_language(laptop)[0] == "nl"
    response = laptop.post("/i18n/setlang/", {"language": "ar", "next": "/partnerships/"})
    assert response.status_code == 302 and response.headers["Location"] == "/partnerships/"
    assert LanguagePreference.objects.get(user=officer).language == "ar"
    assert page_language(laptop)[0] == "ar"

    phone = signed_in("fr")  # another browser: no cookie, French by its own setting
    assert page_language(phone)[0] == "ar"
    phone.post("/i18n/setlang/", {"language": "tr"})
    assert LanguagePreference.objects.get(user=officer).language == "tr"


def test_after_signing_out_the_browser_decides_again(officer):
    client = signed_in("fr")
    client.post("/i18n/setlang/", {"language": "ar"})
    client.post("/accounts/logout/")
    client.cookies.pop("django_language", None)
    assert page_language(client)[0] == "fr"


def test_a_language_we_do_not_have_changes_nothing(officer):
    client = signed_in("nl")
    client.post("/i18n/setlang/", {"language": "de"})
    client.post("/i18n/setlang/", {"language": "<script>"})
    assert not LanguagePreference.objects.exists()
    assert page_language(client)[0] == "nl"


def test_an_anonymous_choice_is_kept_in_a_cookie_only():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post("/i18n/setlang/", {"language": "nl"})
    assert client.cookies["django_language"].value == "nl"
    assert page_language(client)[0] == "nl"
    assert not LanguagePreference.objects.exists()


def test_the_switcher_only_takes_a_post(officer):
    assert signed_in("nl").get("/i18n/setlang/?language=ar").status_code == 405
