"""Every page renders for a logged-in user with the case studies loaded (catches template errors)."""

from __future__ import annotations

import pytest

from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Coding, Source
from mutuality.evidence.versions import add_version
from mutuality.partnerships.models import Partnership


@pytest.fixture
def coded_source(case_studies, django_user_model):
    user = django_user_model.objects.create_superuser("reader", password="a-long-test-password")
    source = Source.objects.create(key="page-test", title="Page test", language="en")
    source.partnerships.add(Partnership.objects.get(key="zeist-berkane"))
    version = add_version(source, "Trust grew over the years.").version
    Coding.objects.create(
        version=version,
        start=0,
        end=5,
        code=framework_code("dimension", "process_trust"),
        coder=user,
        assessment="strong",
        factor_role="enabling",
    )
    return user, source


def pages(source):
    trust = framework_code("dimension", "process_trust")
    partnership = Partnership.objects.get(key="zeist-berkane")
    project = partnership.projects.first()
    actor = partnership.actors.first()
    exchange = partnership.exchanges.first()
    return [
        "/",
        "/framework/",
        "/partnerships/",
        "/partnerships/new/",
        "/partnerships/zeist-berkane/",
        "/partnerships/zeist-berkane/edit/",
        "/municipalities/",
        "/municipalities/new/",
        "/municipalities/zeist/edit/",
        "/programmes/",
        "/programmes/new/",
        "/programmes/matra/edit/",
        *(
            f"/partnerships/zeist-berkane/{kind}/new/"
            for kind in ("actors", "objectives", "projects", "exchanges", "learning", "resources")
        ),
        f"/partnerships/zeist-berkane/projects/{project.key}/edit/",
        f"/partnerships/zeist-berkane/actors/{actor.key}/edit/",
        f"/partnerships/zeist-berkane/exchanges/{exchange.key}/edit/",
        f"/partnerships/zeist-berkane/actors/{actor.key}/delete/",
        "/sources/",
        "/sources/new/",
        f"/sources/{source.key}/",
        f"/sources/{source.key}/edit/",
        f"/sources/{source.key}/text/",
        "/codes/",
        "/codes/new/",
        f"/codes/{trust.pk}/edit/",
        f"/codes/{trust.pk}/passages/",
        "/passages/",
        "/matrix/",
        "/matrix/?by=side",
        "/matrix/?by=project_type",
        "/search/?q=trust",
        "/framework-matrix/",
        "/framework-matrix/?rows=sides",
        f"/framework-matrix/zeist-berkane/{trust.pk}/",
        f"/framework-matrix/zeist-berkane/berkane/{trust.pk}/",
        "/respondents/",
        "/respondents/new/",
    ]


def test_every_page_renders(client, coded_source):
    """Renders 42 pages one after another; the set-up may take the case-study rows for the process
    (about 3 s)."""
    user, source = coded_source
    client.force_login(user)
    for url in pages(source):
        response = client.get(url)
        assert response.status_code == 200, url
