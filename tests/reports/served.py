"""`mutuality serve` run as a user runs it, in a data folder of its own, for tests of the whole app:
the server, the task worker it starts, and what a browser or a client asks of them."""

from __future__ import annotations

import http.cookiejar
import re
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.commandline import COMMAND, command_env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    url: str
    folder: Path
    process: subprocess.Popen[str]

    @property
    def password(self) -> str:
        return (self.folder / "demo-login.txt").read_text(encoding="utf-8").strip()

    def children(self) -> list[int]:
        """The processes the server started (the task worker), from /proc."""
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", text, flags=re.M):
                found.append(int(status.parent.name))
        return found


@contextmanager
def serving(folder: Path, *args: str) -> Iterator[Served]:
    """``mutuality serve --demo ARGS`` on ``folder`` at a free port, until it answers; stopped after
    (SIGTERM, as a service manager stops it), ended for good if it does not stop."""
    port = free_port()
    log = (folder / "serve.log").open("w")
    process = subprocess.Popen(
        [*COMMAND, "serve", "--demo", "--port", str(port), *args],
        env=command_env(folder),
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        # Ctrl+C as in a terminal, even when the tests run in the background (a shell starts a
        # background job with SIGINT ignored, which its children inherit, and Python then never
        # turns SIGINT into KeyboardInterrupt).
        preexec_fn=_interruptible,
    )
    served = Served(f"http://127.0.0.1:{port}", folder, process)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, (folder / "serve.log").read_text()
            try:
                urllib.request.urlopen(served.url + "/", timeout=2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer in two minutes"
                time.sleep(0.2)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


class Client:
    """A browser's requests without a browser: cookies, the CSRF token, the demo login."""

    def __init__(self, served: Served) -> None:
        self.base = served.url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.post(
            "/accounts/login/",
            {"username": "demo", "password": served.password},
            token_from="/accounts/login/",
        )

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.status, dict(response.headers), response.read()

    def post(self, path: str, data: dict[str, str], *, token_from: str) -> str:
        """POST ``data`` with the CSRF token of the page ``token_from``; the address it ended at."""
        page = self.get(token_from)[2].decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None, page[:500]
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token.group(1)}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=60) as response:
            return response.geturl().removeprefix(self.base)


def gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (a zombie not yet reaped counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


def wait_until_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not gone(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
