"""Consent, pseudonymised exports, subject access and erasure."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from mutuality.cli import app
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Coding, Respondent, RespondentIdentity, Source, SourceVersion
from mutuality.evidence.versions import add_version
from mutuality.formats.codings_csv import write_codings_csv
from mutuality.formats.evidence_data import export_evidence
from mutuality.history.models import Change
from mutuality.privacy.subject import UnknownRespondent, erase_respondent, respondent_data
from tests.accounts.conftest import client_for

TEXT = "Fatima Zahra said the visit to Haarlem built trust. Jan Jansen agreed."


@pytest.fixture
def heard(world):
    """A respondent with a real name, interviewed in two sources coded by two coders; a third source not theirs."""
    respondent = Respondent.objects.create(key="r-fz", label="R7", role="officer", side=world.side_a)
    RespondentIdentity.objects.create(respondent=respondent, real_name="Fatima Zahra")
    code = framework_code("dimension", "process_trust")
    sources = []
    for number in (1, 2):
        source = Source.objects.create(
            key=f"interview-{number}",
            title=f"Interview {number}",
            respondent=respondent,
            names_to_hide="Jan Jansen",
        )
        source.partnerships.add(world.p1)
        version = add_version(source, TEXT, user=world.users["admin"]).version
        for coder in ("researcher", "coder"):
            Coding.objects.create(
                version=version, start=0, end=len(TEXT), code=code, coder=world.users[coder]
            )
        sources.append(source)
    add_version(sources[0], TEXT + " Later words.", user=world.users["admin"])
    return respondent, sources


def test_consent_is_saved_from_its_page(world):
    url = reverse("respondent-consent", args=[world.respondent.key])
    data = {
        "consent_date": "2024-03-05",
        "consent_scope": "research_publication",
        "consent_note": "Signed form.",
    }
    assert client_for(world, "viewer").post(url, data).status_code == 403
    response = client_for(world, "researcher").post(url, data)
    assert response.status_code == 302
    world.respondent.refresh_from_db()
    assert str(world.respondent.consent_date) == "2024-03-05"
    assert world.respondent.consent_scope == "research_publication"
    assert world.respondent.consent_note == "Signed form."


def test_names_to_hide_are_saved_by_who_manages_the_source(world):
    url = reverse("source-names", args=[world.open_source.key])
    assert client_for(world, "coder").post(url, {"names_to_hide": "X"}).status_code == 403
    assert client_for(world, "researcher").post(url, {"names_to_hide": "Jan Jansen"}).status_code == 302
    world.open_source.refresh_from_db()
    assert world.open_source.names_to_hide == "Jan Jansen"


def test_the_codings_csv_is_pseudonymised_by_default(heard):
    stream = io.StringIO()
    write_codings_csv(stream)
    text = stream.getvalue()
    assert "Fatima" not in text and "Jansen" not in text
    quotes = {
        row["quote"] for row in csv.DictReader(io.StringIO(text)) if row["source"].startswith("interview-")
    }
    assert quotes == {"R7 said the visit to Haarlem built trust. [name] agreed."}
    named = io.StringIO()
    write_codings_csv(named, with_names=True)
    assert "Fatima Zahra said" in named.getvalue() and "Jan Jansen" in named.getvalue()


def test_the_evidence_export_is_pseudonymised_by_default(heard):
    document = json.dumps(export_evidence(), ensure_ascii=False)
    assert "Fatima" not in document and "Jansen" not in document
    assert "Fatima Zahra" in json.dumps(export_evidence(with_names=True), ensure_ascii=False)


def test_the_commands_replace_names_unless_asked(heard, tmp_path):
    runner = CliRunner()
    for args in (["export-codings"], ["export", "--evidence"]):
        plain = runner.invoke(app, [*args, "-o", str(tmp_path / "plain")])
        named = runner.invoke(app, [*args, "--with-names", "-o", str(tmp_path / "named")])
        assert plain.exit_code == named.exit_code == 0, plain.output + named.output
        assert "Fatima" not in (tmp_path / "plain").read_text(encoding="utf-8")
        assert "Fatima Zahra" in (tmp_path / "named").read_text(encoding="utf-8")


def test_with_names_on_the_web_is_for_administrators(world, heard):
    url = reverse("codings-csv")
    researcher = client_for(world, "researcher").get(url)
    body = researcher.getvalue()
    assert researcher.status_code == 200 and b"Fatima" not in body and b"R7 said" in body
    assert client_for(world, "researcher").get(url, {"with_names": "1"}).status_code == 403
    assert b"Fatima Zahra" in client_for(world, "admin").get(url, {"with_names": "1"}).getvalue()


def test_the_respondent_export_holds_their_texts_and_codings(heard, tmp_path):
    respondent, sources = heard
    data = respondent_data(respondent.key)
    assert data["identity"] == {"real_name": "Fatima Zahra"}
    assert [s["key"] for s in data["sources"]] == ["interview-1", "interview-2"]
    assert [v["text"] for v in data["sources"][0]["versions"]] == [TEXT, TEXT + " Later words."]
    assert len(data["sources"][1]["codings"]) == 2
    result = CliRunner().invoke(app, ["respondent-export", respondent.key, "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert written["sources"][1]["versions"][0]["text"] == TEXT


def test_respondent_delete_removes_exactly_their_sources_and_codings(world, heard):
    respondent, sources = heard
    others = set(Source.objects.exclude(respondent=respondent).values_list("pk", flat=True))
    other_codings = set(
        Coding.objects.exclude(version__source__respondent=respondent).values_list("pk", flat=True)
    )
    result = CliRunner().invoke(app, ["respondent-delete", respondent.key, "--yes"])
    assert result.exit_code == 0, result.output
    assert "Sources: 2" in result.output and "Versions: 3" in result.output
    assert "Codings: 4" in result.output
    assert "researcher: 2" in result.output and "coder: 2" in result.output
    assert not Respondent.objects.filter(key="r-fz").exists()
    assert not RespondentIdentity.objects.filter(real_name="Fatima Zahra").exists()
    assert set(Source.objects.values_list("pk", flat=True)) == others
    assert set(Coding.objects.values_list("pk", flat=True)) == other_codings
    assert not SourceVersion.objects.filter(source__key__startswith="interview-").exists()
    # History keeps one entry with the counts, and nothing of the erased texts.
    erased = Change.objects.get(action="erased")
    assert erased.changes["erased"][1]["codings"] == {"coder": 2, "researcher": 2}
    assert not Change.objects.filter(
        model="evidence.source", object_id__in=[str(s.pk) for s in sources]
    ).exists()


def test_an_unknown_key_changes_nothing(world, heard):
    before = (
        Source.objects.count(),
        Coding.objects.count(),
        Respondent.objects.count(),
        Change.objects.count(),
    )
    result = CliRunner().invoke(app, ["respondent-delete", "nobody", "--yes"])
    assert result.exit_code == 1
    assert "No respondent has the key 'nobody'" in result.output
    with pytest.raises(UnknownRespondent):
        erase_respondent("nobody")
    after = (
        Source.objects.count(),
        Coding.objects.count(),
        Respondent.objects.count(),
        Change.objects.count(),
    )
    assert after == before
    assert CliRunner().invoke(app, ["respondent-export", "nobody"]).exit_code == 1
