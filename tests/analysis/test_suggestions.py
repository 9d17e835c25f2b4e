"""The coding assistant's learning and proposing, on a few passages written by hand (issue 18)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutuality.analysis.suggestions import (
    Example,
    Model,
    NothingToLearn,
    Parameters,
    passages,
    suggest,
    train,
    under,
)

TRUST = "dimension/process_trust"
POWER = "dimension/power_equality"
TRANSFER = "learning_form/transfer"
YOUTH = "Projects / Youth exchange"


def example(text: str, code: str, source: str, assessment: str = "", role: str = "", ref: int = 0) -> Example:
    family = code.split("/")[0] if "/" in code and " / " not in code else "own"
    return Example(text, code, family, source, assessment, role, ref)


EXAMPLES = [
    example("We trust each other after years of visits", TRUST, "s1", "strong", "enabling", 1),
    example("Trust grew with every visit of the delegation", TRUST, "s2", "strong", "enabling", 2),
    example("the trust between the officers was built over time", TRUST, "s3", "strong", "enabling", 3),
    example("There is little trust since the new mayor came", TRUST, "s4", "limited", "limiting", 4),
    example("Trust is what made it work in the end", TRUST, "s5", "strong", "enabling", 5),
    example("Belediyeye güven yıllar içinde oluştu", TRUST, "s6", "moderate", "enabling", 6),
    example("Zeist decides and Berkane follows the money", POWER, "s1", "moderate", "limiting", 7),
    example("the power lies with the Dutch side, who pays", POWER, "s2", "strong", "limiting", 8),
    example("decisions are taken by the richer partner alone", POWER, "s3", "strong", "limiting", 9),
    example("the richer partner decides what the money is for", POWER, "s4", "strong", "limiting", 10),
    example("power differences weigh on every decision", POWER, "s6", "strong", "limiting", 11),
    example("they copied our waste collection method at home", TRANSFER, "s1", ref=12),
    example("the waste sorting method was taken over in Berkane", TRANSFER, "s2", ref=13),
    example("our method for collecting waste now runs there too", TRANSFER, "s3", ref=14),
    example("they took over the method of separate collection", TRANSFER, "s4", ref=15),
    example("the collection of waste was copied step by step", TRANSFER, "s5", ref=16),
    example("the youth exchange brought pupils to Berkane", YOUTH, "s1", ref=17),
    example("young people of both towns met at the school", YOUTH, "s2", ref=18),
    example("pupils from Zeist stayed with families in Berkane", YOUTH, "s3", ref=19),
    example("the youth of both cities played football together", YOUTH, "s4", ref=20),
    example("a school exchange for young people every summer", YOUTH, "s5", ref=21),
    # Two codings on the same words (two codes): one passage that teaches both.
    example("the Dutch side pays, so it decides, and the youth exchange follows", POWER, "s7", "moderate"),
    example("the Dutch side pays, so it decides, and the youth exchange follows", YOUTH, "s7"),
    # A code on too few passages to be proposed.
    example("they learned from seeing how we work", "learning_form/reflection", "s1", ref=22),
]


@pytest.fixture(scope="module")
def model() -> Model:
    return train(EXAMPLES)


def best(model: Model, text: str, **options) -> list:
    return suggest(model, [text], **options)[0]


def test_the_right_code_comes_first(model):
    assert best(model, "After many visits they trust one another.")[0].code == TRUST
    assert best(model, "The richer partner decides what happens with the money.")[0].code == POWER
    assert best(model, "They copied our method of waste collection.")[0].code == TRANSFER
    assert best(model, "Young people from both towns met in the exchange.")[0].code == YOUTH


def test_inflected_turkish_finds_its_code_through_shared_letters(model):
    """ "güvenin" shares its n-grams with "güven" of the one Turkish passage, which no word matches."""
    assert (
        best(model, "Belediyeler arasındaki güvenin oluşması yıllar aldı.", prefix="dimension")[0].code
        == TRUST
    )


def test_proposals_are_the_top_n_best_first_with_confidences_between_0_and_1(model):
    proposals = best(model, "We trust each other.", top=3)
    assert len(proposals) == 3
    confidences = [p.confidence for p in proposals]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0 < c < 1 for c in confidences)
    assert len({p.code for p in proposals}) == 3
    assert len(best(model, "We trust each other.", top=10)) == len(model.codes)


def test_a_prefix_keeps_the_codes_under_its_path(model):
    dimensions = best(model, "They copied our method of waste collection.", prefix="dimension", top=5)
    assert {p.code for p in dimensions} == {TRUST, POWER}
    assert [p.code for p in best(model, "anything", prefix="Projects", top=5)] == [YOUTH]
    assert [p.code for p in best(model, "anything", prefix="projects/youth exchange")] == [YOUTH]
    assert best(model, "anything", prefix="knowledge_type") == []
    assert best(model, "anything", prefix="dimension/process") == []  # steps, not letters


def test_under_compares_path_steps_in_any_case():
    assert under(TRUST, "dimension") and under(TRUST, "dimension/") and under(TRUST, TRUST)
    assert under("Dimension / trust", "dimension") and under("Dimension / trust", "dimension/trust")
    assert not under(TRUST, "dim") and not under("dimensions / trust", "dimension")


def test_assessment_and_role_come_from_the_nearest_passages_of_the_code(model):
    trust = best(model, "There is little trust since the new mayor came to office.", prefix=TRUST)[0]
    assert (trust.assessment, trust.role) == ("limited", "limiting")
    trust = best(model, "Trust grew with every visit.", prefix=TRUST)[0]
    assert (trust.assessment, trust.role) == ("strong", "enabling")
    transfer = best(model, "They copied our method.", prefix=TRANSFER)[0]
    assert (transfer.assessment, transfer.role) == ("", "")  # a code nobody grades


def test_the_reasons_are_the_most_similar_passages_coded_so(model):
    proposal = best(model, "Trust grew with every visit of the mayor.", prefix=TRUST, reasons=2)[0]
    first, second = proposal.reasons
    assert (first.quote, first.source, first.ref) == (
        "Trust grew with every visit of the delegation",
        "s2",
        2,
    )
    assert first.similarity > second.similarity > 0
    assert all(reason.quote in {e.text for e in EXAMPLES if e.code == TRUST} for reason in proposal.reasons)


def test_the_reasons_leave_out_what_the_reader_may_not_see(model):
    shown = best(
        model, "Trust grew with every visit.", prefix=TRUST, may_show=lambda source, ref: source != "s2"
    )[0]
    assert shown.reasons and "s2" not in {reason.source for reason in shown.reasons}
    hidden = best(model, "Trust grew with every visit.", prefix=TRUST, may_show=lambda source, ref: False)[0]
    assert hidden.reasons == () and hidden.code == TRUST


def test_a_passage_coded_twice_teaches_both_codes(model):
    assert model.examples[model.codes.index(YOUTH)] == 6
    assert model.passages == len(EXAMPLES) - 1


def test_a_code_on_too_few_passages_is_not_proposed(model):
    assert "learning_form/reflection" not in model.codes
    assert model.left_out == {"learning_form/reflection": 1}


def test_nothing_coded_and_too_little_coded_are_told_apart():
    with pytest.raises(NothingToLearn) as nothing:
        train([])
    assert nothing.value.counts == {}
    with pytest.raises(NothingToLearn) as few:
        train(EXAMPLES[:3], Parameters(min_examples=4))
    assert few.value.counts == {TRUST: 3} and few.value.min_examples == 4


def test_a_code_on_every_passage_is_proposed_with_high_confidence():
    alone = train([example(f"trust number {n}", TRUST, f"s{n}") for n in range(5)])
    assert best(alone, "anything at all")[0].code == TRUST
    assert best(alone, "anything at all")[0].confidence > 0.8


def test_a_cap_per_code_still_learns_every_code():
    capped = train(EXAMPLES, Parameters(max_per_code=5, exemplars_per_code=2))
    assert set(capped.codes) == {TRUST, POWER, TRANSFER, YOUTH}
    assert best(capped, "They copied our method of waste collection.")[0].code == TRANSFER
    assert all(len(rows) <= 2 for rows in capped.kept)


def test_a_model_kept_as_arrays_proposes_the_same(model):
    arrays = model.to_arrays()
    assert all(isinstance(array, np.ndarray) and array.dtype != object for array in arrays.values())
    again = Model.from_arrays(arrays)
    text = ["The richer partner decides.", "Belediye ile güven var 🙂"]
    assert suggest(again, text) == suggest(model, text)


def test_a_model_of_another_format_is_refused(model):
    arrays = model.to_arrays()
    arrays["meta"] = np.frombuffer(b'{"format": 0}', dtype=np.uint8)
    with pytest.raises(ValueError):
        Model.from_arrays(arrays)


def test_the_features_are_scikit_learns_character_n_grams_within_words():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from mutuality.analysis.suggestions import _Grams

    texts = ["we trust each other after years of visits", "trust grew with every visit", "a ab abc abcdefgh"]
    grams, matrix = _Grams.fit(texts, 3, 5, 1 << 16)
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    expected = reference.fit_transform(texts).toarray()
    columns = [reference.vocabulary_[gram] for gram in sorted(grams.vocabulary, key=grams.vocabulary.get)]
    assert np.allclose(matrix.toarray(), expected[:, columns], atol=1e-6)
    assert np.allclose(grams.transform(texts).toarray(), matrix.toarray())


# --- passages -------------------------------------------------------------------------------

TEXT = (
    "Interviewer: Nasıl başladı?\n"
    "Respondent: Belediye başkanı İzmir'e gitti. Güven çok önemli 🙂 dedi, ve herkes kabul etti.\n"
    "\n"
    "الشراكة بين البلديتين مبنية على الثقة. نعم! The costs were 3.5 million, e.g. for the school. 👍🏽 Thanks.\n"
)


def test_passages_are_sentences_with_exact_code_point_offsets():
    found = passages(TEXT)
    assert [p.quote for p in found] == [
        "Interviewer: Nasıl başladı?",
        "Respondent: Belediye başkanı İzmir'e gitti.",
        "Güven çok önemli 🙂 dedi, ve herkes kabul etti.",
        "الشراكة بين البلديتين مبنية على الثقة.",
        "نعم! The costs were 3.5 million, e.g. for the school. 👍🏽 Thanks.",  # short ones join
    ]
    for passage in found:
        assert TEXT[passage.start : passage.end] == passage.quote


def test_the_whole_text_is_one_passage_when_asked():
    (whole,) = passages(TEXT, whole=True)
    assert whole.start == 0 and whole.end == len(TEXT) - 1 and whole.quote == TEXT.strip()
    assert passages(" \n ", whole=True) == [] and passages("") == []


@given(st.text(alphabet=st.sampled_from("ab çşİı ثقة 🙂👍🏽.!?؟\n"), max_size=80))
def test_every_passage_is_the_text_between_its_offsets_in_order(text):
    found = passages(text)
    for passage in found:
        assert passage.quote == text[passage.start : passage.end] and passage.quote.strip() == passage.quote
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
