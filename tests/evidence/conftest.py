"""A coder, a partnership and a source with Turkish, Arabic and an emoji in it."""

from __future__ import annotations

import pytest
from django.test import Client

from mutuality.evidence.models import Source
from mutuality.evidence.versions import add_version
from mutuality.formats.data_load import load_documents
from mutuality.partnerships.models import Partnership
from tests.web.conftest import SMALL_DATASET

TEXT = (
    "The officer in Emirdağ said: ılık bir ilişki.\n"
    "قال المنسق في بركان: نحن نتعلم معًا 🤝 every visit.\n"
    "Trust grew over ten years of visits."
)


@pytest.fixture
def partnership(db: None) -> Partnership:
    load_documents([("small dataset", SMALL_DATASET)])
    return Partnership.objects.get(key="haarlem-emirdag")


@pytest.fixture
def coder(db: None) -> object:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("coder", password="a-long-test-password")


@pytest.fixture
def coder_client(coder: object) -> Client:
    client = Client()
    client.force_login(coder)
    return client


@pytest.fixture
def source(partnership: Partnership, coder: object) -> Source:
    source = Source.objects.create(title="Interview with a waste officer", kind="interview", language="tr")
    source.partnerships.add(partnership)
    add_version(source, TEXT, user=coder)
    return source
