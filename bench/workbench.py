"""The coding workbench as a coder meets it, timed in a real Chromium on the standard bench corpus.

    . .venv/bin/activate
    python3 /work/shared/bench/make_corpus.py --out /tmp/corpus-large.json   # 1,000 docs
    MUTUALITY_DATA_DIR=/tmp/mutuality-bench-large python bench/load_corpus.py /tmp/corpus-large.json
    MUTUALITY_DATA_DIR=/tmp/mutuality-bench-large python bench/workbench.py --codings 60 --json /tmp/wb.json

It starts ``mutuality serve --no-worker`` (Waitress, as on a laptop) on the data folder, logs in as
``coder_a`` in Debian's Chromium (Playwright, ``/usr/bin/chromium``) and measures, each ``--repeat``
times after one cold visit:

* **source open**: a source of about 5,000 words with its codings, from the navigation's start to
  the first byte of the answer (the server's part), to ``DOMContentLoaded`` (the text, its marks and
  the code tree are in the page), to ``load``, to the browser's first paint of the page
  (``first-contentful-paint``: the text, the tree and the list near the screen drawn), and to the
  page's own marks once the stripes are placed and the list is complete — read from Navigation
  Timing, Paint Timing and ``performance.mark``;
* **coding**: ``--codings`` passages coded with the keyboard (→ to the next word, Shift+→ to add one,
  the number 1 for the code used last), each from the key press to the frame after the changed parts
  are in the page (``window.mutualityTimings``, written by coding.js) — the coding drawn;
* **sources list** (``/sources/``, first page of 50), **a code's passages** (the first page of
  ``dimension/trust``), **the codebook with counts** (``/codes/``): navigation to ``DOMContentLoaded``
  (and, for the passages, to the first byte of the answer);
* the server's **peak memory** (``VmHWM`` of its process) over the whole run.

The four pages and the coding are timed first in a Chromium no driver follows (bench/devtools.py: the
pages opened, the keys pressed as the browser's own input, the coding drawn told by a promise the page
resolves): the "no driver" rows. The codings made there are removed before Playwright codes the same
words.

The codings it adds are removed again at the end (the same rows, by id), so the corpus stays as it
was. The figures print as a table and, with ``--json``, are written with the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import laptop_page, machine, setup_django  # noqa: E402

PASSWORD = "a-long-bench-password-for-coder-a"
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare() -> dict[str, Any]:
    """coder_a's password, the source nearest 5,000 words, the code whose passages are timed."""
    setup_django()
    from django.contrib.auth import get_user_model

    from mutuality.evidence.models import Code, Coding, Source

    user = get_user_model().objects.get(username="coder_a")
    user.set_password(PASSWORD)
    user.save()
    best, words = nearest_source()
    trust = Code.objects.get(name="trust", parent__name="dimension")
    return {
        "source": best.key,
        "words": words,
        "codings_on_source": Coding.objects.filter(version=best.current).count(),
        "codings": Coding.objects.count(),
        "sources": Source.objects.count(),
        "trust": trust.pk,
        "newest_coding": Coding.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    }


def nearest_source() -> tuple[Any, int]:
    """The source whose text is nearest 5,000 words, and its number of words."""
    from mutuality.evidence.models import Source

    best, words = None, 0
    for source in Source.objects.all():
        count = len(source.current.text.split()) if source.current else 0
        if best is None or abs(count - 5000) < abs(words - 5000):
            best, words = source, count
    if best is None:
        raise SystemExit("bench: no source in this database; load the corpus first (bench/load_corpus.py)")
    return best, words


def remove_added(newest: int) -> int:
    from mutuality.evidence.models import Coding

    return Coding.objects.filter(pk__gt=newest).delete()[0]


def peak_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "min": ordered[0],
        "max": ordered[-1],
    }


NAVIGATION = """() => { const n = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const placed = performance.getEntriesByName("mutuality-stripes-placed")[0];
  const listed = performance.getEntriesByName("mutuality-list-complete")[0];
  return {ttfb: n.responseStart - n.startTime, dom: n.domContentLoadedEventEnd - n.startTime,
          load: n.loadEventEnd - n.startTime, paint: paint ? paint.startTime : null,
          stripes: placed ? placed.startTime : null, list: listed ? listed.startTime : null}; }"""


# Told by the page, not asked of it: the harness hears of each mark and each coding drawn from the
# page's console (Chromium sends it without being asked), where polling through Playwright's driver
# every few milliseconds took enough of the 2 cores from the server to add 6 ms to a coding's answer.
# Given to every page before its own scripts (an init script, which the page's Content-Security-
# Policy does not forbid): coding.js keeps the array it finds in window.mutualityTimings.
ANNOUNCE = """(() => {
  const timings = [];
  timings.push = function (...values) {
    const length = Array.prototype.push.apply(this, values);
    console.debug("mutuality-coding-drawn " + length);
    return length;
  };
  window.mutualityTimings = timings;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) { console.debug("mutuality-mark " + entry.name); }
  }).observe({ type: "mark" });
})();"""
WAIT_MS = 60_000


def told(page: Any, message: str) -> Any:
    """Waits, on leaving the ``with``, until the page has said ``message`` in its console."""
    return page.expect_console_message(lambda said: said.text == message, timeout=WAIT_MS)


def visit(page: Any, url: str, repeat: int, marks: tuple[str, ...] = ()) -> dict[str, Any]:
    """Navigation timings of ``url``, waiting each time for the page's own ``marks`` too (the
    workbench marks when its stripes are placed and its list is complete, after ``load``)."""
    page.goto(url, wait_until="load")  # cold
    timings = []
    for _ in range(repeat):
        with ExitStack() as waits:
            for mark in marks:
                waits.enter_context(told(page, f"mutuality-mark {mark}"))
            page.goto(url, wait_until="load")
        timings.append(page.evaluate(NAVIGATION))
    return summaries(timings, ("ttfb", "dom", "load", "paint", "stripes", "list"))


def summaries(timings: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[str, Any]:
    """Each of ``keys`` summed up over the visits. A visit the browser made no mark for (a first
    paint not recorded, under load) is left out of that mark's summary; its n says how many visits
    it has; a mark made on no visit has none."""
    found = {key: [timing[key] for timing in timings if timing[key] is not None] for key in keys}
    return {key: summary(values) for key, values in found.items() if values}


# For the driverless Chromium: each coding drawn resolves the promises waiting for that many.
AWAITED = """(() => {
  const timings = [], waiting = [];
  timings.push = function (...values) {
    const length = Array.prototype.push.apply(this, values);
    waiting.splice(0).forEach((check) => check());
    return length;
  };
  timings.reached = (count) => new Promise((resolve) => {
    const check = () => (timings.length >= count ? resolve(timings.length) : waiting.push(check));
    check();
  });
  window.mutualityTimings = timings;
})();"""


def plain_visits(base: str, facts: dict[str, Any], repeat: int, codings: int) -> dict[str, Any]:
    """The pages timed again in a Chromium no driver follows (bench/devtools.py), signed in as
    ``coder_a`` by a session made here: each page once cold, then ``repeat`` times, in turn; then
    ``codings`` passages coded by its keyboard, as :func:`code_passages` codes them."""
    from devtools import PlainChromium
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    signed_in = Client()
    signed_in.force_login(get_user_model().objects.get(username="coder_a"))
    pages = {
        "source_open": f"{base}/sources/{facts['source']}/",
        "passages_first_page": f"{base}/codes/{facts['trust']}/passages/",
        "sources_list": f"{base}/sources/",
        "codebook": f"{base}/codes/",
    }
    chromium = PlainChromium()
    try:
        chromium.set_cookie(
            settings.SESSION_COOKIE_NAME, signed_in.cookies[settings.SESSION_COOKIE_NAME].value, "127.0.0.1"
        )
        chromium.before_each_page(AWAITED)
        timings: dict[str, list[dict[str, Any]]] = {name: [] for name in pages}
        for visit_number in range(repeat + 1):
            for name, url in pages.items():
                chromium.open(url)
                if visit_number:  # the first is cold
                    timings[name].append(chromium.evaluate(f"({NAVIGATION})()"))
        chromium.open(pages["source_open"])
        drawn = plain_coding(chromium, codings)
    finally:
        chromium.close()
    found = {name: summaries(visits, ("ttfb", "dom", "load", "paint")) for name, visits in timings.items()}
    return {**found, "coding_drawn": summary(drawn)}


def plain_coding(chromium: Any, count: int) -> list[float]:
    """:func:`code_passages` by the keys of the driverless Chromium."""
    chromium.evaluate("document.querySelector('#source-text').focus()")
    chromium.press("ArrowRight")
    chromium.press("/")
    for letter in "trust":
        chromium.press(letter)
    chromium.press("Enter")
    chromium.evaluate("window.mutualityTimings.reached(1)", wait=True)
    for index in range(count):
        for _ in range(3):
            chromium.press("ArrowRight")
        chromium.press("ArrowRight", shift=True)
        chromium.press("1")
        chromium.evaluate(f"window.mutualityTimings.reached({index + 2})", wait=True)
    return list(chromium.evaluate("Array.from(window.mutualityTimings)"))[1:]


def code_passages(page: Any, count: int) -> list[float]:
    """Code ``count`` passages by the keyboard; the first with the code search, then with 1."""
    page.locator("#source-text").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("/")
    page.keyboard.type("trust")
    with told(page, "mutuality-coding-drawn 1"):
        page.keyboard.press("Enter")
    for index in range(count):
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Shift+ArrowRight")
        with told(page, f"mutuality-coding-drawn {index + 2}"):
            page.keyboard.press("1")
    return list(page.evaluate("() => window.mutualityTimings"))[1:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--codings", type=int, default=60, help="passages to code (default 60)")
    # (20: on a shared 2-core machine the median of 10 visits moved by a fifth between two runs)
    parser.add_argument("--repeat", type=int, default=20, help="warm visits of each page (default 20)")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if "MUTUALITY_DATA_DIR" not in os.environ and "DATABASE_URL" not in os.environ:
        parser.error("set MUTUALITY_DATA_DIR (or DATABASE_URL) to a database the corpus was loaded into")
    facts = prepare()
    port = free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/mutuality"), "serve", "--no-worker", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    load_before = os.getloadavg()
    figures: dict[str, Any] = {"corpus": facts, "machine": machine()}
    try:
        for _ in range(120):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        figures["without_driver"] = plain_visits(base, facts, args.repeat, args.codings)
        remove_added(facts["newest_coding"])  # (the same words are coded again under Playwright)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser, page = laptop_page(playwright)
            page.add_init_script(ANNOUNCE)
            page.goto(base + "/accounts/login/")
            page.fill("#id_username", "coder_a")
            page.fill("#id_password", PASSWORD)
            page.click("form.record-form button[type=submit]")
            page.wait_for_url(base + "/")
            source_url = f"{base}/sources/{facts['source']}/"
            figures["source_open"] = visit(
                page, source_url, args.repeat, ("mutuality-stripes-placed", "mutuality-list-complete")
            )
            figures["sources_list"] = visit(page, base + "/sources/", args.repeat)
            figures["passages_first_page"] = visit(
                page, f"{base}/codes/{facts['trust']}/passages/", args.repeat
            )
            figures["codebook"] = visit(page, base + "/codes/", args.repeat)
            page.goto(source_url, wait_until="load")
            figures["coding_drawn"] = summary(code_passages(page, args.codings))
            browser.close()
        figures["server_peak_mib"] = peak_mib(server.pid)
    finally:
        server.terminate()
        server.wait(30)
        figures["removed_codings"] = remove_added(facts["newest_coding"])
    figures["load_average"] = {"before": load_before, "after": os.getloadavg()}
    rows = [
        ("source open (first byte)", figures["source_open"]["ttfb"]),
        ("source open (DOMContentLoaded)", figures["source_open"]["dom"]),
        ("source open (load)", figures["source_open"]["load"]),
        ("source open (first paint)", figures["source_open"].get("paint")),
        ("source open (stripes placed)", figures["source_open"].get("stripes")),
        ("source open (list complete)", figures["source_open"].get("list")),
        ("coding, key press to drawn", figures["coding_drawn"]),
        ("sources list, first page", figures["sources_list"]["dom"]),
        ("a code's passages (first byte)", figures["passages_first_page"]["ttfb"]),
        ("a code's passages, first page", figures["passages_first_page"]["dom"]),
        ("codebook with counts", figures["codebook"]["dom"]),
    ]
    plain = figures["without_driver"]
    rows += [
        ("no driver: source open (first byte)", plain["source_open"]["ttfb"]),
        ("no driver: source open (DOMContentLoaded)", plain["source_open"]["dom"]),
        ("no driver: source open (first paint)", plain["source_open"].get("paint")),
        ("no driver: coding, key press to drawn", plain["coding_drawn"]),
        ("no driver: sources list, first page", plain["sources_list"]["dom"]),
        ("no driver: a code's passages (first byte)", plain["passages_first_page"]["ttfb"]),
        ("no driver: a code's passages, first page", plain["passages_first_page"]["dom"]),
        ("no driver: codebook with counts", plain["codebook"]["dom"]),
    ]
    print(
        f"corpus: {facts['sources']} sources, {facts['codings']:,} codings; source {facts['source']} "
        f"({facts['words']:,} words, {facts['codings_on_source']} codings)"
    )
    for name, values in rows:
        if values is None:  # (a mark the browser made on no visit)
            print(f"{name:42} not measured")
            continue
        print(f"{name:42} p50 {values['p50']:7.1f} ms   p95 {values['p95']:7.1f} ms   (n={values['n']})")
    print(
        f"server peak memory: {figures['server_peak_mib']:.0f} MiB; load average {load_before} → {os.getloadavg()}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
