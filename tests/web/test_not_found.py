"""A missing page is the site's own page, in the reader's language, with a way home; every page has an icon."""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client


def test_a_missing_page_is_styled_and_links_home(client, db):
    assert not settings.DEBUG  # Django shows its own technical page when debugging
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page not found</h1>" in page
    assert 'href="/static/mutuality/mutuality.css"' in page  # the site's layout, not Django's bare page
    assert '<a class="button" href="/">Go to the home page</a>' in page
    assert "URLconf" not in page  # nothing of how addresses are resolved


def test_a_missing_record_is_the_same_page_in_arabic_right_to_left(officer_client, partnership):
    officer_client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    response = officer_client.get("/partnerships/nowhere/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "Page not found" not in page and "Go to the home page" not in page
    assert "No Partnership matches" not in page  # the lookup's own words are internal
    assert 'href="/partnerships/"' in page  # signed in: the partnerships are one step away


def test_every_page_links_the_icon_and_the_app_serves_it(client, db):
    page = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page).group(1)
    assert icon.startswith("/static/")  # from this site, never a CDN
    response = Client().get(icon)
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    assert b"".join(response.streaming_content).startswith(b"<svg ")
