"""The case-study dataset, true to the chapters (issue 14, section 4).

An audit of every record against the dissertation chapters in ``shared/seeds``,
written as tests so that it stays done: every quotation occurs word for word in
the seed section it cites, every record from the study cites where it comes
from, and each fact the audit corrected stays corrected (one test per fact).
The demo data are read as the loader leaves them in the database
(``case_studies``), so what is checked is what a fresh clone's demo shows.
Tests that read the chapters themselves skip when the seeds are not beside the
checkout (tests/casestudies/seeds.py says where they are looked for).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps

from mutuality.analysis.diagnostics import diagnose
from mutuality.analysis.dimensions import dimension_table
from mutuality.analysis.governance import LOCAL_GOVERNMENT_TYPES
from mutuality.analysis.mutuality import mutuality
from mutuality.casestudies import DATA_DIR, EVIDENCE_DIR
from mutuality.datasets import load_dataset
from mutuality.evidence.models import Code, Coding, Memo, Source
from mutuality.framework import vocabulary
from mutuality.partnerships.models import Exchange, LearningOutcome, Municipality, Objective, Partnership
from mutuality.partnerships.models.base import Record
from mutuality.reports.table_8_1 import PROGRAMME_CONTEXTS
from tests.casestudies import seeds
from tests.casestudies.test_dataset import CASE_STUDIES

LEARNING_TABLE = Path(__file__).resolve().parents[2] / "docs" / "case-study-learning.md"
STUDY = re.compile(r"\bch\. (1|2|8|10)\b|\bRC21 paper 2011\b")


@pytest.fixture
def chapters() -> None:
    if not seeds.available():
        pytest.skip(f"the dissertation chapters are not at {seeds.SEEDS} (shared/seeds beside the checkout)")


def records():
    """Every record of the demo data that carries a ``source``: partnership data and evidence alike."""
    for model in apps.get_models():
        if issubclass(model, Record):
            yield from model.objects.all()


def is_illustrative(source: str) -> bool:
    """Data that is not from the study (example questionnaire answers, say) is marked in its ``source``."""
    return source.lower().startswith("illustrative")


def says_it_is_illustrative(source: str) -> bool:
    """The mark names what the data is: ``illustrative: example answers, not from the study``."""
    return bool(re.fullmatch(r"illustrative: .{10,}", source, flags=re.IGNORECASE))


def texts_of(partnership: Partnership) -> list[str]:
    """Every description and wording of a partnership and its records, as a reader of the demo sees them."""
    texts = [partnership.description, partnership.translocal_description]
    for related in ("actors", "projects", "objectives", "exchanges", "learning_outcomes", "resources"):
        for item in getattr(partnership, related).all():
            texts += [getattr(item, name, "") for name in ("name", "title", "description", "wording")]
    return [text for text in texts if text]


def codings_of(source_key: str):
    return Coding.objects.filter(version__source__key=source_key).select_related("code")


# --- every quotation occurs in the section it cites --------------------------------------------


def test_every_quotation_occurs_word_for_word_in_the_seed_section_it_cites(case_studies, chapters):
    """Source texts and the words each coding covers, looked up in the cited sections only.

    Only line breaks, footnotes set into the running text and footnote markers
    are undone (tests/casestudies/seeds.py says why); quotation marks, dashes and
    spelling are compared as printed.
    """
    sources = Source.objects.prefetch_related("versions__codings")
    assert sources.count() >= 40
    for source in sources:
        cited = [seeds.section(number) for number in seeds.cited_sections(source.source)]
        assert cited, f"{source.key} cites no section: {source.source!r}"
        version = source.current
        assert any(section.holds(version.text) for section in cited), (source.key, source.source)
        for coding in version.codings.all():
            assert any(section.holds(coding.quote) for section in cited), (source.key, coding.quote)


def test_the_seed_reader_finds_a_quotation_split_by_a_footnote(chapters):
    """The consultant's words in ch. 8.2.1 run across footnote 140 on the printed page."""
    section = seeds.section("8.2.1")
    assert section.holds(
        "The Turks want to see money, and, when there is no money, to obtain direct knowledge."
    )
    assert 140 in section.notes and not section.holds("The Turks want to 140 An example")


# --- every record from the study cites where it comes from -------------------------------------


def test_every_record_from_the_study_cites_it(case_studies):
    """Municipalities, programmes, partnerships and all their records, respondents and sources.

    Records marked illustrative in their ``source`` are exempt (none are from the
    study), and the mark must say what they are.
    """
    count = 0
    for record in records():
        count += 1
        label = f"{type(record).__name__} {record.key}"
        if is_illustrative(record.source):
            assert says_it_is_illustrative(record.source), f"{label}: say what the illustrative data is"
        else:
            assert STUDY.search(record.source), f"{label} cites no seed section: {record.source!r}"
    assert count > 300


def test_an_illustrative_record_is_exempt_only_when_its_data_says_so():
    assert says_it_is_illustrative("illustrative: example questionnaire answers, not from the study")
    assert is_illustrative("Illustrative: example answers") and not says_it_is_illustrative("illustrative")
    assert not is_illustrative("ch. 8.3.5") and not is_illustrative("")


def test_every_cited_section_is_a_section_of_the_seeds(case_studies, chapters):
    """A citation such as ``ch. 8.3.5`` names a heading that exists (ch. 10 has none below the chapter)."""
    for record in records():
        for number in seeds.cited_sections(record.source):
            assert seeds.exists(number), f"{type(record).__name__} {record.key} cites ch. {number}"


def test_the_case_study_files_carry_no_fact_from_general_knowledge():
    """Facts known from elsewhere (a year, a province, a funder) are left out, not marked as such."""
    for path in sorted(DATA_DIR.glob("*.yaml")) + sorted(EVIDENCE_DIR.glob("*.yaml")):
        assert "general knowledge" not in path.read_text(encoding="utf-8"), path.name


# --- the corrected facts stay corrected --------------------------------------------------------


def test_the_hospital_garden_exchange_has_no_year_the_chapters_do_not_give(case_studies):
    """ch. 8.3.4–8.3.5 give no year: the exchange spans the research period and says so."""
    garden = Exchange.objects.get(partnership__key="zeist-berkane", project__key="youth-exchange")
    assert "2009" not in garden.key and "2009" not in garden.description
    assert (garden.start_date.year, garden.end_date.year) == (2007, 2011)
    assert "give no year" in garden.description
    assert not any("2009" in text for text in texts_of(garden.partnership))


def test_alkmaar_is_one_of_seven_dutch_local_governments_not_one_of_seven_partnerships(case_studies):
    """ch. 1.6.3: seven Dutch local governments worked with Turkish partners, holding more links than seven."""
    description = Partnership.objects.get(key="alkmaar-bergama").description
    assert "one of the seven Dutch local governments" in description
    assert "seven Dutch–Turkish" not in description and "partnerships active" not in description


def test_the_2004_earthquake_is_not_tied_to_meppel_al_hoceima(case_studies):
    """ch. 1.6.2 names the earthquake around Al Hoceima as a trigger in general, not for this partnership."""
    partnership = Partnership.objects.get(key="meppel-al-hoceima")
    assert not any("earthquake" in text.lower() for text in texts_of(partnership))
    assert "1.6.2" not in partnership.source


def test_the_hague_elazig_linkage_is_limited_as_the_vocabulary_defines_it(case_studies):
    """ch. 2.4.2: The Hague's Turkish migrants came from Elazığ Province and a district, not the town."""
    partnership = Partnership.objects.get(key="the-hague-elazig")
    assert partnership.translocal_linkage == "limited"
    assert "partner municipality itself" in vocabulary("translocal_linkage")["direct"].definition
    assert "Province" in partnership.translocal_description


def test_the_hague_links_were_started_by_civil_society(case_studies):
    """ch. 1.6.3, 8.4.2: The Hague supports initiatives from civil society; it set up no city link itself."""
    links = Partnership.objects.filter(key__startswith="the-hague-")
    assert links.count() == 5
    assert set(links.values_list("initiation", flat=True)) == {"civil_society"}


def test_haarlem_records_no_learning_that_was_only_hoped_for(case_studies):
    """ch. 8.5.2: "in the end, the benefit is that the differences … are experienced as less threatening"."""
    haarlem = LearningOutcome.objects.filter(
        partnership__key="haarlem-emirdag", side__municipality__key="haarlem"
    )
    assert not haarlem.exists()
    hope = Objective.objects.get(partnership__key="haarlem-emirdag", key="haarlem-getting-to-know")
    assert "less threatening" in hope.wording and not hope.clearly_formulated
    passage = codings_of("he-coordinator-start-somewhere").filter(quote__contains="less threatening")
    assert {c.code.vocabulary for c in passage} == {"objective_type"}


def test_local_governments_of_both_sides_took_part_in_the_zeist_youth_exchange(case_studies):
    """ch. 8.3.4–8.3.5: Zeist coordinated the hospital garden; Berkane prepared the site and paid towards it."""
    garden = Exchange.objects.get(partnership__key="zeist-berkane", project__key="youth-exchange")
    taking_part = {
        (p.side.municipality.key, p.actor.type) for p in garden.participations.select_related("actor")
    }
    assert ("zeist", "international_desk") in taking_part and ("berkane", "local_government") in taking_part
    assert all(t in LOCAL_GOVERNMENT_TYPES for t in ("international_desk", "local_government"))
    findings = diagnose(load_dataset(["zeist-berkane"]), "zeist-berkane")
    assert not [f for f in findings if f.rule == "civil_society_without_local_gov"]


def test_the_deputy_mayors_visit_to_amsterdam_was_followed_up(case_studies):
    """ch. 8.6: "Cooperation between Amsterdam and Kocaeli continued" — the 2011 visits were no first look."""
    visit = Exchange.objects.get(partnership__key="amsterdam-kocaeli", key="2011-deputy-mayor-visit")
    assert visit.stage == "follow_up"
    findings = diagnose(load_dataset(["amsterdam-kocaeli"]), "amsterdam-kocaeli")
    assert not [f for f in findings if f.rule == "exploratory_without_follow_up"]


def test_berkane_learned_more_than_zeist_whose_officers_mainly_transferred_knowledge(case_studies):
    """ch. 8.3.5: at the time of research Zeist mainly transferred knowledge and hoped to benefit later."""
    outcomes = LearningOutcome.objects.filter(partnership__key="zeist-berkane").select_related("actor")
    zeist = [o for o in outcomes if o.side.municipality.key == "zeist"]
    berkane = [o for o in outcomes if o.side.municipality.key == "berkane"]
    assert 0 < len(zeist) < len(berkane)
    officers = [o for o in zeist if o.actor is not None and o.actor.type in LOCAL_GOVERNMENT_TYPES]
    assert [o.key for o in officers] == ["zeist-policy-images-of-morocco"]
    [result] = mutuality(load_dataset(["zeist-berkane"]), "zeist-berkane")
    assert result.balance is not None and result.balance < 1


def test_the_learning_of_the_six_case_studies_is_that_of_the_table_in_the_docs(case_studies):
    """docs/case-study-learning.md lists every learning ch. 8 describes per case and side: no more, no less."""
    rows = [line for line in LEARNING_TABLE.read_text(encoding="utf-8").split("\n## ")[1].splitlines()]
    table = [[cell.strip() for cell in row.strip("|").split("|")] for row in rows if row.startswith("| ")]
    header, *body = table
    assert header == ["Case", "Side", "Learning ch. 8 describes", "Section", "Record"]
    listed = set()
    for case, side, described, section, record in body[1:]:
        found = re.fullmatch(r"`([a-z-]+)\.yaml` `([a-z0-9-]+)`", record)
        if found:
            assert STUDY.search(section), (case, side, section)
            listed.add((found.group(1), side, found.group(2)))
        else:
            assert record.startswith("—") and described.startswith("None"), (case, side)
    names = dict(Municipality.objects.values_list("key", "name"))
    recorded = {
        (o.partnership.key, names[o.side.municipality.key], o.key)
        for o in LearningOutcome.objects.filter(partnership__key__in=CASE_STUDIES).select_related(
            "partnership"
        )
    }
    assert listed == recorded
    sides = {(case, side) for case, side, *_rest in body[1:]}
    assert len(sides) == 2 * len(CASE_STUDIES)  # every side of the six, with learning or without


CODINGS_THAT_DID_NOT_FIT = {
    "unclear Dutch objectives are not differences": (
        "g-consultant-vague-babble",
        "The Dutch side has inadequately elaborated ideas",
        "dimension/difference_recognition",
    ),
    "how hard equality was is not trust": (
        "g-transfer-now-benefit-later",
        "",
        "dimension/process_trust",
    ),
    "getting to know each other through waste problems is not professional similarity": (
        "he-coordinator-start-somewhere",
        "through the waste management problems",
        "dimension/professional_similarity",
    ),
    "a wish to professionalise objectives is not complementary resources": (
        "ma-manager-define-objective",
        "",
        "dimension/complementary_resources",
    ),
    "a partnership without a translocal link has no translocal-linkage coding": (
        "ak-mayor-speech-kocaeli",
        "",
        "dimension/translocal_linkages",
    ),
}


@pytest.mark.parametrize(
    "source, words, code", CODINGS_THAT_DID_NOT_FIT.values(), ids=CODINGS_THAT_DID_NOT_FIT
)
def test_a_passage_is_not_coded_with_a_code_that_does_not_fit_it(case_studies, source, words, code):
    vocab, term = code.split("/")
    wrong = codings_of(source).filter(quote__contains=words, code__vocabulary=vocab, code__term=term)
    assert not wrong.exists()


def test_how_hard_equality_was_is_coded_as_power_and_equality_holding_learning_back(case_studies):
    """ch. 8.3.5: "in practice it sometimes proved difficult to achieve truly equal and mutual partnerships"."""
    coding = codings_of("g-transfer-now-benefit-later").get(code__term="power_equality")
    assert "difficult to achieve truly equal" in coding.quote and coding.factor_role == "limiting"


def test_no_translocal_linkage_is_coded_for_a_partnership_recorded_without_one(case_studies):
    without = set(Partnership.objects.filter(translocal_linkage="none").values_list("key", flat=True))
    assert "amsterdam-kocaeli" in without
    for coding in Coding.objects.filter(code__term="translocal_linkages").select_related("version__source"):
        linked = set(coding.version.source.partnerships.values_list("key", flat=True))
        if linked and linked <= without:
            assert coding.assessment == "limited" and coding.factor_role != "enabling", coding.quote


def test_no_assessment_is_argued_from_the_overall_grade_of_table_8_1(case_studies):
    """A passage's assessment is how much the dimension mattered in that passage, not the table's grade."""
    for memo in Memo.objects.exclude(coding=None):
        assert "Table 8.1 rates" not in memo.text and "limited overall" not in memo.text, memo.text


A_RESPONDENT_SPEAKS_ONLY_IN_THEIR_OWN_WORDS = {
    # source: words of someone else that were once in it
    "rc-casablanca-police-nothing-to-do": "Zeist-Berkane and Meppel–Al Hoceima",
    "rc-police-reciprocity": "Equality in the process of knowledge exchange",
    "zb-coordinator-youth-follow-up": "The representatives of Zeist felt",
    "zb-mayor-je-suis-avec-vous": "policy advisors in Berkane",
    "zb-environment-officer-limited-knowledge": "Some Moroccan and Turkish respondents",
    "ma-former-mayor-discussion-spaces": "For instance, a meeting was organized",
}


@pytest.mark.parametrize("key, words", A_RESPONDENT_SPEAKS_ONLY_IN_THEIR_OWN_WORDS.items())
def test_a_respondent_speaks_only_in_their_own_words(case_studies, key, words):
    """ch. 8.4.1: the author's sentence on Zeist–Berkane and Meppel is the author's, not Casablanca's."""
    source = Source.objects.get(key=key)
    assert source.respondent is not None and words not in source.current.text
    elsewhere = [s for s in Source.objects.all() if words in s.current.text]
    assert all(s.respondent_id != source.respondent_id for s in elsewhere), [s.key for s in elsewhere]


def test_the_casablanca_police_officer_and_coordinator_are_not_taken_for_one_person(case_studies):
    """ch. 8.2.2 quotes "a police officer", ch. 8.4.1 "the international coordinator": the seed does not join them."""
    officer = Source.objects.get(key="rc-casablanca-police-both-sides-learn").respondent
    coordinator = Source.objects.get(key="rc-casablanca-police-nothing-to-do").respondent
    assert officer != coordinator


def test_support_programmes_have_their_place_in_the_generated_table_8_1(case_studies):
    """Table 8.1: "Support programmes provided funds" — the programme report has a context per programme."""
    assert "programme" in PROGRAMME_CONTEXTS
    table = dimension_table(load_dataset(), PROGRAMME_CONTEXTS)
    for programme in ("logo-east", "matra"):
        cell = table.cell("complementary_resources", programme, "programme")
        assert cell is not None and cell.level is not None, programme
        assert any(
            "bulk of the exchange expenses were covered by support programmes" in q for q in cell.quotes
        )


def test_global_citizenship_is_a_form_of_learning(case_studies):
    """ch. 8.7: "This form of learning should, therefore, be added to the various forms of learning"."""
    form = vocabulary("learning_form")["global_citizenship"]
    assert form.source == "ch. 8.7"
    assert Code.objects.filter(vocabulary="learning_form", term="global_citizenship").exists()
    recorded = LearningOutcome.objects.filter(form="global_citizenship").values_list(
        "partnership__key", flat=True
    )
    assert "zeist-berkane" in set(recorded)
