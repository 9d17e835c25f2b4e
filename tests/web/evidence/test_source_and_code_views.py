"""Uploading sources and keeping the codebook through the pages."""

from __future__ import annotations

import io

import docx
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mutuality.accounts.models import Membership
from mutuality.accounts.roles import Role
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Code, Coding, Source
from mutuality.partnerships.models import Municipality, Partnership, Side


def upload(client, partnership, name, data, **extra):
    return client.post(
        "/sources/new/",
        {
            "title": name,
            "kind": "interview",
            "partnerships": [partnership.pk],
            "file": SimpleUploadedFile(name, data),
            **extra,
        },
    )


def test_a_word_file_becomes_a_source_with_its_paragraphs(coder_client, partnership):
    document = docx.Document()
    document.add_paragraph("Birinci paragraf: ılık.")
    document.add_paragraph("Second paragraph 🤝.")
    buffer = io.BytesIO()
    document.save(buffer)
    response = upload(coder_client, partnership, "interview.docx", buffer.getvalue())
    assert response.status_code == 302
    version = Source.objects.get(title="interview.docx").current
    assert "Birinci paragraf: ılık." in version.text and "Second paragraph 🤝." in version.text
    assert (version.format, version.filename) == ("docx", "interview.docx")


def test_a_binary_file_named_txt_is_refused_with_its_name_and_nothing_is_saved(coder_client, partnership):
    response = upload(coder_client, partnership, "scan.txt", b"\x00\x89PNG\x00\x01" * 200)
    assert response.status_code == 400
    assert "scan.txt" in response.content.decode()
    assert not Source.objects.exists()


def test_an_empty_file_is_refused(coder_client, partnership):
    response = upload(coder_client, partnership, "empty.txt", b"")
    assert response.status_code == 400
    assert not Source.objects.exists()


def test_a_side_outside_the_sources_partnerships_is_refused(coder_client, partnership):
    from mutuality.partnerships.models import Municipality, Partnership, Side

    other = Partnership.objects.create(key="elsewhere", name="Elsewhere")
    side = Side.objects.create(partnership=other, municipality=Municipality.objects.get(key="zeist"))
    response = coder_client.post(
        "/sources/new/",
        {
            "title": "Notes",
            "kind": "observation",
            "partnerships": [partnership.pk],
            "side": side.pk,
            "text": "x",
        },
    )
    assert response.status_code == 400
    assert not Source.objects.exists()


def test_editing_the_text_makes_a_new_version_and_reports_the_codings(coder_client, source, coder):
    version = source.current
    start = version.text.index("Trust grew")
    Coding.objects.create(
        version=version,
        start=start,
        end=start + 10,
        code=framework_code("dimension", "process_trust"),
        coder=coder,
    )
    response = coder_client.post(f"/sources/{source.key}/text/", {"text": "Preface.\n" + version.text})
    assert response.status_code == 302
    assert source.current.number == 2
    coding = Coding.objects.get()
    assert coding.version == source.current and coding.quote == "Trust grew"


def test_a_researcher_adds_a_code_under_a_dimension_with_a_colour(coder_client, db):
    parent = framework_code("dimension", "complementary_resources")
    response = coder_client.post(
        "/codes/new/",
        {"name": "Hospitality", "parent": parent.pk, "description": "In-kind help", "colour": "#aa3311"},
    )
    assert response.status_code == 302
    code = Code.objects.get(name="Hospitality")
    assert (code.parent, code.colour) == (parent, "#aa3311")
    assert "Hospitality" in coder_client.get("/codes/").content.decode()


def test_a_code_cannot_be_moved_under_its_own_sub_code_through_the_page(coder_client, db):
    parent = Code.objects.create(name="Trust")
    child = Code.objects.create(name="Early trust", parent=parent)
    response = coder_client.post(
        f"/codes/{parent.pk}/edit/", {"name": "Trust", "parent": child.pk, "colour": "#112233"}
    )
    assert response.status_code == 400
    parent.refresh_from_db()
    assert parent.parent is None


def test_merging_through_the_page_moves_codings(coder_client, source, coder):
    old, new = Code.objects.create(name="Trust (old)"), Code.objects.create(name="Trust")
    Coding.objects.create(version=source.current, start=0, end=3, code=old, coder=coder)
    coder_client.post(f"/codes/{old.pk}/merge/", {"into": new.pk})
    assert new.codings.count() == 1 and not Code.objects.filter(pk=old.pk).exists()


def test_merging_a_code_into_itself_changes_nothing(coder_client, db):
    code = Code.objects.create(name="Trust")
    coder_client.post(f"/codes/{code.pk}/merge/", {"into": code.pk})
    assert Code.objects.filter(pk=code.pk).exists()


def test_respondents_real_names_are_kept_apart(coder_client, partnership):
    side = partnership.sides.get(municipality__key="emirdag")
    coder_client.post(
        "/respondents/new/",
        {
            "label": "R-EMI-1",
            "role": "waste officer",
            "organisation_type": "line_department",
            "side": side.pk,
            "country": "TR",
            "real_name": "Ayşe Yılmaz",
        },
    )
    from mutuality.evidence.models import Respondent

    respondent = Respondent.objects.get(label="R-EMI-1")
    assert respondent.identity.real_name == "Ayşe Yılmaz"
    assert "Ayşe" not in respondent.label + respondent.role


# --- "What to record next" opens a new source on the partnership and side it names -----------------


def new_source_form(client, **query):
    return client.get("/sources/new/", query).context["form"]


def test_a_new_source_opens_on_the_partnership_and_side_the_link_names(coder_client, partnership):
    emirdag = Side.objects.get(partnership=partnership, municipality__key="emirdag")
    form = new_source_form(coder_client, partnership=partnership.key, side="emirdag")
    assert form["partnerships"].value() == [partnership.pk] and form["side"].value() == emirdag.pk
    # A municipality that is not a side of the partnership leaves the side to the user …
    form = new_source_form(coder_client, partnership=partnership.key, side="zeist")
    assert form["partnerships"].value() == [partnership.pk] and form["side"].value() is None
    # … and a partnership that is not there both.
    form = new_source_form(coder_client, partnership="nowhere", side="emirdag")
    assert not form["partnerships"].value() and form["side"].value() is None


def test_a_new_source_is_not_opened_on_a_partnership_its_researcher_does_not_research(partnership):
    other = Partnership.objects.create(key="zeist-haarlem", name="Zeist–Haarlem")
    Side.objects.create(partnership=other, municipality=Municipality.objects.get(key="zeist"))
    user = get_user_model().objects.create_user("researcher", password="a-long-test-password")
    Membership.objects.create(user=user, partnership=other, role=Role.RESEARCHER)
    client = Client()
    client.force_login(user)
    form = new_source_form(client, partnership=partnership.key, side="emirdag")
    assert not form["partnerships"].value() and form["side"].value() is None


def test_the_sources_list_comes_in_pages_of_fifty_narrowed_by_kind_and_language(coder_client, source, coder):
    from mutuality.evidence.versions import add_version

    for number in range(60):
        extra = Source.objects.create(
            title=f"Notes {number:02d}", kind="document" if number % 2 else "interview", language="nl"
        )
        extra.partnerships.add(*source.partnerships.all())
        add_version(extra, f"Notitie {number}.", user=coder)
    trust = framework_code("dimension", "process_trust")
    Coding.objects.create(version=source.current, start=0, end=3, code=trust, coder=coder)
    first = coder_client.get("/sources/").content.decode()
    assert "61 sources" in first and first.count('<tr><td><a href="/sources/') == 50
    assert "1 / 2" in first and 'href="?page=2"' in first
    assert "Interview with a waste officer" in first  # in the order of the titles, its coding counted
    assert first.count('<td class="number">1</td>') == 1
    last = coder_client.get("/sources/?page=2").content.decode()
    assert last.count('<tr><td><a href="/sources/') == 11 and "Notes 59" in last
    interviews = coder_client.get("/sources/?kind=interview&language=nl").content.decode()
    assert "30 sources" in interviews and "Notes 01" not in interviews and "Notes 00" in interviews
