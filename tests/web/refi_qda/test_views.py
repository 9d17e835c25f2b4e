"""The REFI-QDA page: import a file and see its report; download a project or the codebook."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from lxml import etree

from mutuality.evidence.models import Coding, Source
from mutuality.jobs.models import ImportJob
from mutuality.qdaexchange.models import QdaImport
from tests.formats.refi_qda.conftest import REFI, sample


@pytest.fixture
def client_in(partnerships, django_user_model) -> Client:
    client = Client()
    client.force_login(
        django_user_model.objects.create_superuser("administrator", password="a-long-test-password")
    )
    return client


@pytest.mark.parametrize("name", ["qda-import", "qda-export-qdpx", "qda-export-qdc"])
def test_the_pages_need_a_login(db, name):
    response = Client().get(reverse(name))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_page_offers_the_exports_and_the_import_form(client_in):
    response = client_in.get(reverse("qda-import"))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("qda-export-qdpx") in page and reverse("qda-export-qdc") in page
    assert 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page
    assert '<option value="zeist-berkane">' in page


def test_importing_a_project_shows_its_report(client_in):
    """Through the job's page (the import made in the background) to the report."""
    upload = SimpleUploadedFile("qc-demo.qdpx", sample("qc-demo.qdpx"))
    response = client_in.post(reverse("qda-import"), {"file": upload, "partnership": "zeist-berkane"})
    record, job = QdaImport.objects.get(), ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("import-job", args=[job.pk])
    report = client_in.get(response["Location"])
    assert report.status_code == 302 and report["Location"] == reverse("qda-import-report", args=[record.pk])
    assert record.imported_by.username == "administrator" and record.partnership.key == "zeist-berkane"
    page = client_in.get(report["Location"]).content.decode()
    assert "The file is valid against the REFI-QDA schema." in page
    assert "<td>codings</td><td>205</td>" in page and "<td>codes</td><td>262</td>" in page
    assert Coding.objects.count() == 205
    assert set(Coding.objects.values_list("coder__username", flat=True)) == {"cp"}


def test_a_schema_invalid_file_is_imported_and_the_report_says_why(client_in):
    upload = SimpleUploadedFile("two-coders.qdpx", sample("two-coders-schema-invalid.qdpx"))
    response = client_in.post(
        reverse("qda-import"), {"file": upload, "partnership": "zeist-berkane"}, follow=True
    )
    page = response.content.decode()
    assert "not valid against the REFI-QDA schema" in page and "This element is not expected" in page
    assert "Leitfaden" in page  # the PDF, kept as an attachment


def test_a_bad_file_is_refused_with_the_reason_and_nothing_changes(client_in):
    upload = SimpleUploadedFile("bad.qdpx", b"PK\x03\x04 broken")
    response = client_in.post(
        reverse("qda-import"), {"file": upload, "partnership": "zeist-berkane"}, follow=True
    )
    assert response.redirect_chain == [(reverse("import-job", args=[ImportJob.objects.get().pk]), 302)]
    assert "not a readable ZIP archive" in response.content.decode()
    assert QdaImport.objects.count() == 0 and Source.objects.count() == 0


def test_user_text_is_escaped(client_in):
    codebook = (
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="{aaaaaaaa-0000-0000-0000-000000000001}" name="&lt;script&gt;alert(1)&lt;/script&gt;" '
        'isCodable="true" color="javascript:x"/></Codes></CodeBook>'
    )
    upload = SimpleUploadedFile("<i>evil<i>.qdc", codebook.encode())
    page = client_in.post(reverse("qda-import"), {"file": upload}, follow=True).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<i>evil" not in page and "&lt;i&gt;evil&lt;i&gt;.qdc" in page


def test_the_import_form_needs_its_csrf_token(partnerships, django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_superuser("someone"))
    upload = SimpleUploadedFile("qc-demo.qdpx", b"x")
    assert client.post(reverse("qda-import"), {"file": upload}).status_code == 403


def test_the_downloads_are_a_valid_project_and_codebook(client_in):
    response = client_in.get(reverse("qda-export-qdpx") + "?partnership=zeist-berkane")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert 'filename="zeist-berkane.qdpx"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    response = client_in.get(reverse("qda-export-qdc"))
    assert (
        response.status_code == 200 and 'filename="mutuality-codebook.qdc"' in response["Content-Disposition"]
    )
    if (REFI / "Project.xsd").exists():
        assert etree.XMLSchema(etree.parse(str(REFI / "Project.xsd"))).validate(root.getroottree())
        codebook = etree.fromstring(response.content)
        assert etree.XMLSchema(etree.parse(str(REFI / "Codebook.xsd"))).validate(codebook.getroottree())
    assert client_in.get(reverse("qda-export-qdpx") + "?partnership=nowhere").status_code == 404


def test_a_researcher_imports_only_into_the_partnerships_they_research(partnerships, django_user_model):
    from mutuality.accounts.models import Membership
    from mutuality.accounts.roles import Role
    from mutuality.partnerships.models import Partnership

    mine, other = Partnership.objects.order_by("key")[:2]
    researcher = django_user_model.objects.create_user("researcher", password="a-long-test-password")
    Membership.objects.create(user=researcher, partnership=mine, role=Role.RESEARCHER)
    client = Client()
    client.force_login(researcher)
    page = client.get(reverse("qda-import")).content.decode()
    assert f'<option value="{mine.key}">' in page and f'<option value="{other.key}">' not in page

    upload = SimpleUploadedFile("qc-demo.qdpx", sample("qc-demo.qdpx"))
    refused = client.post(reverse("qda-import"), {"file": upload, "partnership": other.key})

    assert refused.status_code == 400
    assert not Source.objects.exists()
    upload = SimpleUploadedFile("qc-demo.qdpx", sample("qc-demo.qdpx"))
    assert client.post(reverse("qda-import"), {"file": upload, "partnership": mine.key}).status_code == 302
    assert set(Source.objects.values_list("partnerships__key", flat=True)) == {mine.key}


def test_the_report_page_says_which_offset_unit_was_used_and_shows_passages_as_they_landed(client_in):
    from tests.formats.refi_qda.test_nvivo import BERKANE, CHOSEN, NVIVO_WINDOWS, project

    upload = SimpleUploadedFile("nvivo.qdpx", project(NVIVO_WINDOWS, {"Berkane <2019>": (BERKANE, CHOSEN)}))
    page = client_in.post(
        reverse("qda-import"), {"file": upload, "partnership": "zeist-berkane"}, follow=True
    )
    text = page.content.decode()
    assert "Offsets read in UTF-16 code units, as NVivo for Windows 14.24.0 writes them" in text
    assert '<td dir="auto">hospital gardeners</td>' in text
    assert "Berkane &lt;2019&gt;" in text and "Berkane <2019>" not in text
