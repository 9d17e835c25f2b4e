"""The coding workbench's answers: the parts of the page a coding changes, changing a coding and its
edges, undoing the last action, the codes used last, the counts, the filters — each by htmx and by a
plain form, with the same rights."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Code, Coding
from mutuality.history.models import Change
from tests.web.evidence.test_coding_views import selection

HTMX = {"HTTP_HX_REQUEST": "true"}


def code(source, words, client, code_obj, **fields):
    return client.post(
        f"/sources/{source.key}/codings/",
        {**selection(source, words), "codes": [code_obj.pk], **fields},
        **HTMX,
    )


def oob_ids(page: str) -> list[str]:
    return re.findall(r'id="([\w-]+)"[^>]*hx-swap-oob="true"', page)


def test_a_coding_sent_by_the_page_answers_with_the_parts_it_changed_only(coder_client, source):
    trust = framework_code("dimension", "process_trust")
    response = code(source, "نحن نتعلم", coder_client, trust, assessment="strong")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page  # no whole page
    coding = Coding.objects.get()
    # The piece of the text the coding is in (a short text is one piece), not the whole text and margin.
    assert set(oob_ids(page)) >= {"workbench-message", "piece-0", "recent-codes", "undo-bar"}
    assert not {"source-text", "margin"} & set(oob_ids(page))
    assert 'id="codings-list" class="codings" hx-swap-oob="true"' in page  # the first: the whole list
    assert f'id="count-{trust.pk}" class="count" hx-swap-oob="true" data-recount="{trust.pk}"' in page
    assert re.search(rf'id="count-{trust.pk}"[^>]*>1 · …<', page)
    assert f'data-codings="{coding.pk}"' in page and ">نحن نتعلم</mark>" in page
    assert (
        f'<div hx-swap-oob="beforeend:#margin"><span class="stripe" id="stripe-{coding.pk}" data-coding='
        f'"{coding.pk}" style="--code-colour: {trust.colour}; --lane: 0"'
    ) in page
    assert "Coded “نحن نتعلم”." in page
    assert 'data-key="1"' in page  # the code just used, applied with 1 next time


def test_a_coding_answer_reads_the_text_the_codes_and_the_readers_rights_once(coder_client, source):
    """The transcript is long and the codebook read whole: the form's reading of them serves the
    answer too, and whether the reader codes the source blind is asked once."""
    trust = framework_code("dimension", "process_trust")
    code(source, "Trust grew", coder_client, trust)  # the first coding sends the whole list
    sent = {**selection(source, "ten years"), "codes": [trust.pk]}
    with CaptureQueriesContext(connection) as queries:
        response = coder_client.post(f"/sources/{source.key}/codings/", sent, **HTMX)
    assert response.status_code == 200 and "Coded “ten years”." in response.content.decode()
    sql = [query["sql"] for query in queries.captured_queries]
    assert len([q for q in sql if '"evidence_sourceversion"."text"' in q]) == 1
    assert len([q for q in sql if re.search(r'FROM "evidence_code"( ORDER BY|$)', q)]) == 1
    assert len([q for q in sql if "blind_coding" in q]) == 1


def test_the_list_item_of_a_new_coding_is_the_one_the_page_shows_without_reading_it_again(
    coder_client, source, partnership
):
    """The codings the form just saved are listed as they are, code, side, projects and memo and all,
    not read back: the item sent is the item the whole list has."""
    from mutuality.partnerships.models import Project

    trust = framework_code("dimension", "process_trust")
    code(source, "Trust grew", coder_client, trust)  # the first coding sends the whole list
    side = partnership.sides.get(municipality__key="emirdag")
    projects = [
        Project.objects.create(key=key, partnership=partnership, name=name, types=["integration"])
        for key, name in (("waste-test", "Waste <sorting>"), ("archives-test", "Archives"))
    ]
    sent = {
        **selection(source, "ten years"),
        "codes": [trust.pk],
        "assessment": "strong",
        "factor_role": "enabling",
        "concerns_side": side.pk,
        "projects": [project.pk for project in projects],
        "memo": "<i>asked twice</i>",
    }
    with CaptureQueriesContext(connection) as queries:
        answer = coder_client.post(f"/sources/{source.key}/codings/", sent, **HTMX).content.decode()
    coding = Coding.objects.get(quote="ten years")
    sql = [query["sql"] for query in queries.captured_queries]
    assert not [q for q in sql if q.startswith("SELECT") and f'"evidence_coding"."id" IN ({coding.pk})' in q]
    sent_item = re.search(rf'<li id="c{coding.pk}".*?</li>', answer, re.S).group(0)
    page = coder_client.get(f"/sources/{source.key}/?codings=all&passage={coding.pk}").content.decode()
    assert sent_item == re.search(rf'<li id="c{coding.pk}".*?</li>', page, re.S).group(0)
    assert 'Archives</bdi></span> <span class="badge project"><bdi>Waste &lt;sorting&gt;' in sent_item
    assert "&lt;i&gt;asked twice&lt;/i&gt;" in sent_item


def test_a_refused_coding_tells_the_page_why_and_changes_nothing(coder_client, source):
    trust = framework_code("dimension", "process_trust")
    response = coder_client.post(
        f"/sources/{source.key}/codings/",
        {**selection(source, "Trust"), "quote": "Trusted", "codes": [trust.pk]},
        **HTMX,
    )
    assert response.status_code == 200
    assert 'role="alert" class="errors"' in response.content.decode()
    assert "do not match the text" in response.content.decode()
    assert not Coding.objects.exists()


def test_the_ten_codes_used_last_get_the_keys_1_to_0_newest_first(coder_client, source):
    codes = list(Code.objects.filter(vocabulary="dimension").exclude(term=""))  # six
    codes += list(Code.objects.filter(vocabulary="learning_form").exclude(term=""))  # and more
    for used in codes[:11]:
        code(source, "Trust", coder_client, used)
    page = coder_client.get(f"/sources/{source.key}/").content.decode()
    keys = re.findall(r'class="code-chip" data-code="(\d+)" data-key="(\d)"', page)
    assert [int(pk) for pk, _key in keys] == [c.pk for c in reversed(codes[1:11])]
    assert [key for _pk, key in keys] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]


def test_a_coding_changes_code_assessment_role_side_and_memo_and_the_history_keeps_it(
    coder_client, source, partnership
):
    trust = framework_code("dimension", "process_trust")
    power = framework_code("dimension", "power_equality")
    code(source, "Trust", coder_client, trust, assessment="strong")
    coding = Coding.objects.get()
    side = partnership.sides.get(municipality__key="emirdag")
    form = coder_client.get(f"/codings/{coding.pk}/change/", **HTMX).content.decode()
    base = re.search(r'name="base_fingerprint" value="(\w+)"', form).group(1)
    response = coder_client.post(
        f"/codings/{coding.pk}/change/",
        {
            "code": power.pk,
            "assessment": "limited",
            "factor_role": "limiting",
            "concerns_side": side.pk,
            "memo": "<b>power</b>",
            "base_fingerprint": base,
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert "&lt;b&gt;power&lt;/b&gt;" in response.content.decode()
    coding.refresh_from_db()
    assert (coding.code, coding.assessment, coding.factor_role, coding.concerns_side, coding.memo) == (
        power,
        "limited",
        "limiting",
        side,
        "<b>power</b>",
    )
    changed = Change.objects.filter(
        model="evidence.coding", object_id=str(coding.pk), action="changed"
    ).last()
    assert changed.changes["code_id"] == [trust.pk, power.pk]
    # The form sent again with the token it was opened with: someone changed it since.
    again = coder_client.post(
        f"/codings/{coding.pk}/change/", {"code": trust.pk, "memo": "", "base_fingerprint": base}
    )
    assert again.status_code == 409
    coding.refresh_from_db()
    assert coding.code == power


def test_a_coding_changed_to_a_code_that_is_not_a_dimension_drops_its_assessment(coder_client, source):
    trust = framework_code("dimension", "process_trust")
    transfer = Code.objects.get(vocabulary="learning_form", term="transfer")
    code(source, "Trust", coder_client, trust, assessment="strong")
    coding = Coding.objects.get()
    coder_client.post(f"/codings/{coding.pk}/change/", {"code": transfer.pk, "assessment": "strong"}, **HTMX)
    coding.refresh_from_db()
    assert (coding.code, coding.assessment) == (transfer, "")


def test_an_edge_moves_by_a_word_and_the_text_shows_the_new_words(coder_client, source):
    trust = framework_code("dimension", "process_trust")
    code(source, "نتعلم", coder_client, trust)
    coding = Coding.objects.get()
    response = coder_client.post(f"/codings/{coding.pk}/edge/", {"edge": "end", "step": "1"}, **HTMX)
    coding.refresh_from_db()
    assert coding.quote == "نتعلم معًا"
    assert ">نتعلم معًا</mark>" in response.content.decode()
    coder_client.post(f"/codings/{coding.pk}/edge/", {"edge": "end", "step": "1"}, **HTMX)
    coding.refresh_from_db()
    assert coding.quote == "نتعلم معًا 🤝"
    assert (
        coder_client.post(f"/codings/{coding.pk}/edge/", {"edge": "middle", "step": "1"}).status_code == 400
    )


@pytest.mark.parametrize("plain", [False, True])
def test_undo_takes_back_the_last_coding_change_or_removal(coder_client, source, plain):
    extra = {} if plain else HTMX
    trust = framework_code("dimension", "process_trust")
    code(source, "Trust", coder_client, trust)
    coding = Coding.objects.get()
    undo = f"/sources/{source.key}/undo/"

    coder_client.post(f"/codings/{coding.pk}/change/", {"code": trust.pk, "assessment": "moderate"}, **extra)
    coder_client.post(undo, **extra)
    coding.refresh_from_db()
    assert coding.assessment == ""

    coder_client.post(f"/codings/{coding.pk}/delete/", **extra)
    assert not Coding.objects.exists()
    coder_client.post(undo, **extra)
    again = Coding.objects.get()
    assert (again.quote, again.code, again.coder) == ("Trust", trust, coding.coder)

    code(source, "visits", coder_client, trust)
    assert Coding.objects.count() == 2
    coder_client.post(undo, **extra)
    assert list(Coding.objects.values_list("quote", flat=True)) == ["Trust"]
    nothing = coder_client.post(undo, **HTMX).content.decode()
    assert "There is nothing to undo." in nothing
    actions = Change.objects.filter(model="evidence.coding").values_list("action", flat=True)
    assert list(actions).count("deleted") == 2


def test_another_user_cannot_change_move_or_undo_a_coders_coding(
    coder_client, source, client, django_user_model
):
    trust = framework_code("dimension", "process_trust")
    code(source, "Trust", coder_client, trust)
    coding = Coding.objects.get()
    other = django_user_model.objects.create_user("other", password="another-long-password")
    client.force_login(other)
    assert client.post(f"/codings/{coding.pk}/change/", {"code": trust.pk, "memo": "x"}).status_code in (
        403,
        404,
    )
    assert client.post(f"/codings/{coding.pk}/edge/", {"edge": "end", "step": "1"}).status_code in (403, 404)
    assert client.get(f"/codings/{coding.pk}/change/").status_code in (403, 404)
    assert client.post(f"/sources/{source.key}/undo/").status_code in (403, 404)
    coding.refresh_from_db()
    assert (coding.memo, coding.quote) == ("", "Trust")


def test_the_page_shows_only_the_codings_of_the_codes_or_coder_chosen(coder_client, source):
    trust = framework_code("dimension", "process_trust")
    power = framework_code("dimension", "power_equality")
    code(source, "Trust", coder_client, trust)
    code(source, "visits", coder_client, power)
    group = trust.parent
    page = coder_client.get(f"/sources/{source.key}/?show={power.pk}").content.decode()
    assert ">visits</mark>" in page and ">Trust</mark>" not in page
    assert "1 coding not shown." in page
    both = coder_client.get(f"/sources/{source.key}/?show={group.pk}").content.decode()  # with its sub-codes
    assert ">visits</mark>" in both and ">Trust</mark>" in both
    nobody = coder_client.get(f"/sources/{source.key}/?coder=nobody").content.decode()
    assert "<mark" not in nobody and "No coding of the codes or the coder chosen." in nobody


def test_the_project_counts_come_apart_for_every_code(coder_client, source):
    trust = framework_code("dimension", "process_trust")
    code(source, "Trust", coder_client, trust)
    counts = coder_client.get(f"/sources/{source.key}/code-counts/").content.decode()
    every = re.search(r'<data id="code-counts" hx-swap-oob="true" hidden value="([\d: ]*)">', counts).group(1)
    assert f"{trust.pk}:1:1" in every.split()
    assert len(every.split()) == Code.objects.count()
    asked = coder_client.get(f"/sources/{source.key}/code-counts/?code={trust.pk}").content.decode()
    assert f'value="{trust.pk}:1:1"' in asked


def test_without_script_a_coding_and_a_change_bring_the_page_back(coder_client, source):
    trust = framework_code("dimension", "process_trust")
    response = coder_client.post(
        f"/sources/{source.key}/codings/", {**selection(source, "Trust"), "codes": [trust.pk]}
    )
    assert response.status_code == 302
    coding = Coding.objects.get()
    page = coder_client.get(f"/codings/{coding.pk}/change/").content.decode()
    assert "<html" in page and 'id="coding-change-form"' in page
    response = coder_client.post(f"/codings/{coding.pk}/change/", {"code": trust.pk, "assessment": "strong"})
    assert response.status_code == 302 and response["Location"].endswith(f"#c{coding.pk}")


def test_a_proposed_coding_in_the_link_fills_the_form_with_its_words_found_here(coder_client, source):
    trust = framework_code("dimension", "process_trust")
    chosen = selection(source, "نحن نتعلم معًا 🤝")
    page = coder_client.get(
        f"/sources/{source.key}/?start={chosen['start']}&end={chosen['end']}&code={trust.pk}&assessment=strong"
    ).content.decode()
    assert "“نحن نتعلم معًا 🤝”" in page
    assert f'name="start" id="selection-start" value="{chosen["start"]}"' in page
    assert f'value="{trust.pk}" checked' in page and '<option value="strong" selected>' in page
    outside = coder_client.get(f"/sources/{source.key}/?start=0&end=99999").content.decode()
    assert 'id="apply-coding" disabled' in outside
