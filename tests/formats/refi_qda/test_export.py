"""Exporting a project (.qdpx) and the codebook (.qdc): valid against the official schemas, complete, stable."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from mutuality.evidence.models import Code, Coding, Memo, Respondent, Source
from mutuality.evidence.versions import add_version
from mutuality.formats.evidence_data import export_evidence
from mutuality.formats.refi_qda.exporting import codebook_bytes, qdpx_bytes
from mutuality.formats.refi_qda.importing import import_file
from mutuality.partnerships.models import Partnership, Project
from tests.formats.refi_qda.conftest import REFI, qde_of

NS = {"q": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}
CODE = "{urn:QDA-XML:project:1.0}Code"


def schema(name: str) -> etree.XMLSchema:
    path = REFI / name
    if not path.exists():
        pytest.skip(f"the official schemas are not at {REFI}")
    return etree.XMLSchema(etree.parse(str(path)))


def texts(qdpx: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(qdpx)) as archive:
        return {
            name: archive.read(name).decode("utf-8") for name in archive.namelist() if name != "project.qde"
        }


def test_the_project_export_is_valid_against_the_official_schema(case_studies):
    """Exports every case-study source and coding as a .qdpx (about 1 s); the set-up may take the
    case-study rows for the process (about 3 s)."""
    root = qde_of(qdpx_bytes())
    project = schema("Project.xsd")
    assert project.validate(root.getroottree()), project.error_log


def test_the_codebook_export_is_valid_against_the_official_schema(case_studies):
    root = etree.fromstring(codebook_bytes())
    codebook = schema("Codebook.xsd")
    assert codebook.validate(root.getroottree()), codebook.error_log
    assert len(root.findall(".//c:Code", NS)) == Code.objects.count()


def test_the_export_holds_every_source_coding_code_and_coder(case_studies):
    qdpx = qdpx_bytes()
    root = qde_of(qdpx)
    assert len(root.findall("q:Sources/q:TextSource", NS)) == Source.objects.count()
    assert len(root.findall(".//q:PlainTextSelection/q:Coding", NS)) == Coding.objects.count()
    assert len(root.findall(".//q:CodeBook//q:Code", NS)) == Code.objects.count()
    names = {user.get("name") for user in root.findall("q:Users/q:User", NS)}
    assert names == set(Coding.objects.values_list("coder__username", flat=True))
    files = texts(qdpx)
    for element in root.findall("q:Sources/q:TextSource", NS):
        guid = element.get("guid")
        assert element.get("plainTextPath") == f"internal://{guid}.txt"
        assert f"sources/{guid}.txt" in files


def test_framework_codes_name_their_vocabulary_and_term(case_studies):
    root = qde_of(qdpx_bytes())
    code = Code.objects.get(vocabulary="dimension", term="process_trust")
    [element] = [
        e
        for e in root.iter(CODE)
        if e.get("name") == code.name
        and e.find("q:Description", NS) is not None
        and "dimension/process_trust" in e.find("q:Description", NS).text
    ]
    assert element.find("q:Description", NS).text.endswith("Framework term: dimension/process_trust")
    assert element.getparent().get("isCodable") == "false"  # the vocabulary groups its terms
    assert element.get("color") == code.colour


def test_selections_count_code_points_so_emoji_and_arabic_keep_their_place(partnerships, django_user_model):
    coder = django_user_model.objects.create_user("coder")
    partnership = Partnership.objects.get(key="zeist-berkane")
    source = Source.objects.create(key="emoji", title="Emoji", confidential=False)
    source.partnerships.add(partnership)
    text = "قال المنسق 🤝 في بركان: نحن نتعلم معًا\nTrust grew."
    version = add_version(source, text).version
    code = Code.objects.get(vocabulary="dimension", term="process_trust")
    start = text.index("نحن")
    Coding.objects.create(
        version=version,
        start=start,
        end=start + len("نحن نتعلم"),
        code=code,
        coder=coder,
        assessment="strong",
        factor_role="enabling",
        concerns_side=partnership.sides.get(municipality__key="berkane"),
        memo="both <learn> & grow",
    )
    qdpx = qdpx_bytes()
    root = qde_of(qdpx)
    selection = root.find(".//q:PlainTextSelection", NS)
    file_text = texts(qdpx)[f"sources/{root.find('.//q:TextSource', NS).get('guid')}.txt"]
    assert file_text[int(selection.get("startPosition")) : int(selection.get("endPosition"))] == "نحن نتعلم"
    notes = {
        note.get("name"): note.find("q:PlainTextContent", NS).text
        for note in root.findall("q:Notes/q:Note", NS)
    }
    assert (
        notes["Mutuality coding attributes"] == "assessment: strong\nrole: enabling\nwhose learning: berkane"
    )
    assert notes["Coding memo"] == "both <learn> & grow"


def test_a_codings_country_and_projects_are_in_its_attributes_note_and_read_back(
    partnerships, django_user_model
):
    coder = django_user_model.objects.create_user("coder")
    zeist, rotterdam = (
        Partnership.objects.get(key="zeist-berkane"),
        Partnership.objects.get(key="rotterdam-casablanca"),
    )
    source = Source.objects.create(key="two-partnerships", title="Two partnerships")
    source.partnerships.add(zeist, rotterdam)
    version = add_version(source, "Youth exchanges and police exchanges taught the Dutch side.").version
    coding = Coding.objects.create(
        version=version,
        start=0,
        end=15,
        code=Code.objects.get(vocabulary="dimension", term="process_trust"),
        coder=coder,
        concerns_country="NL",
    )
    coding.projects.set(
        [
            Project.objects.get(partnership=rotterdam, key="police-exchange"),
            zeist.projects.get(key="youth-exchange"),
        ]
    )
    first = qdpx_bytes(with_names=True)
    [note] = [
        n
        for n in qde_of(first).findall("q:Notes/q:Note", NS)
        if n.get("name") == "Mutuality coding attributes"
    ]
    assert note.find("q:PlainTextContent", NS).text == (
        "whose learning (country): NL\nprojects: rotterdam-casablanca/police-exchange, zeist-berkane/youth-exchange"
    )
    _empty_the_evidence(django_user_model)
    import_file(first, "two.qdpx")
    coding = Coding.objects.get()
    assert coding.concerns_country == "NL"
    assert sorted(f"{p.partnership.key}/{p.key}" for p in coding.projects.all()) == [
        "rotterdam-casablanca/police-exchange",
        "zeist-berkane/youth-exchange",
    ]
    assert qdpx_bytes(with_names=True) == first


def test_memos_are_notes_referred_to_from_what_they_are_about(partnerships, django_user_model):
    author = django_user_model.objects.create_user("ann")
    source = Source.objects.create(key="memoed", title="Memoed")
    source.partnerships.add(Partnership.objects.get(key="zeist-berkane"))
    add_version(source, "Some text to remember.")
    code = Code.objects.create(name="Own code", colour="#123456", description="Mine")
    Memo.objects.create(text="On the source", source=source, author=author)
    Memo.objects.create(text="On the code", code=code, author=author)
    root = qde_of(qdpx_bytes())
    notes = {n.get("guid"): n for n in root.findall("q:Notes/q:Note", NS)}
    [ref] = root.findall("q:Sources/q:TextSource/q:NoteRef", NS)
    assert notes[ref.get("targetGUID")].find("q:PlainTextContent", NS).text == "On the source"
    [element] = [e for e in root.iter(CODE) if e.get("name") == "Own code"]
    assert (
        notes[element.find("q:NoteRef", NS).get("targetGUID")].find("q:PlainTextContent", NS).text
        == "On the code"
    )
    users = {u.get("guid"): u.get("name") for u in root.findall("q:Users/q:User", NS)}
    assert users[notes[ref.get("targetGUID")].get("creatingUser")] == "ann"


def test_partnerships_sides_and_respondents_are_cases_with_variables(case_studies):
    root = qde_of(qdpx_bytes())
    variables = {v.get("guid"): v.get("name") for v in root.findall("q:Variables/q:Variable", NS)}
    cases = {c.get("name"): c for c in root.findall("q:Cases/q:Case", NS)}
    zeist = cases["Zeist–Berkane"]
    values = {
        variables[v.find("q:VariableRef", NS).get("targetGUID")]: v[1].text
        for v in zeist.findall("q:VariableValue", NS)
    }
    assert values["partnership.key"] == "zeist-berkane"
    sources = Source.objects.filter(partnerships__key="zeist-berkane").count()
    assert len(zeist.findall("q:SourceRef", NS)) == sources
    assert "Zeist–Berkane: Berkane" in cases
    respondent = Respondent.objects.filter(sources__isnull=False).first()
    assert respondent.label in cases


def test_an_export_of_one_partnership_holds_only_its_sources(case_studies):
    partnership = Partnership.objects.get(key="zeist-berkane")
    root = qde_of(qdpx_bytes(partnership))
    assert root.get("name") == partnership.name
    assert len(root.findall("q:Sources/q:TextSource", NS)) == partnership.sources.count()


def test_exporting_twice_gives_the_same_bytes(case_studies):
    assert qdpx_bytes() == qdpx_bytes()


def differences(before: object, after: object, path: str = "") -> list[str]:
    """Every place where two evidence exports differ, e.g. ``sources[3].codings[0].projects: [...] → []``."""
    if isinstance(before, dict) and isinstance(after, dict):
        return [
            line
            for key in sorted(before.keys() | after.keys())
            for line in differences(before.get(key), after.get(key), f"{path}.{key}" if path else key)
        ]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            line
            for i, (a, b) in enumerate(zip(before, after, strict=True))
            for line in differences(a, b, f"{path}[{i}]")
        ]
    return [] if before == after else [f"{path}: {before!r} → {after!r}"]


def _empty_the_evidence(django_user_model) -> None:
    """What an empty database has: partnerships, framework codes, no evidence and no coders."""
    Memo.objects.all().delete()
    Coding.objects.all().delete()
    Source.objects.all().delete()
    Respondent.objects.all().delete()
    while Code.objects.filter(vocabulary="").exists():
        Code.objects.filter(vocabulary="", children__isnull=True).delete()
    django_user_model.objects.all().delete()


def test_export_import_into_an_empty_database_and_export_again_gives_the_same_file(
    case_studies, django_user_model
):
    """Exports the case-study evidence as .qdpx and as JSON twice each, and imports the .qdpx into an
    emptied database."""
    first = qdpx_bytes(with_names=True)
    evidence = export_evidence(with_names=True)
    # The demo's codings name projects and countries, so the comparison below covers both fields.
    assert sum(bool(c["projects"]) for s in evidence["sources"] for c in s["codings"]) > 40
    assert sum(bool(c["country"]) for s in evidence["sources"] for c in s["codings"]) > 15
    counts = (
        Source.objects.count(),
        Coding.objects.count(),
        Respondent.objects.count(),
        Code.objects.count(),
    )
    _empty_the_evidence(django_user_model)
    assert Source.objects.count() == 0
    report = import_file(first, "case-studies.qdpx")
    assert report.schema_valid
    assert (
        Source.objects.count(),
        Coding.objects.count(),
        Respondent.objects.count(),
        Code.objects.count(),
    ) == counts
    # Every field of the evidence (sources, texts, codings with all their attributes, respondents,
    # codes) is as it was.
    lost = differences(evidence, export_evidence(with_names=True))
    assert not lost, f"{len(lost)} differences after the round trip:\n" + "\n".join(lost[:20])
    second = qdpx_bytes(with_names=True)
    assert qde_of(second).getroottree().getroot() is not None
    assert etree.tostring(qde_of(second)) == etree.tostring(qde_of(first))
    assert second == first
