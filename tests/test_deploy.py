"""A shared server: HTTPS settings pass Django's deployment checks, every response carries the
security headers, templates keep to the Content-Security-Policy, and `serve --workers` runs gunicorn."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.test import Client, override_settings

import mutuality
from mutuality.serving import CONTENT_SECURITY_POLICY, INLINE_HANDLERS

PACKAGE = Path(mutuality.__file__).parent
HTTPS_ENV = {
    "MUTUALITY_HTTPS": "1",
    "MUTUALITY_DEBUG": "false",
    "MUTUALITY_SECRET_KEY": "k2J9-xq7V_4pLr8zT1wYcN6bH3sMfD5gA0eU_iO9jQ2vX7nR4tZ8yB1mK6hG3dS5aFw",
    "MUTUALITY_ALLOWED_HOSTS": "mutuality.example.org",
}


def run_python(code: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Python in a fresh process, so settings are read from these environment variables."""
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests in this process, never on a server.
    dropped = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MUTUALITY_") and k not in dropped}
    environment.update(MUTUALITY_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="mutuality.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=120
    )


def test_the_https_settings_pass_the_deployment_checks(tmp_path):
    """A new process runs Django's deployment checks, drf-spectacular's generating the whole API
    description among them (about 2 s)."""
    done = run_python(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        tmp_path,
        **HTTPS_ENV,
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_the_app_hashes_passwords_with_a_slow_hasher_whatever_the_tests_use(tmp_path):
    """The tests swap in a fast hasher (tests/conftest.py); the app itself keeps Django's PBKDF2."""
    done = run_python(
        "import django; django.setup(); from django.contrib.auth.hashers import get_hasher, make_password; "
        "print(get_hasher().algorithm, make_password('a-long-test-password').split('$')[1])",
        tmp_path,
        **HTTPS_ENV,
    )
    assert done.returncode == 0, done.stderr
    algorithm, iterations = done.stdout.split()
    assert algorithm == "pbkdf2_sha256" and int(iterations) >= 1_000_000


def test_without_https_the_deployment_checks_say_what_is_missing(tmp_path):
    """A new process runs the deployment checks, API description included (about 2 s)."""
    done = run_python(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        tmp_path,
        **{**HTTPS_ENV, "MUTUALITY_HTTPS": "0"},
    )
    assert done.returncode != 0
    assert "security.W012" in done.stderr  # SESSION_COOKIE_SECURE


def test_https_turns_on_secure_cookies_the_proxy_header_redirects_and_hsts(tmp_path):
    done = run_python(
        "import django, json; django.setup(); from django.conf import settings as s; "
        "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, c.fetchone()[0]]))",
        tmp_path,
        **HTTPS_ENV,
        MUTUALITY_HSTS_SECONDS="600",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        True,
        True,
        ["HTTP_X_FORWARDED_PROTO", "https"],
        True,
        600,
        True,
        "wal",
    ]


def test_a_mistyped_number_stops_the_app(tmp_path):
    done = run_python("import django; django.setup()", tmp_path, MUTUALITY_HSTS_SECONDS="a year")
    assert done.returncode != 0
    assert "MUTUALITY_HSTS_SECONDS must be a whole number" in done.stderr


def test_every_response_carries_the_security_headers(db):
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"].startswith("'self' 'unsafe-hashes' 'sha256-")
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["frame-ancestors"] == "'none'"
    assert "http" not in response["Content-Security-Policy"]  # no other site, no CDN


def test_every_client_is_served_the_assets_listed_once_for_the_process(db):
    from django.contrib.staticfiles import finders

    from mutuality.serving import StaticFilesMiddleware

    first, second = StaticFilesMiddleware(lambda request: None), StaticFilesMiddleware(lambda request: None)
    assert first.files == second.files
    assert all(first.files[url] is second.files[url] for url in first.files)  # listed once
    listed_by_finders = {path for _finder in finders.get_finders() for path, _storage in _finder.list(None)}
    assert {url.removeprefix("/static/") for url in first.files} >= listed_by_finders
    for client in (Client(), Client()):
        response = client.get("/static/mutuality/mutuality.css")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/css")
        assert (
            b"".join(response.streaming_content)
            == (PACKAGE / "web/static/mutuality/mutuality.css").read_bytes()
        )
        assert response["Cache-Control"] == "max-age=60, public"
    assert Client().get("/static/mutuality/no-such-file.css").status_code == 404


@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_behind_the_https_proxy_http_is_redirected_and_cookies_are_secure(db):
    assert Client().get("/accounts/login/")["Location"] == "https://testserver/accounts/login/"
    response = Client().get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.cookies["csrftoken"]["secure"] is True


def templates() -> list[Path]:
    return sorted(PACKAGE.rglob("templates/**/*.html"))


def test_templates_have_no_inline_scripts_and_only_the_allowed_handlers():
    handlers = set()
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text, re.I):
            assert "src=" in tag, f"{path.name}: inline <script> is blocked by the Content-Security-Policy"
        assert "javascript:" not in text.lower(), path.name
        handlers |= set(re.findall(r"\son[a-z]+=\"([^\"]*)\"", text))
        assert not re.search(r"\s(src|href)=\"(https?:)?//", text), f"{path.name} loads from another site"
    # Reports that are downloaded as HTML files are not served under the policy; pages are.
    assert handlers <= set(INLINE_HANDLERS), handlers - set(INLINE_HANDLERS)


def test_the_policy_hashes_are_the_hashes_of_the_allowed_handlers():
    import base64
    import hashlib

    for handler in INLINE_HANDLERS:
        digest = base64.b64encode(hashlib.sha256(handler.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in CONTENT_SECURITY_POLICY


# --- gunicorn ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def wait_for(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.mark.skipif(
    not Path("/proc/self/task").exists(), reason="counts worker processes through /proc (Linux)"
)
def test_serve_with_workers_runs_gunicorn_with_that_many_processes(tmp_path):
    """Starts `mutuality serve` with three gunicorn workers in an empty data folder, which it migrates
    first (about 4 s)."""
    port = free_port()
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests in this process, never on a server.
    dropped = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MUTUALITY_") and k not in dropped}
    environment["MUTUALITY_DATA_DIR"] = str(tmp_path)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mutuality.cli",
            "serve",
            "--workers",
            "3",
            "--threads",
            "2",
            "--port",
            str(port),
        ],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/accounts/login/")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as page:
            assert "default-src 'self'" in page.headers["Content-Security-Policy"]
            stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.read().decode()).group(1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet}") as static:  # WhiteNoise
            assert static.status == 200 and static.headers["Content-Type"].startswith("text/css")
        started = {
            pid: Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") for pid in children(server.pid)
        }
        task_workers = [pid for pid, command in started.items() if b"worker" in command]
        assert len(started) - len(task_workers) == 3 and len(task_workers) == 1  # and the task worker
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=60)[0]
    assert f"http://127.0.0.1:{port}/" in output
    assert "gunicorn: 3 workers, 2 threads each" in output
    assert "Traceback" not in output


def test_a_transaction_that_reads_then_writes_waits_for_another_writer_on_sqlite(tmp_path):
    """A worker's transaction reads, a page writes meanwhile (its session), then the worker writes:
    both writes land, the later one waited (two threads, two connections to the one file)."""
    done = run_python(
        "import django, threading, time; django.setup()\n"
        "from django.db import connection, transaction\n"
        "connection.cursor().execute('create table t (n integer)'); connection.close()\n"
        "read, outcome = threading.Event(), []\n"
        "def worker():\n"
        "    try:\n"
        "        with transaction.atomic():\n"
        "            connection.cursor().execute('select count(*) from t'); read.set(); time.sleep(0.5)\n"
        "            connection.cursor().execute('insert into t values (1)')\n"
        "        outcome.append('worker wrote')\n"
        "    except Exception as error:\n"
        "        outcome.append(str(error))\n"
        "    finally:\n"
        "        read.set(); connection.close()\n"
        "thread = threading.Thread(target=worker); thread.start(); read.wait()\n"
        "with transaction.atomic():\n"
        "    connection.cursor().execute('insert into t values (2)')\n"
        "thread.join(); c = connection.cursor(); c.execute('select n from t order by rowid')\n"
        "print(outcome[0], [n for (n,) in c.fetchall()])",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "worker wrote [1, 2]"
