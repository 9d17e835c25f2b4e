"""The task worker for real: `mutuality serve` starts it, it makes a report asked for on the web, and
it stops with the server, however the server is stopped."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.commandline import COMMAND, command_env
from tests.reports.served import Client, serving, wait_until_gone

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads processes in /proc")


def wait_for_report(client: Client, job: str, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        state = json.loads(client.get(job + "status/")[2])
        if state["status"] in ("done", "failed") or time.monotonic() > deadline:
            return state
        time.sleep(0.3)


def test_serve_runs_the_worker_which_makes_the_report_and_both_stop_on_sigterm(demo_data_folder):
    """The whole app as a user runs it (`serve --demo` on the case studies, about 5 s to start): the
    programme report asked for with a POST is made by the database worker `serve` started, in its own
    process, and offered as a file; SIGTERM then stops the server and the worker."""
    with serving(demo_data_folder) as served:
        [worker] = served.children()
        client = Client(served)
        job = client.post("/reports/programme/", {"format": "md"}, token_from="/reports/programme/")
        assert job.startswith("/reports/made/")
        page = client.get(job)[2].decode()
        assert "Programme report" in page and "report-job.js" in page
        state = wait_for_report(client, job)
        assert state["status"] == "done", state
        status, headers, body = client.get(state["file"])
        assert (
            status == 200 and headers["Content-Disposition"] == 'attachment; filename="programme-report.md"'
        )
        assert body.decode().startswith("# Mutual learning across the programme")
        made = list((demo_data_folder / "reports").glob("*/*.md"))
        assert len(made) == 1 and made[0].stat().st_mode & 0o077 == 0  # the server's user's only

        served.process.send_signal(signal.SIGTERM)
        assert served.process.wait(30) == 0
        assert wait_until_gone(worker, 15), "the worker outlived the server"


def test_a_worker_whose_server_is_gone_stops_by_itself(data_folder):
    """Starts the worker (about 2 s, a new process setting Django up) as if a server that is gone
    had started it: it notices within a second or two and stops."""
    not_my_parent = 1  # the worker's parent is this test, not process 1: as if its server had died
    worker = subprocess.Popen(
        [*COMMAND, "worker", "--parent", str(not_my_parent)],
        env=command_env(data_folder),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert worker.wait(60) in (0, 1, -signal.SIGTERM)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def test_ctrl_c_stops_the_server_and_its_worker(demo_data_folder):
    """`serve --demo` (about 5 s to start), then the SIGINT a terminal's Ctrl+C sends to the server:
    the server stops its worker before it ends."""
    with serving(demo_data_folder) as served:
        [worker] = served.children()
        served.process.send_signal(signal.SIGINT)
        served.process.wait(30)
        assert wait_until_gone(worker, 15), "the worker outlived the server"
