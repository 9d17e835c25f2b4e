"""The model that proposes to a reader: learned from the codings they may read, trained on demand,
and trained again by the task worker when the codings change (issue 18)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from mutuality.accounts.access import Access
from mutuality.accounts.models import Membership
from mutuality.assistant import scopes
from mutuality.assistant.models import KeptModel
from mutuality.assistant.scopes import reader_scope, ready, scope_for
from mutuality.assistant.tasks import retrain_model
from mutuality.evidence.models import Code, Coding, Source
from mutuality.evidence.versions import add_version
from mutuality.partnerships.models import Partnership
from tests.assistant.coded import code, load_learning, make

SECRETS = [
    "The secret budget was agreed behind closed doors.",
    "Nobody outside the council knew about the secret budget.",
    "The secret deal was made at the embassy dinner.",
    "They kept the secret budget out of the minutes.",
    "A secret agreement settled the budget that year.",
]


@pytest.fixture(scope="module", autouse=True)
def learning() -> None:
    """The learning and the URLs, loaded once for the module."""
    load_learning()


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Models kept in this test's own data folder."""
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def coded(db):
    return make()


def queued_tasks() -> int:
    return DBTaskResult.objects.filter(task_path="mutuality.assistant.tasks.retrain_model").count()


@pytest.fixture
def other(coded, django_user_model):
    """Another partnership's interview, coded with a code of its own, which p1's readers may not read."""
    partnership = Partnership.objects.create(key="haarlem-emirdag", name="Haarlem–Emirdağ")
    source = Source.objects.create(key="interview-other", title="Other interview", confidential=True)
    source.partnerships.add(partnership)
    add_version(source, "\n".join(SECRETS))
    secret = Code.objects.create(name="Secret deals")
    admin = django_user_model.objects.create_superuser("admin")
    for sentence in SECRETS:
        code(source, sentence, secret, admin)
    return source


def test_readers_with_the_same_rights_share_a_model(coded, other, django_user_model):
    admin = django_user_model.objects.get(username="admin")
    assert reader_scope(Access(admin)).key == "all"
    researcher = reader_scope(Access(coded.researcher))
    assert researcher.kind == "reader" and researcher.key.startswith("reader.")
    twin = django_user_model.objects.create_user("twin")
    Membership.objects.create(user=twin, partnership=coded.partnership, role="researcher")
    assert reader_scope(Access(twin)).key == researcher.key
    assert reader_scope(Access(coded.coder)).key == researcher.key  # assigned both sources there are in p1
    coded.coder.assignments.filter(source=coded.coded_source).delete()
    assert reader_scope(Access(coded.coder)).key not in (researcher.key, "all")
    other.delete()
    assert reader_scope(Access(coded.researcher)).key == "all"  # every source there is


def test_a_blind_coder_has_a_model_of_their_own_codings(coded):
    coded.new_source.blind_coding = True
    coded.new_source.save()
    assert scope_for(Access(coded.coder), coded.new_source).key == f"coder.{coded.coder.pk}"
    assert scope_for(Access(coded.coder), coded.coded_source).key.startswith("reader.")
    assert scope_for(Access(coded.researcher), coded.new_source).key == "all"  # researchers compare
    mine = code(
        coded.new_source, "Belediye başkanı ılık bir ilişki kurdu, güven arttı.", coded.trust, coded.coder
    )
    examples = scope_for(Access(coded.coder), coded.new_source).examples()
    assert [example.ref for example in examples] == [mine.pk]


def test_a_reader_model_learns_only_from_the_codings_they_may_read(coded, other, django_user_model):
    admin = django_user_model.objects.get(username="admin")
    everything = ready(reader_scope(Access(admin))).model
    theirs = ready(reader_scope(Access(coded.researcher))).model
    assert "Secret deals" in everything.codes
    assert "Secret deals" not in theirs.codes and "dimension/process_trust" in theirs.codes
    assert not set(theirs.exemplar_refs) & set(
        Coding.objects.filter(version__source=other).values_list("pk", flat=True)
    )


def test_a_first_model_is_trained_in_the_request_and_kept(coded, data_dir):
    scope = reader_scope(Access(coded.researcher))
    first = ready(scope)
    assert first.model is not None and not first.learning
    assert (data_dir / "assistant" / f"{scope.key}.npz").exists()
    row = KeptModel.objects.get(key=scope.key)
    assert row.passages == 10 and row.trained_at is not None and row.queued_at is None
    assert ready(scope).model is first.model  # read once, kept in memory while the file is unchanged


def test_a_large_first_model_is_left_to_the_worker(coded, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(scopes, "ON_DEMAND_LIMIT", 3)
    scope = reader_scope(Access(coded.researcher))
    with django_capture_on_commit_callbacks(execute=True):
        found = ready(scope)
    assert found.learning and found.model is None
    assert KeptModel.objects.get(key=scope.key).queued_at is not None and queued_tasks() == 1
    assert ready(scope).learning and queued_tasks() == 1  # asked again: not queued twice
    assert retrain_model.call(scope.key) == "trained"
    assert ready(scope).model is not None


def test_changed_codings_queue_one_retraining_per_model(coded, django_capture_on_commit_callbacks):
    scope = reader_scope(Access(coded.researcher))
    before = ready(scope).model
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for sentence in (
                "Belediye başkanı ılık bir ilişki kurdu, güven arttı.",
                "The pupils of the school",
            ):
                code(coded.new_source, sentence, coded.trust, coded.researcher)
    assert queued_tasks() == 1
    with django_capture_on_commit_callbacks(execute=True):
        Coding.objects.filter(version=coded.new_source.current).first().delete()
    assert queued_tasks() == 1  # one waits already
    assert ready(scope).model is before  # the kept model proposes meanwhile
    assert retrain_model.call(scope.key) == "trained"
    row = KeptModel.objects.get(key=scope.key)
    assert row.queued_at is None and row.passages == 11
    assert ready(scope).model is not before
    assert retrain_model.call(scope.key) == "unchanged"


def test_a_blind_coders_model_waits_only_for_their_own_codings(coded, django_capture_on_commit_callbacks):
    coded.partnership.blind_coding = True
    coded.partnership.save()
    with django_capture_on_commit_callbacks(execute=True):  # as committed before the model is asked for
        own = [
            code(coded.coded_source, sentence, coded.trust, coded.coder)
            for sentence in (
                "Over the years the visits built trust between the two towns.",
                "Trust grew because we kept coming back to see each other.",
                "The long friendship made the officers trust each other.",
                "After ten years of exchanges there is real trust between us.",
                "The youth exchange brought pupils to the school in Zeist.",
            )
        ]
    scope = scope_for(Access(coded.coder), coded.new_source)
    assert ready(scope).model.passages == len(own)
    with django_capture_on_commit_callbacks(execute=True):
        code(coded.new_source, "The pupils of the school", coded.youth, coded.researcher)
    assert KeptModel.objects.get(key=scope.key).queued_at is None
    with django_capture_on_commit_callbacks(execute=True):
        own[0].delete()
    assert KeptModel.objects.get(key=scope.key).queued_at is not None


def test_codings_written_without_signals_are_noticed_at_the_next_proposal(
    coded, django_capture_on_commit_callbacks
):
    scope = reader_scope(Access(coded.researcher))
    ready(scope)
    version = coded.new_source.current
    Coding.objects.bulk_create(
        [Coding(version=version, start=0, end=9, code=coded.trust, coder=coded.researcher)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert ready(scope).model is not None
    assert queued_tasks() == 1


def test_a_model_whose_reader_lost_their_rights_is_forgotten(coded, other, data_dir):
    scope = scope_for(Access(coded.coder), coded.new_source)
    assert scope.kind == "reader"
    ready(scope)
    path = data_dir / "assistant" / f"{scope.key}.npz"
    assert path.exists()
    coded.coder.assignments.filter(source=coded.coded_source).delete()
    assert retrain_model.call(scope.key) == "forgotten"
    assert not path.exists() and not KeptModel.objects.filter(key=scope.key).exists()
    assert retrain_model.call(scope.key) == "gone"


def test_a_model_with_nothing_left_to_learn_from_is_removed(coded, data_dir):
    scope = reader_scope(Access(coded.researcher))
    ready(scope)
    Coding.objects.all().delete()
    assert retrain_model.call(scope.key) == "nothing"
    assert not (data_dir / "assistant" / f"{scope.key}.npz").exists()
    assert ready(scope).problem is not None
