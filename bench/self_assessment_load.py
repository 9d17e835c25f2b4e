"""Two hundred respondents answer a self-assessment in the same minute, on PostgreSQL (issue 19).

1. Drops and creates the PostgreSQL database named in ``DATABASE_URL`` (its name must contain
   "load"), loads the case studies (as ``mutuality load-demo``: the built-in instrument comes with
   them) and opens a round for Zeist–Berkane with a link for each side.
2. Starts ``mutuality serve --workers W --threads T`` (gunicorn, as on a server) on a free port.
3. Starts ``--respondents`` respondents spread evenly over ``--spread`` seconds, each a thread with
   its own cookies, half on each side's link, as a person would: open the link, press Start (a
   POST that makes their response and sends them to their own link), open the questionnaire, answer
   every item (a point of the scale, now and then "don't know" and a comment) and send it.
4. Checks the database: every respondent's response submitted, with an answer to every item and
   one submission each; no error (5xx or connection) and no refusal.

Prints p50/p95/p99/max per step (the submitted page is the figure the issue asks for: p95 < 300 ms)
as a Markdown section for bench/RESULTS.md; ``--json FILE`` keeps every figure.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mutuality_load_assess python bench/self_assessment_load.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_test import BenchError, free_port, machine, percentiles, recreate, split_url, start_server  # noqa: E402

STEPS = ("open link", "start", "questionnaire", "send answers")


def prepare() -> dict[str, Any]:
    """The case studies, a round on Zeist–Berkane and a link a side (in this process, then closed)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutuality.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from mutuality.casestudies import load_case_studies
    from mutuality.partnerships.models import Partnership
    from mutuality.selfassessment.models import Instrument, Round, SideLink

    call_command("migrate", interactive=False, verbosity=0)
    load_case_studies()
    partnership = Partnership.objects.get(key="zeist-berkane")
    instrument = Instrument.objects.get(key="mutual-learning")
    today = dt.date.today()
    round = Round.objects.create(
        partnership=partnership,
        instrument=instrument,
        name="load test",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
    )
    links = []
    for side in partnership.sides.order_by("position", "id"):
        _link, token = SideLink.issue(round, side)
        links.append({"side": side.key, "token": token})
    items = list(instrument.items.order_by("position").values_list("key", flat=True))
    targets = {"round": round.pk, "links": links, "items": items, "points": instrument.scale_points}
    connections.close_all()
    return targets


class Results:
    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {step: [] for step in STEPS}
        self.errors: dict[str, int] = {}
        self.unexpected: dict[str, int] = {}
        self.lock = threading.Lock()

    def add(self, step: str, seconds: float) -> None:
        with self.lock:
            self.samples[step].append(seconds)

    def count(self, table: dict[str, int], what: str) -> None:
        with self.lock:
            table[what] = table.get(what, 0) + 1


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Respondent(threading.Thread):
    """One person with a link: open it, start, answer every item, send."""

    def __init__(
        self, number: int, base: str, link: dict[str, str], targets: dict[str, Any], results: Results
    ):
        super().__init__(daemon=True)
        self.number, self.base, self.link, self.targets, self.results = number, base, link, targets, results
        self.random = random.Random(number)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )
        self.done = False

    def request(self, step: str, url: str, data: dict[str, Any] | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"Referer": self.base + "/", "Accept-Language": "nl"}
        started = time.perf_counter()
        try:
            with self.opener.open(
                urllib.request.Request(url, data=body, headers=headers), timeout=60
            ) as answer:
                text, status, location = answer.read().decode(), answer.status, ""
        except urllib.error.HTTPError as error:
            text, status, location = (
                error.read().decode(errors="replace"),
                error.code,
                error.headers.get("Location", ""),
            )
        except OSError as error:
            self.results.count(self.results.errors, f"{step}: {type(error).__name__}")
            raise
        self.results.add(step, time.perf_counter() - started)
        if status >= 500:
            self.results.count(self.results.errors, f"{step}: {status}")
        elif status not in (200, 302):
            self.results.count(self.results.unexpected, f"{step}: {status}")
        return status, text, location

    def run(self) -> None:
        try:
            link_url = f"{self.base}/a/{self.link['token']}/"
            _status, page, _ = self.request("open link", link_url)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            status, _page, location = self.request(
                "start", link_url, {"csrfmiddlewaretoken": token, "lang": "nl"}
            )
            if status != 302:
                return
            resume = urllib.parse.urljoin(self.base, location)
            _status, page, _ = self.request("questionnaire", resume)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            answers: dict[str, Any] = {"csrfmiddlewaretoken": token, "lang": "nl"}
            for key in self.targets["items"]:
                chance = self.random.random()
                answers[f"item-{key}"] = (
                    "dk" if chance < 0.05 else str(self.random.randint(1, self.targets["points"]))
                )
                if chance > 0.95:
                    answers[f"comment-{key}"] = f"Opmerking {self.number} bij {key}: we leren van elkaar."
            status, _page, _ = self.request("send answers", resume.split("?")[0], answers)
            self.done = status == 302
        except (OSError, AttributeError):
            self.results.count(self.results.errors, "respondent stopped")


def check(round_pk: int, respondents: int, items: int) -> dict[str, Any]:
    """What the database holds afterwards."""
    from django.db import connections

    from mutuality.selfassessment.models import Answer, Response, Submission

    submitted = Response.objects.filter(round=round_pk, submitted_at__isnull=False)
    found = {
        "responses submitted": submitted.count(),
        "answers": Answer.objects.filter(response__round=round_pk).count(),
        "submissions": Submission.objects.filter(response__round=round_pk).count(),
        "responses without every item": sum(1 for r in submitted if r.answers.count() != items),
    }
    connections.close_all()
    found["as expected"] = (
        found["responses submitted"] == respondents
        and found["submissions"] == respondents
        and found["answers"] == respondents * items
        and found["responses without every item"] == 0
    )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--spread", type=float, default=60.0, help="seconds over which they start")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise BenchError("set DATABASE_URL to a PostgreSQL database whose name contains 'load'")
    server_url, name = split_url(url)
    recreate(server_url, name)
    targets = prepare()
    port = free_port()
    log = Path(tempfile.mkdtemp()) / "serve.log"
    server = start_server(port, args.workers, args.threads, log)
    results = Results()
    load_before = os.getloadavg()
    try:
        base = f"http://127.0.0.1:{port}"
        people = [
            Respondent(n, base, targets["links"][n % len(targets["links"])], targets, results)
            for n in range(args.respondents)
        ]
        started = time.monotonic()
        for number, person in enumerate(people):
            time.sleep(max(0.0, started + number * args.spread / args.respondents - time.monotonic()))
            person.start()
        for person in people:
            person.join(timeout=300)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(30)
    found = check(targets["round"], args.respondents, len(targets["items"]))
    report = {
        "respondents": args.respondents,
        "spread_s": args.spread,
        "workers": args.workers,
        "threads": args.threads,
        "items": len(targets["items"]),
        "elapsed_s": round(elapsed, 1),
        "steps": {
            step: {**percentiles(values), "max": max(values) * 1000}
            for step, values in results.samples.items()
            if values
        },
        "errors": results.errors,
        "unexpected": results.unexpected,
        "database": found,
        "machine": machine(),
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="minutes"),
    }
    print(
        f"### {args.respondents} respondents in {args.spread:.0f} s, PostgreSQL, gunicorn {args.workers}×{args.threads}\n"
    )
    print("| step | n | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|")
    for step, figures in report["steps"].items():
        print(
            f"| {step} | {len(results.samples[step])} | {figures['p50']:.0f} | {figures['p95']:.0f} | "
            f"{figures['p99']:.0f} | {figures['max']:.0f} |"
        )
    print(f"\nerrors: {results.errors or 'none'}; other answers: {results.unexpected or 'none'}")
    print(f"database: {found}")
    print(f"load average {load_before} → {os.getloadavg()}; {report['machine']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    if results.errors or not found["as expected"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
