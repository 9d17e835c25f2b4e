"""A REFI-QDA project is pseudonymised by default, like every export, and its offsets fit the text it holds."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from lxml import etree
from typer.testing import CliRunner

from mutuality.cli import app
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Code, Coding, Memo, Respondent, RespondentIdentity, Source
from mutuality.evidence.versions import add_version
from mutuality.formats.refi_qda.exporting import qdpx_bytes
from mutuality.formats.refi_qda.importing import import_file
from mutuality.partnerships.models import Partnership
from mutuality.privacy.pseudonymise import Pseudonymiser
from tests.formats.refi_qda.conftest import REFI, qde_of
from tests.formats.refi_qda.test_export import NS, _empty_the_evidence

TEXT = (
    "Fatima Zahra said the visit to Haarlem built trust.\n"
    "Jan Jansen agreed; later FATIMA ZAHRA wrote to Jan Jansen again.\n"
    "Trust grew on both sides."
)
NAMES = ("Fatima", "Zahra", "FATIMA", "ZAHRA", "Jansen")


@pytest.fixture
def named(partnerships, django_user_model) -> Source:
    """An interview naming its respondent and someone else, coded in words before, around, across and after the names."""
    coder = django_user_model.objects.create_user("coder")
    respondent = Respondent.objects.create(key="r-fz", label="R7", role="officer", source="Met Fatima Zahra")
    RespondentIdentity.objects.create(respondent=respondent, real_name="Fatima Zahra")
    source = Source.objects.create(
        key="interview-fz",
        title="Interview with Fatima Zahra",
        respondent=respondent,
        names_to_hide="Jan Jansen",
        source="Recorded by Jan Jansen",
    )
    source.partnerships.add(Partnership.objects.get(key="zeist-berkane"))
    version = add_version(source, TEXT).version
    trust = framework_code("dimension", "process_trust")
    own = Code.objects.create(name="Visits")
    for words, code in (
        ("Fatima Zahra said the visit to Haarlem built trust.", trust),  # starts with a name
        ("the visit to Haarlem", own),  # after a name: moved
        ("Jan Jansen agreed; later FATIMA ZAHRA wrote to Jan Jansen again.", trust),  # three names
        ("Trust grew on both sides.", own),  # after every name
    ):
        start = TEXT.index(words)
        Coding.objects.create(version=version, start=start, end=start + len(words), code=code, coder=coder)
    # A coding that cuts a name ("Zahra said") takes the whole pseudonym, never a part of a name.
    start = TEXT.index("Zahra said")
    Coding.objects.create(
        version=version,
        start=start,
        end=start + len("Zahra said"),
        code=own,
        coder=coder,
        memo="Fatima Zahra or Jan Jansen?",
    )
    Memo.objects.create(text="Ask Fatima Zahra whether Jan Jansen came too.", source=source, author=coder)
    Memo.objects.create(text="Fatima Zahra speaks of visits.", code=own, author=coder)
    return source


def contents(qdpx: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(qdpx)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def selections(qdpx: bytes) -> list[tuple[str, str]]:
    """(exported words, the name of its code) of every coding, from the file alone."""
    root = qde_of(qdpx)
    files = contents(qdpx)
    codes = {code.get("guid"): code.get("name") for code in root.iter("{urn:QDA-XML:project:1.0}Code")}
    found = []
    for source in root.findall("q:Sources/q:TextSource", NS):
        text = files[f"sources/{source.get('guid')}.txt"]
        for selection in source.findall("q:PlainTextSelection", NS):
            words = text[int(selection.get("startPosition")) : int(selection.get("endPosition"))]
            for coding in selection.findall("q:Coding", NS):
                found.append((words, codes[coding.find("q:CodeRef", NS).get("targetGUID")]))
    return sorted(found)


def test_the_project_is_pseudonymised_by_default(named):
    qdpx = qdpx_bytes()
    everything = "\n".join(contents(qdpx).values())
    assert not [name for name in NAMES if name in everything]
    root = qde_of(qdpx)
    [source] = root.findall("q:Sources/q:TextSource", NS)
    assert source.get("name") == "Interview with R7"
    [text] = [text for name, text in contents(qdpx).items() if name.startswith("sources/")]
    assert text == Pseudonymiser().text(TEXT, named.pk)
    assert text.startswith("R7 said the visit") and "[name] agreed; later R7 wrote to [name] again." in text
    notes = sorted(note.find("q:PlainTextContent", NS).text for note in root.findall("q:Notes/q:Note", NS))
    # The source's memo, the coding's memo and the code's memo (a code has no names to hide of its own).
    assert notes == ["Ask R7 whether [name] came too.", "R7 or [name]?", "R7 speaks of visits."]
    values = {
        value.find("q:VariableRef", NS).get("targetGUID"): value.find("q:TextValue", NS).text
        for value in root.iter("{urn:QDA-XML:project:1.0}VariableValue")
        if value.find("q:TextValue", NS) is not None
    }
    variables = {v.get("name"): v.get("guid") for v in root.findall("q:Variables/q:Variable", NS)}
    assert values[variables["source.citation"]] == "Recorded by [name]"
    assert values[variables["respondent.citation"]] == "Met R7"
    if (REFI / "Project.xsd").exists():
        schema = etree.XMLSchema(etree.parse(str(REFI / "Project.xsd")))
        assert schema.validate(root.getroottree()), schema.error_log


def test_a_codings_words_in_the_project_are_its_words_pseudonymised(named):
    hide = Pseudonymiser()
    expected = sorted(
        (hide.text(coding.quote, named.pk), coding.code.name)
        for coding in Coding.objects.select_related("code")
        if coding.quote != "Zahra said"
    )
    expected = sorted([*expected, ("R7 said", "Visits")])  # the cut name: its whole pseudonym
    assert selections(qdpx_bytes()) == expected
    # With names kept, the words and offsets are those stored.
    assert selections(qdpx_bytes(with_names=True)) == sorted(
        (coding.quote, coding.code.name) for coding in Coding.objects.select_related("code")
    )
    assert "Fatima Zahra" in "\n".join(contents(qdpx_bytes(with_names=True)).values())


def test_a_pseudonymised_project_imports_with_its_codings_on_the_replaced_words(named, django_user_model):
    first = qdpx_bytes()
    expected, text = selections(first), Pseudonymiser().text(TEXT, named.pk)
    _empty_the_evidence(django_user_model)
    assert not RespondentIdentity.objects.exists()
    report = import_file(first, "pseudonymised.qdpx")
    assert report.schema_valid and report.imported["codings"] == 5
    assert Source.objects.get().current.text == text
    assert sorted((c.quote, c.code.name) for c in Coding.objects.select_related("code")) == expected
    assert qdpx_bytes() == first  # nothing left to replace: the same file


def test_the_offsets_of_a_replaced_text_move_with_the_names(named):
    replaced = Pseudonymiser().replace(TEXT, named.pk)
    assert replaced.text == Pseudonymiser().text(TEXT, named.pk)
    jan = TEXT.index("Jan Jansen agreed")
    assert replaced.text[replaced.start(jan) :].startswith("[name] agreed")
    after = TEXT.index("Trust grew")
    assert replaced.text[replaced.start(after) : replaced.end(len(TEXT))] == "Trust grew on both sides."
    inside = TEXT.index("Zahra said")
    assert (replaced.start(inside), replaced.end(inside + 2)) == (0, 2)  # a cut name: the whole pseudonym
    assert replaced.start(0) == 0 and replaced.end(len("Fatima Zahra")) == 2
    nothing = Pseudonymiser().replace("No names here.", None)
    assert (nothing.text, nothing.start(3), nothing.end(14)) == ("No names here.", 3, 14)


def test_export_qdpx_replaces_names_unless_asked(named, tmp_path):
    runner = CliRunner()
    plain = runner.invoke(app, ["export-qdpx", "-o", str(tmp_path / "plain.qdpx")])
    kept = runner.invoke(app, ["export-qdpx", "--with-names", "-o", str(tmp_path / "named.qdpx")])
    assert plain.exit_code == kept.exit_code == 0, plain.output + kept.output
    assert "Fatima" not in "\n".join(contents((tmp_path / "plain.qdpx").read_bytes()).values())
    assert "Fatima Zahra" in "\n".join(contents((tmp_path / "named.qdpx").read_bytes()).values())
    assert "--with-names" in runner.invoke(app, ["export-qdpx", "--help"]).output


def test_the_download_is_pseudonymised_unless_an_administrator_asks_for_names(named, django_user_model):
    client = Client()
    client.force_login(
        django_user_model.objects.create_superuser("administrator", password="a-long-test-password")
    )
    page = client.get(reverse("qda-import")).content.decode()
    assert f"{reverse('qda-export-qdpx')}?with_names=1" in page and 'name="with_names"' in page
    plain = client.get(reverse("qda-export-qdpx"), {"partnership": "zeist-berkane"})
    kept = client.get(reverse("qda-export-qdpx"), {"partnership": "zeist-berkane", "with_names": "1"})
    assert plain.status_code == kept.status_code == 200
    assert "Fatima" not in "\n".join(contents(plain.content).values())
    assert "Fatima Zahra" in "\n".join(contents(kept.content).values())
