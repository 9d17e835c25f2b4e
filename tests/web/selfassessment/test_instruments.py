"""Questionnaires on the web: listed with what they ask, and loaded from a file by an administrator
all-or-nothing, every problem named with its line."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mutuality.selfassessment.models import Instrument
from tests.web.selfassessment.conftest import setting  # noqa: F401
from tests.web.selfassessment.test_views import member, viewer  # noqa: F401

GOOD = """\
instrument:
  key: health-check
  names: {en: Partnership health check, nl: Gezondheidscheck}
  scale:
    points: 3
    labels: {en: [red, amber, green], nl: [rood, oranje, groen]}
  items:
    - key: trust-grows
      scale: dimension/process_trust
      section: ch. 8.3.4
      texts: {en: "Trust grows from visit to visit <b>.", nl: Het vertrouwen groeit.}
"""


def admin_client() -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.create_superuser("admin-sa", password="a-long-test-password"))
    return client


def upload(client: Client, text: str, name: str = "health-check.yaml"):
    return client.post(reverse("assessment-instruments"), {"file": SimpleUploadedFile(name, text.encode())})


def test_an_administrator_loads_a_questionnaire_and_everyone_reads_what_it_asks(setting, viewer):  # noqa: F811
    admin = admin_client()
    assert upload(admin, GOOD).status_code == 302
    found = Instrument.objects.get(key="health-check")
    assert (found.items.count(), found.languages) == (1, ["en", "nl"])
    listed = viewer.get(reverse("assessment-instruments")).content.decode()
    assert "Partnership health check" in listed and "multipart/form-data" not in listed  # no loading
    page = viewer.get(reverse("assessment-instrument", args=["health-check"])).content.decode()
    assert "Trust grows from visit to visit &lt;b&gt;." in page and "ch. 8.3.4" in page
    assert "Process-based trust" in page  # the scale named by the framework
    assert viewer.post(reverse("assessment-instruments"), {}).status_code == 403


def test_a_bad_file_is_refused_with_its_line_and_nothing_is_loaded(setting):  # noqa: F811
    admin = admin_client()
    bad = GOOD.replace("dimension/process_trust", "dimension/no_such_term")
    answer = upload(admin, bad)
    assert answer.status_code == 400
    problems = re.search(r'data-testid="problems">(.*?)</div>', answer.content.decode(), re.S).group(1)
    assert "health-check.yaml" in problems and "line 9" in problems and "no_such_term" in problems
    assert not Instrument.objects.filter(key="health-check").exists()
    assert upload(admin, "instrument: [not, a, mapping]").status_code == 400
    assert upload(admin, GOOD, name="health-check.exe").status_code == 400
    assert upload(admin, "a: &a [*a]\n").status_code == 400  # aliases are refused, as in data files
    assert not Instrument.objects.filter(key="health-check").exists()
