"""A small two-sided partnership and a logged-in officer for the page tests."""

from __future__ import annotations

import pytest
from django.test import Client

from mutuality.formats.data_load import load_documents
from mutuality.partnerships.models import Partnership

SMALL_DATASET = {
    "municipalities": [
        {"key": "haarlem", "name": "Haarlem", "country": "NL", "migration_role": "destination"},
        {"key": "emirdag", "name": "Emirdağ", "country": "TR", "migration_role": "source"},
        {"key": "zeist", "name": "Zeist", "country": "NL"},
    ],
    "support_programmes": [{"key": "logo-east", "name": "LOGO East", "start_year": 2005, "end_year": 2010}],
    "partnerships": [
        {
            "key": "haarlem-emirdag",
            "name": "Haarlem–Emirdağ",
            "municipalities": ["haarlem", "emirdag"],
            "since": 2001,
            "translocal_linkage": "direct",
            "actors": [
                {
                    "key": "haarlem-waste",
                    "side": "haarlem",
                    "name": "Waste officer",
                    "type": "line_department",
                },
                {
                    "key": "emirdag-municipality",
                    "side": "emirdag",
                    "name": "Municipality of Emirdağ",
                    "type": "local_government",
                },
            ],
            "projects": [
                {
                    "key": "waste",
                    "name": "Waste management",
                    "types": ["local_governance"],
                    "support_programme": "logo-east",
                    "budget_eur": 4000,
                },
            ],
            "exchanges": [
                {
                    "key": "visit",
                    "title": "Visit to Haarlem",
                    "start": "2006-05",
                    "method": "field_visit",
                    "project": "waste",
                    "host": "haarlem",
                },
            ],
            "learning_outcomes": [
                {
                    "key": "sorting",
                    "side": "emirdag",
                    "learned_from": "haarlem",
                    "description": "Waste sorting",
                    "form": "adaptation",
                },
            ],
        }
    ],
}


@pytest.fixture
def partnership(db: None) -> Partnership:
    load_documents([("small dataset", SMALL_DATASET)])
    return Partnership.objects.get(key="haarlem-emirdag")


@pytest.fixture
def officer_client(db: None) -> Client:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("officer", password="a-long-test-password")
    client = Client()
    client.force_login(user)
    return client
