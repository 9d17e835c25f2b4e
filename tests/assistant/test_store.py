"""The assistant's codings read from the database, and its models kept in the data folder (issue 18)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.contrib.auth import get_user_model

from mutuality.analysis.suggestions import NothingToLearn, Parameters, suggest, train
from mutuality.assistant.store import (
    FAMILIES,
    load,
    message,
    model_file,
    model_for,
    prefix_message,
    training_examples,
)
from mutuality.evidence.models import Code, Coding, Respondent, RespondentIdentity, Source
from mutuality.evidence.versions import add_version
from mutuality.partnerships.models import Partnership

TEXT = "Fatima Zahra said the visits built trust. Jan Jansen agreed. The school exchange went on."


@pytest.fixture(scope="module", autouse=True)
def scikit_learn():
    """Imported once for the module (about 1.5 s), not by whichever test trains first."""
    import sklearn.linear_model  # noqa: F401


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def named(db):
    """A source naming its respondent and someone else, coded with a dimension and an own code."""
    partnership = Partnership.objects.create(key="zeist-berkane", name="Zeist–Berkane")
    coder = get_user_model().objects.create_user("coder")
    respondent = Respondent.objects.create(key="r-fz", label="R7")
    RespondentIdentity.objects.create(respondent=respondent, real_name="Fatima Zahra")
    source = Source.objects.create(key="interview-fz", title="Interview", respondent=respondent)
    source.names_to_hide = "Jan Jansen"
    source.save()
    source.partnerships.add(partnership)
    version = add_version(source, TEXT).version
    youth = Code.objects.create(name="Youth", parent=Code.objects.create(name="Projects"))
    trust = Code.objects.get(vocabulary="dimension", term="process_trust")
    theme = Code.objects.get(vocabulary="learning_theme", term="global_citizenship")

    def code(words: str, what: Code, **grades: str) -> None:
        start = TEXT.index(words)
        Coding.objects.create(
            version=version, start=start, end=start + len(words), code=what, coder=coder, **grades
        )

    code("Zahra said the visits built trust. Jan", trust, assessment="strong", factor_role="enabling")
    code("The school exchange went on.", youth)
    code("The school exchange went on.", theme)  # a vocabulary the assistant does not propose
    return source


def test_codings_are_read_as_the_evidence_export_names_them_with_names_replaced(named):
    examples = sorted(training_examples(), key=lambda e: e.code)
    assert [(e.code, e.family, e.source, e.assessment, e.role) for e in examples] == [
        ("Projects / Youth", "own", "interview-fz", "", ""),
        ("dimension/process_trust", "dimension", "interview-fz", "strong", "enabling"),
    ]
    assert examples[1].text == "R7 said the visits built trust. [name]"  # a cut name whole, replaced
    assert examples[1].ref == Coding.objects.get(code__term="process_trust").pk
    kept = {e.code: e.text for e in training_examples(with_names=True)}
    assert kept["dimension/process_trust"] == "Zahra said the visits built trust. Jan"


def test_the_case_studies_give_the_proposed_families_only(case_studies):
    examples = training_examples()
    assert {e.family for e in examples} <= {*FAMILIES, "own"}
    assert {e.code for e in examples if e.family == "dimension"} >= {
        "dimension/process_trust",
        "dimension/power_equality",
    }
    assert len(examples) == Coding.objects.filter(code__vocabulary__in=FAMILIES).count()
    zeist = training_examples(Partnership.objects.get(key="zeist-berkane"))
    assert 0 < len(zeist) < len(examples)
    linked = set(Source.objects.filter(partnerships__key="zeist-berkane").values_list("key", flat=True))
    assert {e.source for e in zeist} <= linked


def test_a_model_is_kept_and_trained_again_when_the_codings_change(case_studies, data_dir):
    """Trains three models on the case studies (half a second each on a busy machine)."""
    first = model_for()
    assert first.trained and first.path == data_dir / "assistant" / "all.npz" and first.path.exists()
    again = model_for()
    assert not again.trained
    texts = ["They trust each other after many visits."]
    assert suggest(again.model, texts) == suggest(first.model, texts)
    coding = Coding.objects.filter(code__vocabulary="dimension").first()
    coding.assessment = "limited" if coding.assessment != "limited" else "strong"
    coding.save()
    assert model_for().trained
    zeist = model_for(Partnership.objects.get(key="zeist-berkane"))
    assert zeist.trained and zeist.path.name == "zeist-berkane.npz"


def test_a_kept_model_is_read_only_when_whole_and_of_the_same_codings(named, data_dir, tmp_path):
    path = model_file(None)
    assert load(path) is None  # not there
    model_for(parameters=Parameters(min_examples=1))
    assert load(path) is not None
    assert load(path, "another fingerprint") is None
    path.write_bytes(b"not a model")
    assert load(path) is None


def test_nothing_coded_and_too_little_coded_are_said_plainly(named, data_dir):
    with pytest.raises(NothingToLearn) as few:
        model_for()
    assert message(few.value) == (
        "The assistant proposes a code once 5 passages are coded with it; no code is yet "
        "(the most: dimension/process_trust, on 1)."
    )
    Coding.objects.all().delete()
    with pytest.raises(NothingToLearn) as nothing:
        model_for(Partnership.objects.get())
    assert message(nothing.value, Partnership.objects.get()) == (
        "Nothing is coded yet in Zeist–Berkane, so the assistant has nothing to learn from: "
        "code some of its passages first."
    )


def test_a_prefix_that_proposes_nothing_says_why(named):
    model = train(training_examples(), Parameters(min_examples=1))
    assert prefix_message(model, "dimension") is None
    assert prefix_message(model, "knowledge_type") == (
        "The assistant proposes no code under 'knowledge_type'; its codes are under: Projects, dimension."
    )
    examples = training_examples()
    trust = next(e for e in examples if e.family == "dimension")
    again = replace(trust, source="another", text="Trust grew over the years.")
    model = train([*examples, again], Parameters(min_examples=2))
    assert prefix_message(model, "projects") == (
        "The assistant proposes a code once 2 passages are coded with it; no code under 'projects' "
        "is yet (Projects / Youth)."
    )
