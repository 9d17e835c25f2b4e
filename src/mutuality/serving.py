"""Serving the app: the Content-Security-Policy header, the production server (gunicorn) and the
task worker.

The laptop runs Waitress, one process with threads (``mutuality serve``). A shared
server runs ``mutuality serve --workers N`` or ``--production``: gunicorn with N worker
processes (each with a few threads) behind a reverse proxy that terminates HTTPS; see
docs/deploy.md. Static files are served by WhiteNoise in both cases, so nothing comes
from a CDN and the policy below can allow this site only. Beside either, ``serve`` runs
the task worker that makes long reports and imports uploaded files (:class:`TaskWorker`,
``mutuality worker``) as a child process, started and stopped with the server, so one command still runs everything.
"""

from __future__ import annotations

import base64
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from importlib import import_module
from types import TracebackType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.forms import renderers
from django.http import HttpRequest, HttpResponse
from django.template.backends.django import DjangoTemplates, get_package_libraries
from whitenoise.middleware import WhiteNoiseMiddleware

#: Inline event handlers the templates use; the policy allows exactly these bodies by hash
#: ('unsafe-hashes'), never inline <script> blocks or any other handler.
#: tests/test_deploy.py fails when a template gains a handler that is not listed here.
INLINE_HANDLERS = ("this.form.submit()", "this.select()")


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-hashes' " + " ".join(_hash(h) for h in INLINE_HANDLERS),
        # Templates set a few style="…" attributes (colours of codes, widths of bars).
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header to every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, serving the assets straight from the package, with their list made once per process.

    Django makes its middleware once per request handler: once per process on a server, but
    once per client in the tests and once per handler elsewhere. Listing the assets means
    finding and reading the state of every file of every app's static folder (about 50 ms),
    and the assets do not change while the process runs, so the list is kept for the process.
    (With ``WHITENOISE_AUTOREFRESH``, as under ``DEBUG``, WhiteNoise looks files up per request
    instead and never lists them.)
    """

    _listed: dict[tuple[Any, ...], dict[str, Any]] = {}

    def add_files_from_finders(self) -> None:
        key = (
            self.static_prefix,
            tuple(settings.INSTALLED_APPS),
            repr(getattr(settings, "STATICFILES_DIRS", ())),
            tuple(getattr(settings, "STATICFILES_FINDERS", ())),
            self.max_age,
            self.charset,
            self.allow_all_origins,
        )
        listed = self._listed.get(key)
        if listed is None:
            before = dict(self.files)
            super().add_files_from_finders()
            listed = {url: found for url, found in self.files.items() if before.get(url) is not found}
            self._listed[key] = listed
        self.files.update(listed)


class PageTemplates(DjangoTemplates):
    """Django's templates, with the tag libraries of every installed app but Django REST framework's.

    Django imports every app's tag libraries when it makes its template engine, before the first
    page. DRF's library is for its browsable API, which the API does not offer (JSON only), and
    importing it imports the whole of DRF with Requests, PyYAML, Pygments and psycopg (through
    ``django.contrib.postgres``, even on SQLite): about 20 MiB in every server process. A page that
    loads it (``{% load rest_framework %}``) fails as with any unknown library.
    """

    #: Apps whose tag libraries no template of ours loads.
    UNUSED_TAGS = frozenset({"rest_framework"})

    def get_templatetag_libraries(self, custom_libraries: dict[str, str]) -> dict[str, str]:
        # Django's get_installed_libraries(), skipping the apps above before it imports them.
        libraries: dict[str, str] = {}
        packages = ["django.templatetags"] + [
            f"{app.name}.templatetags" for app in apps.get_app_configs() if app.name not in self.UNUSED_TAGS
        ]
        for package_name in packages:
            try:
                package = import_module(package_name)
            except ImportError:
                continue  # (the app has no tag libraries)
            if hasattr(package, "__path__"):
                for name in get_package_libraries(package):
                    libraries[name.removeprefix(package_name).lstrip(".")] = name
        return {**libraries, **custom_libraries}


class FormRenderer(renderers.DjangoTemplates):
    """Django's form renderer, whose engine (its own, apart from the pages') also leaves DRF's tag
    library out (:class:`PageTemplates`)."""

    backend = PageTemplates


def default_workers() -> int:
    """Gunicorn's rule of thumb: two workers per CPU core, plus one."""
    return 2 * (os.cpu_count() or 1) + 1


def run_gunicorn(
    host: str, port: int, workers: int, threads: int, timeout: int, access_log: str | None = None
) -> None:
    """Serve the app with gunicorn: ``workers`` processes with ``threads`` threads each.

    The app is loaded once before the workers are forked (``preload_app``), so a broken
    setting stops the server at once; database connections opened while migrating are
    closed first, so no worker inherits its parent's connection.
    """
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from mutuality.wsgi import application

    connections.close_all()
    fewer_malloc_arenas()  # (the workers, forked from here, keep the setting)
    smaller_page_cache()
    options: dict[str, Any] = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "timeout": timeout,
        "graceful_timeout": 30,
        "preload_app": True,
        "accesslog": access_log,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "mutuality",
    }

    class _Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                if value is not None:
                    self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    _Server().run()


# --- the task worker ----------------------------------------------------------------------------


class TaskWorker:
    """``mutuality worker`` as a child process of the server: started with it, stopped with it.

    The child runs in a session of its own, so a Ctrl+C in the terminal reaches the server only,
    and the server decides: it asks the worker to stop (a report under way may finish within
    ``grace`` seconds), asks again (the report is given up and its job marked failed), and ends it
    at last. Should the server itself be killed, the worker sees its parent gone and stops
    (:func:`watch_parent`).
    """

    def __init__(self, grace: float = 5.0) -> None:
        self.grace = grace
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "mutuality.cli", "worker", "--parent", str(os.getpid())]
        self.process = subprocess.Popen(command, start_new_session=True)

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        for _attempt in range(2):
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(self.grace)
                return
            except subprocess.TimeoutExpired:
                continue
        process.kill()
        process.wait()

    def __enter__(self) -> TaskWorker:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


#: glibc's ``mallopt`` parameter for the most arenas malloc keeps (M_ARENA_MAX in malloc.h).
_M_ARENA_MAX = -8


def fewer_malloc_arenas(arenas: int = 2) -> bool:
    """Let the C library's malloc keep at most ``arenas`` pools of memory in this process; False
    where that cannot be asked (not glibc).

    glibc gives threads pools of their own, up to eight per core, so that they do not wait for each
    other; a server's threads each take one, and what a page freed in one pool is not reused by the
    page another thread answers next. Python's threads take turns anyway (the GIL), so the pools
    only hold memory: with two, the workbench's server peaked about 13 MiB lower over the bench
    (bench/RESULTS.md). Call it before the server's threads start.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import ctypes.util

    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c")).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(ctypes.c_int(_M_ARENA_MAX), ctypes.c_int(arenas)))


#: The pages SQLite keeps in memory for each connection of a server, in KiB (its default is 2,000).
PAGE_CACHE_KIB = 512


def smaller_page_cache(kib: int = PAGE_CACHE_KIB) -> None:
    """Give each SQLite connection this process opens a page cache of ``kib`` KiB.

    A server opens a connection per request; the codebook and the workbench's counts read the whole
    codings' index (270,000 entries on the bench corpus), filling the default 2 MB cache of each of
    the connections answering at once, which malloc did not give back between requests: the
    workbench's server peaked 3 MiB lower with 512 KiB, and a page took no longer (the pages come
    from the system's file cache; bench/RESULTS.md). Commands and the task worker, which load and
    import in bulk, keep the default.
    """
    from django.db.backends.signals import connection_created

    def on_connect(sender: Any, connection: Any, **kwargs: Any) -> None:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = -{int(kib)}")

    connection_created.connect(on_connect, weak=False, dispatch_uid="mutuality.serving.smaller_page_cache")


def stop_on_sigterm() -> None:
    """Make SIGTERM stop Waitress as Ctrl+C does (it closes on ``SystemExit``), so the code after
    the server — stopping the worker — runs; by default SIGTERM ends the process on the spot."""

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)


def watch_parent(parent: int, every: float = 1.0, grace: float = 10.0) -> None:
    """Stop this process (the worker) once its parent (the server) is gone, whatever ended it."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(grace)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def run_worker(verbosity: int = 1) -> bool:
    """Work the task queue the settings name until stopped; ``False`` when there is none to work
    (tasks run in the request: ``MUTUALITY_TASKS=immediate``)."""
    from django.conf import settings
    from django.core.management import call_command

    backend = str(settings.TASKS["default"]["BACKEND"])
    if backend.startswith("django_tasks_db."):
        call_command(
            "db_worker",
            queue_name="default",
            interval=1.0,
            startup_delay=False,
            reload=False,
            verbosity=verbosity,
        )
        return True
    if backend.startswith("django_tasks_rq."):
        call_command("rqworker", "default", job_class="django_tasks_rq.Job", verbosity=verbosity)
        return True
    return False


def stop_child(pid: int, grace: float = 5.0) -> None:
    """Stop the child ``pid`` as :meth:`TaskWorker.stop` does — asked twice, then ended — for a
    worker started before this process became the server (:func:`serve_waitress`)."""

    def ended() -> bool:
        deadline = time.monotonic() + grace
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    try:
        for _attempt in range(2):
            os.kill(pid, signal.SIGTERM)
            if ended():
                return
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):  # (already gone)
        pass


def serve_waitress(host: str, port: int, worker: int) -> None:
    """The Waitress server ``mutuality serve`` becomes once the database is checked.

    ``serve`` replaces itself with a fresh interpreter running this (``os.execv``: the same process,
    so its task worker, ``worker``'s pid or 0, is still its child): the command line's process
    holds what serving needs not — Typer's options read with pydantic, the migration graph, the
    built-in questionnaires read — about 11 MiB of the server's peak (bench/RESULTS.md).
    """
    import django

    django.setup()
    from waitress import serve

    from mutuality.wsgi import application

    stop_on_sigterm()
    fewer_malloc_arenas()  # before Waitress starts its threads
    smaller_page_cache()
    try:
        serve(application, host=host, port=port, threads=8, ident="Mutuality")
    finally:
        if worker:
            stop_child(worker)


if __name__ == "__main__":  # python -m mutuality.serving HOST PORT WORKER_PID (from `mutuality serve`)
    serve_waitress(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
