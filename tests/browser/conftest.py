"""A real headless Chromium (Debian's), driven by Playwright, against Django's live server."""

from __future__ import annotations

import os
import select
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

from tests.conftest import CHROMIUM

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "a-long-browser-test-password"

# Playwright's sync API keeps an event loop in the test thread; the ORM calls
# made by fixtures in that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class SerialWSGIServer(WSGIServer):
    """Django's live server, answering one request at a time.

    The tests' SQLite database is in memory, shared between threads, where two requests writing at
    once fail at once ("database table is locked"), with no waiting as a database file has; a page
    that asks for two fragments as it opens (the workbench's counts, the assistant's suggestions)
    would fail now and then. The live server's thread has the tests' connection already.
    """

    def __init__(self, *args: object, connections_override: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.answering = threading.Lock()

    def _handle_request_noblock(self) -> None:
        # From accepting the connection to closing it, so that a connection is always either
        # waiting on the socket or being answered.
        with self.answering:
            super()._handle_request_noblock()  # type: ignore[misc]

    def wait_until_quiet(self, timeout: float = 30.0) -> None:
        """Wait until no request is being answered and none waits to be accepted.

        A test ends as soon as what it checks is on the page, while the page may still have a
        fragment on its way (the workbench's counts after a coding). Closing the browser does not
        stop the server answering it, and the database's flush between tests then meets that
        request: on PostgreSQL a deadlock (TRUNCATE against the request's reads), on SQLite a
        locked table. So the page's fixture waits here, after closing the browser's context.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.answering.acquire(timeout=max(deadline - time.monotonic(), 0.0)):
                break
            self.answering.release()
            waiting, _, _ = select.select([self.socket], [], [], 0.2)
            if not waiting and not self.answering.locked():
                return
            time.sleep(0.05)
        raise TimeoutError("the live server was still answering a request after the test")


LiveServerThread.server_class = SerialWSGIServer  # type: ignore[assignment]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()
    if "live_server" in request.fixturenames:
        server = request.getfixturevalue("live_server").thread.httpd
        if isinstance(server, SerialWSGIServer):
            server.wait_until_quiet()


@pytest.fixture
def officer(db: None) -> object:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("officer", password=PASSWORD)


@pytest.fixture
def logged_in_page(page: object, live_server: object, officer: object) -> object:
    page.goto(f"{live_server.url}/accounts/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", "officer")  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.click("form.record-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{live_server.url}/")  # type: ignore[attr-defined]
    return page


def screenshot(page: object, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path
