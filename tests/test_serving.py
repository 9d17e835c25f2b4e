"""What a server process loads to serve the coding workbench's pages, and the template engines that
leave Django REST framework's tag library out (mutuality.serving).

Memory is part of the workbench's goals (issue 18): a process that only serves pages should not
hold the JSON API's libraries, the learning behind the assistant, nor the libraries of files it
is not reading or writing. Each of these is loaded when it is first needed, and the tests below
check it in a fresh process, as a server starts.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.template import TemplateSyntaxError, engines
from django.template.backends.django import get_installed_libraries

from mutuality.serving import FormRenderer, PageTemplates
from tests.commandline import python_in
from tests.reports.served import serving

#: Libraries no page of the workbench needs: the API's (DRF, drf-spectacular and what they import:
#: Requests, PyYAML's emitter aside, Pygments, and psycopg through django.contrib.postgres), the
#: assistant's learning, and those of spreadsheets, data frames and graphs.
NOT_FOR_PAGES = (
    "rest_framework.compat",
    "rest_framework.serializers",
    "drf_spectacular.openapi",
    "requests",
    "pygments",
    "psycopg",
    "numpy",
    "scipy",
    "sklearn",
    "pandas",
    "openpyxl",
    "networkx",
)

#: What only other pages need, loaded with their page (mutuality.web.lazy, imports inside the
#: functions that use them): lxml (REFI-QDA projects, .docx files), PyYAML (questionnaires), the
#: report's builders, figures and map (the report pages, the partnership page, the atlas), and the
#: view modules of those pages.
OTHER_PAGES = (
    "lxml.etree",
    "yaml",
    "mutuality.reports.render",
    "mutuality.reports.tasks",
    "mutuality.reports.labels",
    "mutuality.reports.atlas",
    "mutuality.formats.instruments",
    "mutuality.formats.refi_qda",
    "mutuality.formats.spreadsheets",
    "mutuality.web.glance",
    "mutuality.web.refi_qda.views",
    "mutuality.web.selfassessment.views",
    "mutuality.web.selfassessment.views_instruments",
    "mutuality.web.views_spreadsheets",
    "mutuality.web.history.views",
    "mutuality.web.atlas.views",
)

SERVE_PAGES = """
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "mutuality.settings"
import django
django.setup()
from mutuality.wsgi import application  # as a server loads the app
from django.contrib.auth import get_user_model
from django.test import Client
from mutuality.assistant import scopes
from mutuality.evidence.models import Source
from mutuality.partnerships.models import Partnership

# The bench corpus is too large to train a first model in a request: the panel says it is learning.
scopes.ON_DEMAND_LIMIT = 0
heavy = json.loads(sys.argv[1])

def loaded():
    return sorted(name for name in heavy if name in sys.modules)

client = Client(HTTP_HOST="127.0.0.1")
statuses = [client.get("/accounts/login/").status_code]
client.force_login(get_user_model().objects.create_superuser("reader", "reader@example.org", None))
source = next(s for s in Source.objects.all() if s.current and s.current.codings.exists())
code = source.current.codings.first().code
for url in ("/", "/sources/", f"/sources/{source.key}/", f"/codes/{code.pk}/passages/", "/codes/"):
    statuses.append(client.get(url).status_code)
panel = client.get(f"/sources/{source.key}/suggestions/", headers={"HX-Request": "true"})
statuses.append(panel.status_code)
pages = loaded()
from django.utils.translation import trans_real
languages = sorted(trans_real._translations)
api = client.get("/api/v1/partnerships/")
after_api = loaded()
partnership = client.get(f"/partnerships/{Partnership.objects.first().key}/")
print(json.dumps({"statuses": statuses, "learning": b"suggestions-learning" in panel.content,
                  "pages": pages, "languages": languages, "api": api.status_code, "after_api": after_api,
                  "partnership": partnership.status_code, "after_partnership": loaded()}))
"""


@pytest.fixture(scope="module")
def served(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A fresh process (the case studies in SQLite) that served the workbench's pages, then the API."""
    folder = tmp_path_factory.mktemp("served") / "data"
    shutil.copytree(demo_folder, folder)
    printed = python_in(folder, SERVE_PAGES, json.dumps(NOT_FOR_PAGES + OTHER_PAGES))
    result: dict[str, Any] = json.loads(printed.strip().splitlines()[-1])
    return result


def test_a_process_serving_the_workbench_pages_loads_neither_the_api_nor_the_learning(served):
    """A new process: Django set up, pages served, then one API request and a partnership's page
    (about 5 s)."""
    assert served["statuses"] == [200] * 7
    assert served["learning"] is True
    assert not set(served["pages"]) & set(NOT_FOR_PAGES)


def test_nor_what_only_other_pages_need(served):
    assert not set(served["pages"]) & set(OTHER_PAGES)


def test_nor_the_catalogues_of_languages_its_reader_does_not_read(served):
    """The code search's names in every language are read from the catalogues in place
    (mutuality.catalogues): Django keeps each language's whole catalogue once asked for it."""
    assert served["languages"] == ["en"]


def test_another_page_loads_what_it_needs_when_it_is_first_asked(served):
    """The partnership page, with its figures at a glance and the atlas block: the report's labels
    and figures are loaded with it (so the lists above name modules that are there to load)."""
    assert served["partnership"] == 200
    assert {"mutuality.web.glance", "mutuality.reports.labels", "mutuality.reports.atlas"} <= set(
        served["after_partnership"]
    )


def test_the_api_loads_what_it_needs_when_it_is_first_asked(served):
    assert served["api"] == 200
    assert {"rest_framework.serializers", "drf_spectacular.openapi"} <= set(served["after_api"])


def test_the_page_templates_offer_every_tag_library_but_drfs():
    offered = engines["django"].engine.template_libraries
    installed = get_installed_libraries()
    assert "rest_framework" in installed
    assert set(offered) == set(installed) - {"rest_framework"}
    assert isinstance(engines["django"], PageTemplates)


def test_a_template_loading_drfs_library_fails_as_with_any_unknown_library():
    with pytest.raises(TemplateSyntaxError, match="rest_framework"):
        engines["django"].from_string("{% load rest_framework %}")


def test_forms_render_with_the_same_libraries():
    engine = FormRenderer().engine
    assert isinstance(engine, PageTemplates)
    assert "rest_framework" not in engine.engine.template_libraries
    assert "i18n" in engine.engine.template_libraries


COUNT_ARENAS = """
import ctypes, ctypes.util, sys, threading
from mutuality.serving import fewer_malloc_arenas

if sys.argv[1] == "fewer":
    assert fewer_malloc_arenas(1)
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.malloc.restype = ctypes.c_void_p
libc.fopen.restype = ctypes.c_void_p
go = threading.Barrier(4)

def allocate():
    go.wait()  # all at once, as a server's threads answer requests together
    for _ in range(200):
        libc.malloc(16_384)

threads = [threading.Thread(target=allocate) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
report = libc.fopen(sys.argv[2].encode(), b"w")
libc.malloc_info(0, ctypes.c_void_p(report))
libc.fclose(ctypes.c_void_p(report))
print(open(sys.argv[2]).read().count("<heap nr="))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_threads_share_the_malloc_arenas_the_server_allows(tmp_path):
    def arenas(how: str) -> int:
        done = subprocess.run(
            [sys.executable, "-c", COUNT_ARENAS, how, str(tmp_path / f"{how}.xml")],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return int(done.stdout)

    assert arenas("fewer") == 1
    assert arenas("as-is") > 1


PAGE_CACHE = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "mutuality.settings"
import django
django.setup()
from django.db import connection
from mutuality import serving
if sys.argv[1] == "served":
    serving.smaller_page_cache()
with connection.cursor() as cursor:
    print(cursor.execute("PRAGMA cache_size").fetchone()[0])
"""


def test_a_server_gives_each_sqlite_connection_a_smaller_page_cache(tmp_path):
    """As ``mutuality serve`` sets it up (Waitress and gunicorn alike), each connection it opens
    keeps 512 KiB of pages; a command (a load, an import, the task worker) keeps SQLite's 2,000."""

    def cache_size(how: str) -> int:
        return int(python_in(tmp_path, PAGE_CACHE, how))

    assert cache_size("served") == -512
    assert cache_size("command") == -2000


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process's memory map in /proc")
def test_serve_answers_from_a_fresh_interpreter_with_its_worker(demo_data_folder):
    """`serve --demo` (about 5 s to start): once the database is checked, the same process serves in
    a fresh interpreter (os.execv), without what the command line loaded to read its options
    (pydantic, through Typer), and with the task worker it started still its child (tests/reports/
    test_worker.py stops them both, by SIGTERM and by Ctrl+C)."""
    with serving(demo_data_folder) as served:
        command = Path(f"/proc/{served.process.pid}/cmdline").read_bytes().split(b"\0")
        mapped = Path(f"/proc/{served.process.pid}/maps").read_text()
        assert command[2:4] == [b"-m", b"mutuality.serving"] and b"serve" not in command
        assert "pydantic_core" not in mapped
        assert len(served.children()) == 1
