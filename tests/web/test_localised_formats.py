"""Dates and amounts on pages and in reports are written the way the reader's language writes them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import formats, translation

from mutuality import l10n

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "nl", "fr", "tr", "ar")


@pytest.fixture
def reader(client, django_user_model, case_studies):
    client.force_login(django_user_model.objects.create_superuser("reader", password="a-long-test-password"))
    return client


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_timeline_names_the_month_in_the_readers_language(reader, language):
    page = reader.get("/partnerships/zeist-berkane/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    with translation.override(language):
        april = formats.date_format(datetime.date(2011, 4, 1), "YEAR_MONTH_FORMAT")
    assert april in page  # the seminar in Zeist, recorded to the month
    if language != "en":
        assert "April 2011" not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_writes_zeists_budget_in_the_readers_money_format(reader, language):
    page = reader.get("/partnerships/zeist-berkane/report/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert (
        l10n.money(4000, language).replace("\u00a0", "&nbsp;") in page or l10n.money(4000, language) in page
    )
