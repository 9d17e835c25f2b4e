"""Debian's Chromium with nothing attached but a pipe: pages opened as a person's browser opens them.

Playwright, which the rest of the browser bench uses, follows every request, frame and console
message of a page through the DevTools protocol; on this 2-core machine that added 25-40 ms to the
first paint of the same page in the same window (bench/RESULTS.md, "The first paint, and timing
without a driver"). Here Chromium is started with ``--remote-debugging-pipe`` and only the Page domain is
switched on, to navigate and to hear that a page has loaded; the timings are then read from the page's
own Navigation and Paint Timing, as in bench/workbench.py. Keys are pressed as the browser's own input
(``Input.dispatchKeyEvent``, which needs no domain switched on), and the harness waits for what the page
says it has done with one question whose answer comes when it is done, not by asking again and again.

The protocol is JSON messages ending with a NUL byte, written to Chromium's file descriptor 3 and
read from its descriptor 4; it needs nothing beyond the standard library.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from typing import Any

from _common import CHROMIUM

#: Keys that are not characters: their ``code``, Windows key number and the text they type.
KEYS = {
    "ArrowRight": ("ArrowRight", 39, ""),
    "ArrowLeft": ("ArrowLeft", 37, ""),
    "Enter": ("Enter", 13, "\r"),
    "/": ("Slash", 191, "/"),
}


def _character_code(key: str) -> str:
    return f"Digit{key}" if key.isdigit() else f"Key{key.upper()}"


class PlainChromium:
    """One headless Chromium with one page, the window of a laptop's screen (1366 × 768)."""

    def __init__(self) -> None:
        to_chromium, from_us = os.pipe()
        to_us, from_chromium = os.pipe()
        self.profile = tempfile.mkdtemp(prefix="mutuality-bench-chromium-")

        def as_descriptors_3_and_4() -> None:  # in the child, before Chromium starts
            reading, writing = os.dup(to_chromium), os.dup(from_chromium)
            os.dup2(reading, 3)
            os.dup2(writing, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(  # noqa: S603 - a fixed program and arguments
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--remote-debugging-pipe",
                f"--user-data-dir={self.profile}",
                "--window-size=1366,768",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "about:blank",
            ],
            preexec_fn=as_descriptors_3_and_4,  # noqa: PLW1509 - no threads started by then
            close_fds=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chromium)
        os.close(from_chromium)
        self.writing, self.reading = from_us, to_us
        self.received = b""
        self.last_id = 0
        self.events: list[dict[str, Any]] = []
        target = next(t for t in self.call("Target.getTargets")["targetInfos"] if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})[
            "sessionId"
        ]
        self.call("Page.enable", session=True)

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self.received:
            chunk = os.read(self.reading, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed its DevTools pipe")
            self.received += chunk
        message, self.received = self.received.split(b"\0", 1)
        return json.loads(message)  # type: ignore[no-any-return]

    def call(self, method: str, params: dict[str, Any] | None = None, *, session: bool = False) -> Any:
        """Sends one command and returns its result (events that come meanwhile are kept)."""
        self.last_id += 1
        message: dict[str, Any] = {"id": self.last_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self.writing, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._message()
            if answer.get("id") == self.last_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result")
            self.events.append(answer)

    def set_cookie(self, name: str, value: str, domain: str) -> None:
        self.call(
            "Network.setCookie", {"name": name, "value": value, "domain": domain, "path": "/"}, session=True
        )

    def open(self, url: str, settle: float = 0.3) -> None:
        """Navigates to ``url`` and waits for its ``load``, then ``settle`` seconds for what it asks
        for after (the workbench's rest of the list, counts and suggestions), so one visit's work never
        runs into the next one's."""
        self.events.clear()
        self.call("Page.navigate", {"url": url}, session=True)
        while not any(event.get("method") == "Page.loadEventFired" for event in self.events):
            self.events.append(self._message())
        time.sleep(settle)

    def evaluate(self, expression: str, *, wait: bool = False) -> Any:
        """The value of a JavaScript expression in the page (returned by value: JSON-able); with
        ``wait``, the value a promise it gives resolves to, once it does."""
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": wait},
            session=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}…: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def before_each_page(self, script: str) -> None:
        """Runs ``script`` in every page opened from now on, before the page's own scripts."""
        self.call("Page.addScriptToEvaluateOnNewDocument", {"source": script}, session=True)

    def press(self, key: str, *, shift: bool = False) -> None:
        """One key pressed and let go, as the keyboard sends it: a character (``"1"``, ``"/"``,
        ``"t"``) or one of :data:`KEYS`. Chromium answers once the page has handled the key."""
        code, number, text = KEYS.get(key) or (_character_code(key), ord(key.upper()), key)
        down: dict[str, Any] = {
            "type": "keyDown" if text else "rawKeyDown",
            "key": key,
            "code": code,
            "windowsVirtualKeyCode": number,
            "modifiers": 8 if shift else 0,
        }
        if text:
            down["text"] = text
        self.call("Input.dispatchKeyEvent", down, session=True)
        self.call("Input.dispatchKeyEvent", {**down, "type": "keyUp", "text": ""}, session=True)

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError):
            self.process.kill()
        self.process.wait(30)
        os.close(self.writing)
        os.close(self.reading)
        shutil.rmtree(self.profile, ignore_errors=True)
