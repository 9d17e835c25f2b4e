"""The analysis pages: inter-coder agreement, co-occurrence and boolean code queries."""

from __future__ import annotations

import pytest

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Code, Coding, Source
from mutuality.evidence.versions import add_version

PAGES = ["/agreement/", "/cooccurrence/", "/query/"]


def code(source, words, code_, coder, *, occurrence=0, side=None):
    """Code the ``occurrence``-th appearance of ``words`` in the source's current text."""
    text = source.current.text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return Coding.objects.create(
        version=source.current,
        start=start,
        end=start + len(words),
        code=code_,
        coder=coder,
        concerns_side=side,
    )


@pytest.fixture
def second(django_user_model):
    return django_user_model.objects.create_user("second", password="another-long-password")


@pytest.fixture
def trust():
    return framework_code("dimension", "process_trust")


@pytest.fixture
def power():
    return framework_code("dimension", "power_equality")


@pytest.fixture
def resources():
    return framework_code("dimension", "complementary_resources")


@pytest.mark.parametrize("url", PAGES)
def test_the_analysis_pages_need_a_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("url", PAGES)
def test_the_analysis_pages_open_with_just_a_form(coder_client, source, url):
    assert coder_client.get(url).status_code == 200


def test_the_navigation_links_to_the_analysis_pages(coder_client, db):
    page = coder_client.get("/sources/").content.decode()
    for url in PAGES:
        assert f'href="{url}"' in page


# --- Inter-coder agreement -------------------------------------------------------------------


def test_agreement_of_two_coders_on_the_fixture_source(coder_client, source, coder, second, trust, power):
    code(source, "Trust grew over ten years", trust, coder)
    code(source, "Trust grew", trust, second)
    code(source, "every visit", power, coder)
    response = coder_client.get("/agreement/", {"coder": ["coder", "second"]})
    assert response.status_code == 200
    character, segment = response.context["levels"]
    by_label = {row["label"]: row for row in character["rows"]}
    row = by_label["Dimension of mutual learning / Process-based trust"]
    # Character level, process-based trust. The text has N = 133 characters.
    #   both: "Trust grew" = 10; only coder: " over ten years" = 15; only second: 0;
    #   neither: 133 - 25 = 108.
    # po = (10 + 108) / 133 = 118/133
    # pA = 25/133, pB = 10/133
    # pe = (25 * 10 + 108 * 123) / 133² = 13534 / 17689
    # kappa = (118 * 133 - 13534) / (17689 - 13534) = 2160 / 4155 = 0.51986
    assert row["units"] == 133
    assert row["counts"] == [10, 15, 0, 108]
    assert row["kappa"] == pytest.approx(2160 / 4155)
    page = response.content.decode()
    assert "0.520" in page
    # Segment level: segments "every visit" and "Trust grew over ten years"; pooled over both
    # codes: 4 units, both 1, only coder 1, neither 2: po = 3/4, pA = 2/4, pB = 1/4,
    # pe = 1/2 * 1/4 + 1/2 * 3/4 = 1/2, kappa = (3/4 - 1/2) / (1 - 1/2) = 0.5.
    overall = segment["rows"][-1]
    assert overall["overall"] and overall["units"] == 4
    assert overall["kappa"] == pytest.approx(0.5)
    assert "0.500" in page
    # Where they disagree: in reading order, with the text and a link to the source.
    texts = [d["text"] for d in response.context["disagreements"]]
    assert texts == ["every visit", " over ten years"]
    assert f'href="/sources/{source.key}/"' in page
    assert response.context["disagreement_count"] == 2


def test_an_undefined_kappa_is_shown_as_a_dash_with_an_explanation(
    coder_client, source, coder, second, trust
):
    code(source, "Trust grew", trust, coder)
    code(source, "Trust grew", trust, second)
    response = coder_client.get("/agreement/", {"coder": ["coder", "second"], "code": [trust.pk]})
    segment = response.context["levels"][1]["rows"][0]
    assert segment["units"] == 1 and segment["kappa"] is None and segment["alpha"] is None
    page = response.content.decode()
    assert '<abbr title="Undefined: both coders gave one and the same value' in page
    assert "The coders agree everywhere on these codes." in page


def test_three_coders_get_alpha_but_no_kappa_and_no_disagreement_list(
    coder_client, source, coder, second, trust, django_user_model
):
    third = django_user_model.objects.create_user("third", password="a-third-long-password")
    for who, words in ((coder, "Trust grew"), (second, "Trust grew"), (third, "Trust grew over")):
        code(source, words, trust, who)
    response = coder_client.get("/agreement/", {"coder": ["coder", "second", "third"]})
    assert response.status_code == 200
    row = response.context["levels"][0]["rows"][0]
    assert row["kappa"] is None and row["alpha"] is not None and row["counts"] is None
    page = response.content.decode()
    assert "Cohen&#x27;s kappa compares two coders" in page
    assert "Disagreements are listed for two coders at a time" in page


def test_coders_without_a_source_in_common_get_a_message_and_nothing_else(
    coder_client, source, partnership, coder, second, trust
):
    other = Source.objects.create(title="Another interview", kind="interview")
    other.partnerships.add(partnership)
    add_version(other, "Trust grew slowly.", user=second)
    code(source, "Trust grew", trust, coder)
    code(other, "Trust grew", trust, second)
    response = coder_client.get("/agreement/", {"coder": ["coder", "second"]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The coders coder, second have no source in common." in page
    assert "levels" not in response.context
    assert "Character level" not in page


def test_one_coder_is_not_enough(coder_client, source, coder, trust):
    code(source, "Trust grew", trust, coder)
    response = coder_client.get("/agreement/", {"coder": ["coder"]})
    assert response.status_code == 400
    assert "Choose at least two coders" in response.content.decode()


def test_blank_coder_names_are_no_coders_and_no_coder_is_just_the_form(coder_client, source, coder, trust):
    code(source, "Trust grew", trust, coder)
    blank = coder_client.get("/agreement/", {"coder": ["", " coder ", "coder"]})
    assert blank.status_code == 400 and "Choose at least two coders" in blank.content.decode()
    assert blank.context["chosen_coders"] == ["coder"]
    just_the_form = coder_client.get("/agreement/", {"partnership": "haarlem-emirdag", "code": "x"})
    assert just_the_form.status_code == 200 and just_the_form.context["error"] == ""


def test_the_partnership_filter_narrows_the_agreement(coder_client, source, coder, second, trust):
    code(source, "Trust grew", trust, coder)
    code(source, "Trust grew", trust, second)
    response = coder_client.get("/agreement/", {"coder": ["coder", "second"], "partnership": "elsewhere"})
    assert response.status_code == 400
    assert "no source in common in this partnership" in response.content.decode()


# --- Co-occurrence -----------------------------------------------------------------------------


@pytest.fixture
def three_codings(source, coder, trust, power, resources):
    code(source, "Trust grew over", trust, coder)
    code(source, "grew over ten years", power, coder)
    code(source, "every visit", resources, coder)


def test_overlapping_codes_are_counted_and_listed(coder_client, three_codings, source, trust, power):
    response = coder_client.get("/cooccurrence/")
    assert response.status_code == 200
    assert response.context["pair_total"] == 1
    labels = [row["code"] for row in response.context["rows"]]
    # In codebook order: the dimensions as the vocabulary lists them.
    assert labels == [
        "Dimension of mutual learning / Process-based trust",
        "Dimension of mutual learning / Power and equality",
    ]
    assert [cell["count"] for row in response.context["rows"] for cell in row["cells"]] == [0, 1, 1, 0]
    page = response.content.decode()
    low, high = sorted((trust.pk, power.pk))
    link = f"?distance=0&amp;a={low}&amp;b={high}"
    assert link in page
    listing = coder_client.get(f"/cooccurrence/?distance=0&a={high}&b={low}")
    assert listing.context["pair_count"] == 1
    [pair] = listing.context["pairs"]
    assert {pair["a"]["text"], pair["b"]["text"]} == {"Trust grew over", "grew over ten years"}
    assert f'href="/sources/{source.key}/"' in listing.content.decode()


def test_a_distance_brings_nearby_codes_together(coder_client, three_codings, resources, trust):
    # "every visit" ends at the "." before the line break; "Trust" starts after it:
    # the nearest characters ("t" and "T") are 3 apart.
    assert coder_client.get("/cooccurrence/?distance=2").context["pair_total"] == 1
    response = coder_client.get("/cooccurrence/?distance=3")
    assert response.context["pair_total"] == 2
    low, high = sorted((resources.pk, trust.pk))
    listing = coder_client.get(f"/cooccurrence/?distance=3&a={low}&b={high}")
    assert listing.context["pair_count"] == 1


def test_cooccurrence_filters_by_coder_and_refuses_a_bad_distance(coder_client, three_codings):
    assert coder_client.get("/cooccurrence/?coder=nobody").context["pair_total"] == 0
    assert coder_client.get("/cooccurrence/?coder=coder").context["pair_total"] == 1
    response = coder_client.get("/cooccurrence/?distance=-4")
    assert response.status_code == 400
    assert "whole number of characters" in response.content.decode()
    assert response.context["distance"] == "-4"  # shown again as sent
    same = coder_client.get("/cooccurrence/", {"a": 1, "b": 1})
    assert same.status_code == 400
    assert same.context["error"] == "Choose two different codes (a and b) to list their passages."


# --- Boolean code queries -----------------------------------------------------------------------


def found(response):
    assert response.status_code == 200, response.content.decode()
    return [result["text"] for result in response.context["results"]]


def test_and_or_not_give_exactly_the_expected_words(coder_client, source, coder, trust, power):
    code(source, "Trust grew over", trust, coder)
    code(source, "grew over ten years", power, coder)
    query = {"code": trust.pk, "code1": power.pk}
    assert found(coder_client.get("/query/", {**query, "op1": "and"})) == ["grew over"]
    assert found(coder_client.get("/query/", {**query, "op1": "or"})) == ["Trust grew over ten years"]
    assert found(coder_client.get("/query/", {**query, "op1": "not"})) == ["Trust "]
    page = coder_client.get("/query/", {**query, "op1": "not"}).content.decode()
    assert '<blockquote dir="auto" data-testid="result">Trust </blockquote>' in page
    assert f'href="/sources/{source.key}/"' in page


def test_rows_are_read_left_to_right(coder_client, source, coder, trust, power, resources):
    code(source, "Trust grew over", trust, coder)
    code(source, "grew over ten years", power, coder)
    code(source, "every visit", resources, coder)
    query = {"code": trust.pk, "op1": "or", "code1": resources.pk, "op2": "not", "code2": power.pk}
    assert found(coder_client.get("/query/", query)) == ["every visit", "Trust "]


def test_power_and_resources_from_the_partner_side(
    coder_client, source, partnership, coder, power, resources
):
    emirdag = partnership.sides.get(municipality__key="emirdag")
    haarlem = partnership.sides.get(municipality__key="haarlem")
    code(source, "Trust grew over ten years", power, coder, side=emirdag)
    code(source, "ten years of visits", resources, coder, side=emirdag)
    code(source, "every visit", power, coder, side=haarlem)
    code(source, "every visit", resources, coder, side=haarlem)
    query = {"code": power.pk, "op1": "and", "code1": resources.pk}
    assert found(coder_client.get("/query/", query)) == ["every visit", "ten years"]
    assert found(coder_client.get("/query/", {**query, "side": "emirdag"})) == ["ten years"]
    assert found(coder_client.get("/query/", {**query, "partnership": "elsewhere"})) == []


def test_sub_codes_count_as_their_code_unless_left_out(coder_client, source, coder, trust):
    code(source, "Trust grew", trust, coder)
    assert found(coder_client.get("/query/", {"code": trust.parent.pk})) == ["Trust grew"]
    assert found(coder_client.get("/query/", {"code": trust.parent.pk, "subcodes": "0"})) == []


def test_a_bad_query_is_refused(coder_client, source, trust):
    def refused(query):
        response = coder_client.get("/query/", query)
        assert response.status_code == 400
        return response.context["error"]

    assert refused({"code": 999999}) == "There is no code 999999."
    assert refused({"code": trust.pk, "op1": "xor", "code1": trust.pk}).startswith("Unknown operator xor")
    assert refused({"code1": trust.pk}) == "Choose the first code of the query."
    assert refused({"code": "trust"}) == "Choose codes from the list."
    # The rows are shown again as they were sent.
    response = coder_client.get("/query/", {"code": trust.pk, "op2": "", "code2": 999999})
    assert response.context["first"] == str(trust.pk)
    assert [(s["op"], s["code"]) for s in response.context["steps"]] == [
        ("and", ""),
        ("and", "999999"),
        ("and", ""),
    ]


# --- Escaping -----------------------------------------------------------------------------------


def test_a_script_in_a_code_name_is_escaped_everywhere(coder_client, source, coder, second, trust):
    evil = Code.objects.create(name="<script>alert(1)</script>")
    code(source, "Trust grew", evil, coder)
    code(source, "Trust grew over", trust, coder)
    code(source, "grew", evil, second)
    pages = [
        coder_client.get("/agreement/", {"coder": ["coder", "second"]}),
        coder_client.get("/cooccurrence/"),
        coder_client.get("/cooccurrence/", {"a": evil.pk, "b": trust.pk}),
        coder_client.get("/query/", {"code": evil.pk, "op1": "and", "code1": trust.pk}),
    ]
    for response in pages:
        page = response.content.decode()
        assert response.status_code == 200, page
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
