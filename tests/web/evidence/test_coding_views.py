"""Coding through the page: offsets from the browser, attributes, refusals, retrieval."""

from __future__ import annotations

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Coding
from mutuality.evidence.offsets import codepoint_to_utf16


def selection(source, words):
    """What the coding page sends for a selection of ``words``: UTF-16 offsets and the words."""
    text = source.current.text
    start = text.index(words)
    return {
        "start": codepoint_to_utf16(text, start),
        "end": codepoint_to_utf16(text, start + len(words)),
        "quote": words,
    }


def test_a_selection_after_an_emoji_is_coded_with_exactly_its_words(coder_client, source, partnership):
    trust = framework_code("dimension", "process_trust")
    emirdag = partnership.sides.get(municipality__key="emirdag")
    response = coder_client.post(
        f"/sources/{source.key}/codings/",
        {
            **selection(source, "every visit"),
            "codes": [trust.pk],
            "assessment": "strong",
            "factor_role": "enabling",
            "concerns_side": emirdag.pk,
            "memo": "after the emoji",
        },
    )
    assert response.status_code == 302
    coding = Coding.objects.get()
    assert coding.quote == "every visit"
    assert source.current.text[coding.start : coding.end] == "every visit"
    assert (coding.assessment, coding.factor_role, coding.concerns_side) == ("strong", "enabling", emirdag)
    assert coding.coder.username == "coder"


def test_arabic_and_emoji_selections_round_trip(coder_client, source):
    code = framework_code("learning_theme", "cultural_exchange")
    words = "نحن نتعلم معًا 🤝"
    coder_client.post(f"/sources/{source.key}/codings/", {**selection(source, words), "codes": [code.pk]})
    assert Coding.objects.get().quote == words


def test_several_codes_at_once_and_overlaps_are_allowed(coder_client, source):
    codes = [framework_code("dimension", "power_equality").pk, framework_code("skill", "process").pk]
    coder_client.post(
        f"/sources/{source.key}/codings/", {**selection(source, "Trust grew over"), "codes": codes}
    )
    coder_client.post(
        f"/sources/{source.key}/codings/", {**selection(source, "grew over ten"), "codes": codes[:1]}
    )
    assert Coding.objects.count() == 3


def test_only_dimension_codings_keep_an_assessment(coder_client, source):
    skill = framework_code("skill", "process")
    coder_client.post(
        f"/sources/{source.key}/codings/",
        {**selection(source, "Trust"), "codes": [skill.pk], "assessment": "strong"},
    )
    assert Coding.objects.get().assessment == ""


def test_words_that_do_not_match_the_offsets_are_refused(coder_client, source):
    sent = {**selection(source, "Trust grew"), "quote": "Trust fell"}
    code = framework_code("dimension", "process_trust")
    response = coder_client.post(f"/sources/{source.key}/codings/", {**sent, "codes": [code.pk]})
    assert response.status_code == 400
    assert not Coding.objects.exists()


def test_a_selection_across_lines_sent_with_cr_lf_as_forms_send_it_is_coded(coder_client, source):
    words = "every visit.\nTrust grew"
    sent = {**selection(source, words), "quote": words.replace("\n", "\r\n")}
    code = framework_code("dimension", "process_trust")
    response = coder_client.post(f"/sources/{source.key}/codings/", {**sent, "codes": [code.pk]})
    assert response.status_code == 302
    assert Coding.objects.get().quote == words


def test_a_range_outside_the_text_or_inside_an_emoji_is_refused(coder_client, source):
    code = framework_code("dimension", "process_trust")
    text = source.current.text
    inside_emoji = codepoint_to_utf16(text, text.index("🤝")) + 1
    for start, end in ((0, 10_000), (inside_emoji, inside_emoji + 3), (5, 5)):
        response = coder_client.post(
            f"/sources/{source.key}/codings/", {"start": start, "end": end, "codes": [code.pk]}
        )
        assert response.status_code == 400, (start, end)
    assert not Coding.objects.exists()


def test_the_coding_page_shows_the_text_with_coded_passages(coder_client, source):
    code = framework_code("dimension", "process_trust")
    coder_client.post(
        f"/sources/{source.key}/codings/", {**selection(source, "Trust grew"), "codes": [code.pk]}
    )
    page = coder_client.get(f"/sources/{source.key}/").content.decode()
    assert '<mark class="coded"' in page and "Trust grew</mark>" in page
    assert "Process-based trust" in page


def test_passages_of_a_code_are_listed_with_filters(coder_client, source, partnership):
    code = framework_code("dimension", "process_trust")
    coder_client.post(
        f"/sources/{source.key}/codings/", {**selection(source, "Trust grew"), "codes": [code.pk]}
    )
    page = coder_client.get(f"/codes/{code.pk}/passages/").content.decode()
    assert "Trust grew" in page and f"/sources/{source.key}/?passage=" in page
    group = code.parent
    assert "Trust grew" in coder_client.get(f"/codes/{group.pk}/passages/").content.decode()
    filtered = coder_client.get(f"/codes/{code.pk}/passages/?partnership=elsewhere").content.decode()
    assert "Trust grew" not in filtered
    by_type = coder_client.get(f"/codes/{code.pk}/passages/?project_type=local_governance").content.decode()
    assert "Trust grew" in by_type


def test_passages_are_filtered_by_the_date_of_their_source(coder_client, source):
    import datetime

    code = framework_code("dimension", "process_trust")
    coder_client.post(
        f"/sources/{source.key}/codings/", {**selection(source, "Trust grew"), "codes": [code.pk]}
    )
    source.date = datetime.date(2009, 5, 1)
    source.save()

    def shown(query: str) -> bool:
        return "Trust grew" in coder_client.get(f"/codes/{code.pk}/passages/?{query}").content.decode()

    assert shown("date_from=2009-01-01") and shown("date_to=2009-05-01")
    assert shown("date_from=2009-05-01&date_to=2009-05-01")
    assert not shown("date_from=2009-05-02") and not shown("date_to=2008-12-31")
    assert shown("date_from=not-a-date")  # an unreadable date filters nothing


def test_a_coder_removes_only_their_own_codings(coder_client, source, client, django_user_model):
    code = framework_code("dimension", "process_trust")
    coder_client.post(f"/sources/{source.key}/codings/", {**selection(source, "Trust"), "codes": [code.pk]})
    coding = Coding.objects.get()
    other = django_user_model.objects.create_user("other", password="another-long-password")
    client.force_login(other)
    client.post(f"/codings/{coding.pk}/delete/")
    assert Coding.objects.filter(pk=coding.pk).exists()
    coder_client.post(f"/codings/{coding.pk}/delete/")
    assert not Coding.objects.filter(pk=coding.pk).exists()


def test_pasted_text_makes_a_source(coder_client, partnership):
    response = coder_client.post(
        "/sources/new/",
        {
            "title": "Notes from the visit",
            "kind": "observation",
            "partnerships": [partnership.pk],
            "text": "Cafe\u0301 notes",
            "confidential": "on",
        },
    )
    assert response.status_code == 302
    from mutuality.evidence.models import Source

    source = Source.objects.get(title="Notes from the visit")
    assert source.current.text == "Café notes"


def test_a_source_without_text_is_refused(coder_client, partnership):
    response = coder_client.post(
        "/sources/new/", {"title": "Empty", "kind": "interview", "partnerships": [partnership.pk]}
    )
    assert response.status_code == 400
    assert "Upload a file or paste" in response.content.decode()


def test_the_matrix_counts_codes_by_partnership_and_links_to_the_passages(coder_client, source):
    code = framework_code("dimension", "process_trust")
    coder_client.post(
        f"/sources/{source.key}/codings/", {**selection(source, "Trust grew"), "codes": [code.pk]}
    )
    response = coder_client.get("/matrix/?by=partnership")
    page = response.content.decode()
    assert "Haarlem–Emirdağ" in page
    assert f"/codes/{code.pk}/passages/?subcodes=0&amp;partnership=haarlem-emirdag" in page
    matrix = response.context["matrix"]
    assert matrix.table.count(code.pk, "haarlem-emirdag") == 1


def test_the_matrix_exports_csv_and_xlsx(coder_client, source):
    import io

    from openpyxl import load_workbook

    code = framework_code("dimension", "process_trust")
    coder_client.post(
        f"/sources/{source.key}/codings/", {**selection(source, "Trust grew"), "codes": [code.pk]}
    )
    csv_text = coder_client.get("/matrix/?by=source_kind&format=csv").content.decode()
    assert csv_text.splitlines()[0] == "Code,Interview transcript,Total"
    assert "Dimension of mutual learning / Process-based trust,1,1" in csv_text
    xlsx = coder_client.get("/matrix/?by=source_kind&format=xlsx").content
    rows = list(load_workbook(io.BytesIO(xlsx)).active.values)
    assert rows[1] == ("Dimension of mutual learning / Process-based trust", 1, 1)


def test_an_unknown_matrix_attribute_is_refused(coder_client, source):
    assert coder_client.get("/matrix/?by=shoe_size").status_code == 400


def test_the_matrix_counts_every_coding_in_a_cell(coder_client, source):
    code = framework_code("dimension", "process_trust")
    for words in ("Trust grew", "ten years", "visits"):
        coder_client.post(f"/sources/{source.key}/codings/", {**selection(source, words), "codes": [code.pk]})
    for query in ("/matrix/?by=partnership", "/matrix/?by=partnership&source_kind=interview"):
        matrix = coder_client.get(query).context["matrix"]
        assert matrix.table.count(code.pk, "haarlem-emirdag") == 3, query


def test_a_link_to_a_passage_marks_exactly_its_words_among_overlapping_codings(coder_client, source, coder):
    import re

    version = source.current
    text = version.text
    trust = framework_code("dimension", "process_trust")
    start = text.index("نحن")
    wide = Coding.objects.create(version=version, start=0, end=len(text), code=trust, coder=coder)
    narrow = Coding.objects.create(
        version=version, start=start, end=start + len("نحن نتعلم"), code=trust, coder=coder
    )

    page = coder_client.get(f"/sources/{source.key}/?passage={narrow.pk}").content.decode()

    focused = re.findall(r'<mark class="coded[^"]* focused"[^>]*>(.*?)</mark>', page, re.S)
    assert "".join(focused) == "نحن نتعلم"
    assert page.count('id="passage"') == 1
    assert f'<li id="c{narrow.pk}" data-coding="{narrow.pk}" class="current">' in page
    assert f'<li id="c{wide.pk}" data-coding="{wide.pk}">' in page


def test_a_link_to_a_passage_on_an_older_version_points_at_it_among_those_to_review(
    coder_client, source, coder
):
    from mutuality.evidence.versions import add_version

    code = framework_code("dimension", "process_trust")
    coding = Coding.objects.create(version=source.current, start=4, end=11, code=code, coder=coder)
    add_version(source, source.current.text.replace("officer", "mayor"), user=coder)
    coding.refresh_from_db()
    assert coding.needs_review

    page = coder_client.get(f"/sources/{source.key}/?passage={coding.pk}").content.decode()

    assert 'id="passage" class="current"' in page
    assert "focused" not in page


def test_a_malformed_passage_link_shows_the_source_without_marks(coder_client, source):
    response = coder_client.get(f"/sources/{source.key}/?passage=<script>")
    assert response.status_code == 200
    assert 'id="passage"' not in response.content.decode()


def test_a_coding_names_the_projects_it_is_about_and_the_country_whose_learning_it_concerns(
    coder_client, source, partnership
):
    from mutuality.partnerships.models import Project

    project = Project.objects.get_or_create(
        partnership=partnership, key="waste", defaults={"name": "Waste", "types": ["local_governance"]}
    )[0]
    trust = framework_code("dimension", "process_trust")
    page = coder_client.get(f"/sources/{source.key}/").content.decode()
    assert 'id="coding-projects"' in page and f'<option value="{project.pk}">{project.name}</option>' in page
    assert '<option value="NL">Netherlands</option>' in page and '<option value="TR">Türkiye</option>' in page

    response = coder_client.post(
        f"/sources/{source.key}/codings/",
        {
            **selection(source, "Trust grew"),
            "codes": [trust.pk],
            "projects": [project.pk],
            "concerns_country": "nl",
        },
    )

    assert response.status_code == 302
    coding = Coding.objects.get()
    assert coding.concerns_country == "NL" and list(coding.projects.all()) == [project]
    page = coder_client.get(f"/sources/{source.key}/").content.decode()
    assert f'<span class="badge project"><bdi>{project.name}</bdi></span>' in page


def test_a_project_or_country_from_elsewhere_is_refused_and_nothing_is_coded(
    coder_client, source, partnership
):
    import yaml

    from mutuality.formats.data_load import load_documents
    from mutuality.partnerships.models import Project
    from tests.formats.datasets import VALID_DATASET

    load_documents([("other", yaml.safe_load(VALID_DATASET))])
    elsewhere = Project.objects.exclude(partnership=partnership).first()
    trust = framework_code("dimension", "process_trust")
    words = selection(source, "Trust grew")

    foreign_project = coder_client.post(
        f"/sources/{source.key}/codings/", {**words, "codes": [trust.pk], "projects": [elsewhere.pk]}
    )
    foreign_country = coder_client.post(
        f"/sources/{source.key}/codings/", {**words, "codes": [trust.pk], "concerns_country": "MA"}
    )

    assert (
        foreign_project.status_code == 400
        and "not a project of this source" in foreign_project.content.decode()
    )
    assert foreign_country.status_code == 400
    assert not Coding.objects.exists()


def test_refusals_give_their_reason_and_a_missing_code_only_sends_the_coder_back(coder_client, source):
    """400 with the reason for a request the page could not send; a coder who chose no code is told."""
    trust = framework_code("dimension", "process_trust")
    url = f"/sources/{source.key}/codings/"
    words = selection(source, "Trust grew")

    no_offset = coder_client.post(url, {"end": words["end"], "codes": [trust.pk]})
    no_number = coder_client.post(url, {**words, "start": "one", "codes": [trust.pk]})
    empty_words = coder_client.post(url, {**words, "quote": "", "codes": [trust.pk]})
    other_side = coder_client.post(url, {**words, "codes": [trust.pk], "concerns_side": "999999"})
    no_code = coder_client.post(url, {**words, "codes": ["not a code"]}, follow=True)

    for refused in (no_offset, no_number):
        assert refused.status_code == 400
        assert refused.content.decode().startswith("The selection could not be placed in the text: ")
    assert empty_words.status_code == 400 and "do not match the text" in empty_words.content.decode()
    assert other_side.status_code == 400
    assert "That side is not a side of this source's partnerships." in other_side.content.decode()
    assert no_code.redirect_chain == [(f"/sources/{source.key}/", 302)]
    assert "Choose at least one code." in no_code.content.decode()
    assert not Coding.objects.exists()
    # Without the words (a script may leave them out) the offsets alone place the coding.
    without = {"start": words["start"], "end": words["end"], "codes": [trust.pk], "memo": "  a note  "}
    assert coder_client.post(url, without).status_code == 302
    assert (Coding.objects.get().quote, Coding.objects.get().memo) == ("Trust grew", "a note")
