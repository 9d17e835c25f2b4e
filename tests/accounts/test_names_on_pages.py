"""Coding a text whose names are replaced lands on the stored words; code memos stay with their partnership."""

from __future__ import annotations

from django.urls import reverse

from mutuality.evidence.models import Coding, Memo
from mutuality.evidence.offsets import codepoint_to_utf16
from mutuality.privacy.pseudonymise import PLACEHOLDER
from tests.accounts.conftest import client_for
from tests.accounts.test_authorization_matrix import HIDDEN_NAME, RESPONDENT_NAME, plant_names


def test_a_coder_codes_the_text_as_shown_and_the_coding_lands_on_the_stored_words(world):
    plant_names(world)
    client = client_for(world, "coder")
    page = client.get(reverse("source", args=[world.open_source.key])).content.decode()
    shown = f"{world.respondent.label} met {PLACEHOLDER}"
    assert PLACEHOLDER in page and RESPONDENT_NAME not in page and HIDDEN_NAME not in page
    # What the page's script sends: UTF-16 offsets in the text as shown, and the words.
    text = world.open_source.current.text.replace(RESPONDENT_NAME, world.respondent.label).replace(
        HIDDEN_NAME, PLACEHOLDER
    )
    start = text.index(shown)
    response = client.post(
        reverse("coding-create", args=[world.open_source.key]),
        {
            "start": codepoint_to_utf16(text, start),
            "end": codepoint_to_utf16(text, start + len(shown)),
            "quote": shown,
            "codes": [world.code.pk],
        },
    )
    assert response.status_code == 302
    coding = Coding.objects.latest("pk")
    assert coding.quote == f"{RESPONDENT_NAME} met {HIDDEN_NAME}"


def test_a_selection_inside_a_replacement_takes_the_whole_name(world):
    plant_names(world)
    client = client_for(world, "coder")
    text = world.open_source.current.text.replace(RESPONDENT_NAME, world.respondent.label).replace(
        HIDDEN_NAME, PLACEHOLDER
    )
    start = text.index(PLACEHOLDER) + 1  # "name]" of "[name]"
    client.post(
        reverse("coding-create", args=[world.open_source.key]),
        {"start": start, "end": start + 5, "quote": "name]", "codes": [world.code.pk]},
    )
    assert Coding.objects.latest("pk").quote == HIDDEN_NAME


def test_a_code_memo_is_read_only_by_readers_of_its_partnerships_evidence(world):
    plant_names(world)
    Memo.objects.create(
        code=world.code,
        partnership=world.p2,
        text="Only for the other partnership",
        author=world.users["outsider"],
    )
    passages = reverse("code-passages", args=[world.code.pk])
    viewer = client_for(world, "viewer").get(passages).content.decode()
    outsider = client_for(world, "outsider").get(passages).content.decode()
    assert "Only for the other partnership" not in viewer and f"{world.respondent.label} on trust" in viewer
    assert "Only for the other partnership" in outsider and "on trust" not in outsider
    researcher = client_for(world, "researcher").get(passages).content.decode()
    assert f"{RESPONDENT_NAME} on trust" in researcher  # the partnership's researcher reads the name


def test_a_code_memo_says_which_partnerships_evidence_it_is_about(world):
    client = client_for(world, "researcher")
    add = reverse("code-memo-add", args=[world.code.pk])
    assert client.post(add, {"text": "About which?", "partnership": world.p2.key}).status_code == 400
    client.post(add, {"text": "About Haarlem–Emirdağ", "partnership": world.p1.key})
    assert Memo.objects.get(text="About Haarlem–Emirdağ").partnership == world.p1
