"""The ``mutuality`` command: one entry point for serving, loading, exporting and checking.

Commands only parse options and call library functions (loader, exporter,
checks), so the web app, tests and notebooks use the same code.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import os
import re
import secrets
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from django.utils.translation import gettext, ngettext

from mutuality import languages
from mutuality.env import UMASK

if TYPE_CHECKING:
    from mutuality.analysis.discovery import Discovery
    from mutuality.analysis.network import NetworkFigures
    from mutuality.partnerships.models import Municipality, Partnership


def _help_catalogue() -> Callable[[str], str]:
    """Help texts are made when this module is imported, before Django is set up, so they are
    read from our catalogue with the standard library, in the language ``--lang`` (if given
    anywhere on the command line), ``MUTUALITY_LANGUAGE`` or the POSIX locale names."""
    chosen = None
    for index, argument in enumerate(sys.argv):
        if argument == "--lang" and index + 1 < len(sys.argv):
            chosen = sys.argv[index + 1]
        elif argument.startswith("--lang="):
            chosen = argument.partition("=")[2]
    language = languages.from_environment(dict(os.environ), chosen)
    catalogue = stdlib_gettext.translation(
        "django", localedir=Path(__file__).parent / "locale", languages=[language], fallback=True
    )
    return catalogue.gettext


_ = _help_catalogue()

app = typer.Typer(
    help=_("Mutuality: document and analyse mutual learning in city-to-city partnerships."),
    no_args_is_help=True,
    add_completion=False,
)

DEMO_USER = "demo"


class OffsetUnit(StrEnum):
    """How ``export-qdpx`` counts selections (mutuality.formats.refi_qda.offsets holds the units)."""

    codepoints = "codepoints"
    utf16 = "utf16"


def cli_language(environ: dict[str, str] | os._Environ[str] = os.environ) -> str:
    """The language of messages (see :func:`mutuality.languages.from_environment`)."""
    return languages.from_environment(dict(environ))


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutuality.settings")
    import django
    from django.utils import translation

    django.setup()
    translation.activate(cli_language())
    chosen = os.environ.get("MUTUALITY_LANGUAGE")
    if chosen and chosen != translation.get_language():
        _fail(_unknown_language(chosen))


def _unknown_language(code: str) -> str:
    from django.conf import settings

    return gettext("Unknown language '%(lang)s'; available: %(languages)s.") % {
        "lang": code,
        "languages": ", ".join(known for known, _name in settings.LANGUAGES),
    }


@app.callback()
def main_options(
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            envvar="MUTUALITY_DATA_DIR",
            help=_("Folder for the SQLite database and secret key (default ~/.local/share/mutuality)."),
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            envvar="MUTUALITY_LANGUAGE",
            help=_("Language of messages: en, nl, fr, tr or ar (default: from LANG, else en)."),
        ),
    ] = None,
) -> None:
    if data_dir is not None:
        os.environ["MUTUALITY_DATA_DIR"] = str(data_dir)
    if lang:
        os.environ["MUTUALITY_LANGUAGE"] = lang


def _migrate(verbose: bool = False) -> None:
    """Bring the tables up to date before a command uses them.

    Most runs find nothing to do. Asking the migration graph whether anything is pending takes
    milliseconds, while ``migrate`` itself runs the system checks and the post-migrate handlers
    every time (most of a second), so it runs only when a migration is pending, or when asked
    for (``mutuality migrate``, which reports what it did).
    """
    from django.core.management import call_command

    if verbose or pending_migrations():
        call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def pending_migrations() -> list[str]:
    """The migrations not yet applied to the database, as ``app.name``, in the order they would run."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def _fail(message: str, status: int = 1) -> NoReturn:
    """Print ``message`` in red on standard error and stop with ``status`` (2: a name on the command line is wrong)."""
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(status)


_PARTNERSHIPS_LISTED = 5  # named when the partnership asked for is not found


def _partnership(name_or_key: str) -> Partnership:
    """The partnership an option names, by key or by name (any case, "-" for "–"); if none or several
    are called so, a message that names some there are (those sharing a word with what was typed first)."""
    from mutuality.datasets import partnerships_called
    from mutuality.partnerships.models import Partnership

    found = partnerships_called(name_or_key)
    if len(found) == 1:
        return Partnership.objects.get(key=found[0])
    rows = list(Partnership.objects.order_by("name", "key").values_list("name", "key"))
    if found:
        rows = [row for row in rows if row[1] in found]
        message = gettext("Several partnerships are called '%(name)s'; give the key of one.")
    else:
        message = gettext("No partnership is called '%(name)s' (give its name or key).")
    message %= {"name": name_or_key}
    if not rows:
        _fail(message + "\n" + gettext("There are no partnerships yet: load some with `mutuality load`."))
    words = set(re.findall(r"\w+", name_or_key.casefold()))
    rows.sort(key=lambda row: not words & set(re.findall(r"\w+", f"{row[0]} {row[1]}".casefold())))
    shown = ", ".join(f"{name} ({key})" for name, key in rows[:_PARTNERSHIPS_LISTED])
    more = len(rows) - _PARTNERSHIPS_LISTED
    if more > 0:
        shown += " " + ngettext("and %(count)d more", "and %(count)d more", more) % {"count": more}
    _fail(message + "\n" + gettext("Partnerships here: %(partnerships)s.") % {"partnerships": shown})


@app.command(help=_("Create or upgrade the database tables."))
def migrate() -> None:
    _setup()
    _migrate(verbose=True)


@app.command(
    help=_(
        "Migrate the database and serve the web app: Waitress on a laptop, gunicorn with several worker processes on a shared server (--workers N or --production)."
    )
)
def serve(
    host: Annotated[str, typer.Option(help=_("Address to listen on."))] = "127.0.0.1",
    port: Annotated[int, typer.Option(help=_("Port to listen on."))] = 8000,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo", help=_("Load the case studies into an empty database and create a demo login.")
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help=_("Worker processes; more than 1 serves with gunicorn (a shared server).")),
    ] = None,
    production: Annotated[
        bool,
        typer.Option(
            "--production",
            help=_("Serve with gunicorn, by default 2 workers per CPU core plus 1 (docs/deploy.md)."),
        ),
    ] = False,
    threads: Annotated[int, typer.Option(min=1, help=_("Threads per gunicorn worker."))] = 4,
    timeout: Annotated[
        int,
        typer.Option(min=1, help=_("Seconds a gunicorn worker may take for one request (long PDF reports).")),
    ] = 300,
    no_worker: Annotated[
        bool,
        typer.Option(
            "--no-worker",
            help=_(
                "Do not start the background worker that makes long reports and imports uploaded files; run `mutuality worker` yourself (docs/deploy.md)."
            ),
        ),
    ] = False,
) -> None:
    _setup()
    from django.conf import settings

    from mutuality.partnerships.models import Partnership

    _migrate()
    if demo and not Partnership.objects.exists():
        from mutuality.casestudies import load_case_studies

        typer.echo(gettext("Loading the case studies: %(summary)s") % {"summary": load_case_studies()})
    _builtin_instruments()
    from mutuality.evidence.bulk import refresh_statistics

    refresh_statistics(only_if_missing=True)  # a database never analysed: SQLite's planner guesses
    if demo:
        password = _demo_login(Path(settings.DATA_DIR))
        typer.echo(
            gettext("Log in as '%(user)s' with password '%(password)s' (kept in %(folder)s).")
            % {"user": DEMO_USER, "password": password, "folder": settings.DATA_DIR}
        )
    display_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    typer.echo(
        gettext("Mutuality is running at %(url)s  (data in %(folder)s; Ctrl+C stops)")
        % {"url": f"http://{display_host}:{port}/", "folder": settings.DATA_DIR}
    )
    sys.stdout.flush()
    from contextlib import nullcontext

    from mutuality.serving import TaskWorker

    # The worker that makes long reports and imports uploaded files, started and stopped with the
    # server (docs/deploy.md).
    own_worker = not no_worker and settings.TASKS_QUEUE != "immediate"
    if own_worker and settings.TASKS_QUEUE == "database":
        from mutuality.formats import tasks as imports
        from mutuality.reports import tasks as reports

        # What a worker stopped last time left half-done; no other worker runs.
        reports.fail_interrupted()
        imports.fail_interrupted()
    with TaskWorker() if own_worker else nullcontext() as task_worker:
        if production or (workers or 1) > 1:
            from mutuality.serving import default_workers, run_gunicorn

            count = workers or default_workers()
            typer.echo(
                gettext("Serving with gunicorn: %(workers)s workers, %(threads)s threads each.")
                % {"workers": count, "threads": threads}
            )
            sys.stdout.flush()
            run_gunicorn(host, port, workers=count, threads=threads, timeout=timeout)
            return
        if os.name == "posix":  # the server in a fresh interpreter (serving.serve_waitress)
            from django.db import connections

            connections.close_all()
            sys.stderr.flush()
            worker_pid = task_worker.process.pid if task_worker and task_worker.process else 0
            # (-P: the current folder is not put first on the module path, as it is not for a command.)
            command = [sys.executable, "-P", "-m", "mutuality.serving", host, str(port), str(worker_pid)]
            os.execv(sys.executable, command)
        from waitress import serve as waitress_serve

        from mutuality.serving import fewer_malloc_arenas, stop_on_sigterm
        from mutuality.wsgi import application

        stop_on_sigterm()
        fewer_malloc_arenas()  # before Waitress starts its threads (bench/RESULTS.md: −13 MiB)
        waitress_serve(application, host=host, port=port, threads=8, ident="Mutuality")


@app.command(
    help=_(
        "Run the background worker that makes long reports and imports files uploaded on the web (`mutuality serve` starts one itself)."
    )
)
def worker(
    parent: Annotated[int | None, typer.Option(hidden=True)] = None,
) -> None:
    _setup()
    _migrate()
    from mutuality.serving import run_worker, watch_parent

    if parent is not None:
        watch_parent(parent)
    if not run_worker(verbosity=0 if parent is not None else 1):
        _fail(
            gettext("There is no task queue to work: MUTUALITY_TASKS=immediate makes reports in the request.")
        )


def _builtin_instruments() -> None:
    """The self-assessment instruments shipped with Mutuality, loaded if the database lacks one."""
    from mutuality.formats.instruments import ensure_builtin_instruments
    from mutuality.formats.problems import DataFileError

    try:
        loaded = ensure_builtin_instruments()
    except DataFileError as error:  # the server runs all the same; the message says what to fix
        typer.echo(str(error), err=True)
        return
    if loaded is not None:
        typer.echo(gettext("Loading the built-in instruments: %(summary)s") % {"summary": loaded})


def _demo_login(data_dir: Path) -> str:
    """A demo administrator with a random password, kept in a private file in the data folder."""
    from django.contrib.auth import get_user_model

    password_file = data_dir / "demo-login.txt"
    user_model = get_user_model()
    if password_file.exists() and user_model.objects.filter(username=DEMO_USER).exists():
        return password_file.read_text(encoding="utf-8").strip()
    password = secrets.token_urlsafe(9)
    user, _created = user_model.objects.get_or_create(username=DEMO_USER)
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    password_file.write_text(password + "\n", encoding="utf-8")
    password_file.chmod(0o600)
    return password


@app.command(
    "load-demo", help=_("Load the bundled case studies (again: loading twice updates, never duplicates).")
)
def load_demo() -> None:
    _setup()
    _migrate()
    from mutuality.casestudies import load_case_studies
    from mutuality.formats.problems import DataFileError

    try:
        typer.echo(str(load_case_studies()))
    except DataFileError as error:
        _fail(str(error))


@app.command(
    help=_(
        "Load data files (partnership data, evidence and self-assessment instruments): all records or, if any is invalid, none."
    )
)
def load(
    files: Annotated[
        list[Path],
        typer.Argument(help=_("YAML or JSON files in the Mutuality data format or the instrument format.")),
    ],
) -> None:
    _setup()
    _migrate()
    from django.db import transaction

    from mutuality.formats.data_load import load_files
    from mutuality.formats.evidence_data import TOP_LEVEL as EVIDENCE_LISTS
    from mutuality.formats.evidence_data import load_evidence_files
    from mutuality.formats.instruments import is_instrument_document, load_instrument_files
    from mutuality.formats.located import read_data_file
    from mutuality.formats.problems import DataFileError

    evidence = set(EVIDENCE_LISTS) - {"format"}
    try:
        # A file holding respondents, sources or codes is evidence, one holding an instrument is a
        # self-assessment instrument; the rest is partnership data.
        kinds = {path: read_data_file(path) for path in files}
        instrument_files = [p for p, doc in kinds.items() if is_instrument_document(doc)]
        evidence_files = [
            p
            for p, doc in kinds.items()
            if isinstance(doc, dict) and evidence & set(doc) and p not in instrument_files
        ]
        data_files = [p for p in files if p not in evidence_files and p not in instrument_files]
        with transaction.atomic():
            summary = load_files(data_files)
            for extra_files, load_extra in (
                (evidence_files, load_evidence_files),
                (instrument_files, load_instrument_files),
            ):
                if extra_files:
                    extra = load_extra(extra_files)
                    summary.created.update(extra.created)
                    summary.updated.update(extra.updated)
                    summary.already_there.update(extra.already_there)
        typer.echo(str(summary))
    except DataFileError as error:
        _fail(str(error))
    from mutuality.evidence.bulk import refresh_statistics

    refresh_statistics()  # the planner's view of the tables after many rows came in at once


@app.command(
    help=_("Export everything as JSON in the Mutuality data format (loadable with `mutuality load`).")
)
def export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=_("File to write; standard output if left out."))
    ] = None,
    evidence: Annotated[
        bool,
        typer.Option("--evidence", help=_("Export the evidence (respondents, sources, codings) instead.")),
    ] = False,
    with_names: Annotated[
        bool,
        typer.Option("--with-names", help=_("Keep real names in the evidence texts (replaced by default).")),
    ] = False,
) -> None:
    _setup()
    _migrate()
    import json

    from mutuality.formats.data_export import export_json
    from mutuality.formats.evidence_data import export_evidence

    document = export_evidence(with_names=with_names) if evidence else None
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n" if evidence else export_json()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(gettext("Wrote %(file)s") % {"file": output}, err=True)


@app.command(help=_("Validate every stored record against the framework vocabulary and the data rules."))
def check() -> None:
    _setup()
    _migrate()
    from mutuality.checks import check_database

    problems = list(check_database())
    for problem in problems:
        typer.echo(f"- {problem}")
    if problems:
        _fail(
            ngettext("%(count)d problem found.", "%(count)d problems found.", len(problems))
            % {"count": len(problems)}
        )
    typer.echo(gettext("The database is consistent with the framework vocabulary."))


@app.command(
    "import-sources", help=_("Import a folder of transcripts: every file, or, if any cannot be read, none.")
)
def import_sources(
    folder: Annotated[
        Path, typer.Argument(help=_("Folder of .txt, .md, .docx or .pdf files, one source each."))
    ],
    partnership: Annotated[
        list[str],
        typer.Option(
            "--partnership", "-p", help=_("A partnership the sources belong to, by name or key (repeatable).")
        ),
    ],
    kind: Annotated[
        str, typer.Option(help=_("Kind of source: interview, observation, document, survey_answer."))
    ] = "interview",
    language: Annotated[str, typer.Option(help=_("Language code of the texts, e.g. nl, tr, ar."))] = "",
) -> None:
    _setup()
    _migrate()
    from mutuality.formats.source_files import ImportProblem, import_folder

    try:
        keys = [_partnership(name).key for name in partnership]
        result = import_folder(folder, partnerships=keys, kind=kind, language=language)
    except ImportProblem as error:
        _fail(str(error))
    typer.echo(
        gettext("%(new)s new sources, %(versions)s new versions, %(same)s unchanged.")
        % {"new": result.created, "versions": result.new_versions, "same": result.unchanged}
    )


@app.command(
    "export-codings",
    help=_(
        "Export every coding as CSV: source, offsets, code, coder, assessment, whose learning, memo and words."
    ),
)
def export_codings(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=_("CSV file to write; standard output if left out."))
    ] = None,
    with_names: Annotated[
        bool,
        typer.Option(
            "--with-names", help=_("Keep real names in titles, quotes and memos (replaced by default).")
        ),
    ] = False,
) -> None:
    _setup()
    _migrate()
    from mutuality.formats.codings_csv import describe, write_codings_csv

    if output is None:
        write_codings_csv(sys.stdout, with_names=with_names)
        return
    with output.open("w", encoding="utf-8", newline="") as stream:
        count = write_codings_csv(stream, with_names=with_names)
    typer.echo(describe(count), err=True)


@app.command(
    help=_(
        "Propose codes for the passages of a transcript that is not stored, learned from the project's codings: "
        "JSON lines, one per passage, with each code's confidence and the most similar coded passages. "
        "It never codes anything itself.\n\nQuotes have real names replaced, as in every export."
    )
)
def suggest(
    file: Annotated[Path, typer.Argument(help=_("A transcript: .txt, .md, .docx or .pdf."))],
    partnership: Annotated[
        str | None,
        typer.Option(
            "--partnership",
            "-p",
            help=_("Learn from the codings of this partnership only, by name or key (default: all)."),
        ),
    ] = None,
    codes: Annotated[
        str | None,
        typer.Option(
            "--codes",
            metavar="PREFIX",
            help=_("Only codes under this path, e.g. dimension or learning_form."),
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help=_("How many codes to propose per passage."))] = 3,
    whole: Annotated[
        bool,
        typer.Option("--passage", help=_("Take the whole file as one passage instead of its sentences.")),
    ] = False,
) -> None:
    _setup()
    _migrate()
    import json

    from mutuality.analysis.suggestions import NothingToLearn, passages
    from mutuality.analysis.suggestions import suggest as propose
    from mutuality.assistant.store import message, model_for, prefix_message
    from mutuality.formats.extract import ExtractionError, extract_text

    try:
        text = extract_text(file.read_bytes(), file.name).text
    except OSError as error:
        _fail(gettext("%(file)s cannot be read: %(reason)s") % {"file": file, "reason": error.strerror})
    except ExtractionError as error:
        _fail(str(error))
    chosen = _partnership(partnership) if partnership else None
    try:
        ready = model_for(chosen)
    except NothingToLearn as error:
        _fail(message(error, chosen))
    if codes is not None and (problem := prefix_message(ready.model, codes)):
        _fail(problem, status=2)
    if ready.trained:
        typer.echo(
            gettext("Learned from %(passages)s coded passages in %(seconds).1f s.")
            % {"passages": ready.model.passages, "seconds": ready.seconds},
            err=True,
        )
    found = passages(text, whole=whole)
    for passage, proposals in zip(
        found, propose(ready.model, [p.quote for p in found], top=top, prefix=codes), strict=True
    ):
        line = {
            "start": passage.start,
            "end": passage.end,
            "quote": passage.quote,
            "suggestions": [
                {
                    "code": proposal.code,
                    "confidence": round(proposal.confidence, 2),
                    "assessment": proposal.assessment or None,
                    "role": proposal.role or None,
                    "reasons": [
                        {
                            "source": reason.source,
                            "quote": reason.quote,
                            "similarity": round(reason.similarity, 2),
                        }
                        for reason in proposal.reasons
                    ],
                }
                for proposal in proposals
            ],
        }
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


@app.command(
    help=_(
        "Write the report of one partnership, or with --all the programme report, as HTML, Markdown, PDF "
        "or JSON (the report as data)."
    )
)
def report(
    partnership: Annotated[
        str | None,
        typer.Option("--partnership", "-p", help=_('The partnership, by name or key, e.g. "Zeist–Berkane".')),
    ] = None,
    all_partnerships: Annotated[
        bool, typer.Option("--all", help=_("The programme report: every partnership side by side."))
    ] = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help=_("html (one self-contained file), md, pdf, or json (the report as data).")
        ),
    ] = "html",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=_(
                "File to write ('-' for standard output); default <partnership key>-report.<format> "
                "or programme-report.<format> in the current folder."
            ),
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=_(
                "Language of the report: en, nl, fr, tr or ar (default: that of the messages, see mutuality --lang)."
            ),
        ),
    ] = None,
) -> None:
    import time

    _setup()
    from django.conf import settings
    from django.utils import translation

    from mutuality.reports.render import DATA_FORMATS, FORMATS

    if bool(partnership) == all_partnerships:
        _fail(gettext("Give either --partnership NAME or --all."))
    if fmt not in FORMATS and fmt not in DATA_FORMATS:
        _fail(gettext("Unknown format '%(format)s'; use html, md, pdf or json.") % {"format": fmt})
    if lang is not None:
        if lang not in dict(settings.LANGUAGES):
            _fail(_unknown_language(lang))
        translation.activate(lang)
    _migrate()
    from mutuality.reports.models import ReportJob
    from mutuality.reports.tasks import ReportSpec, Steps, build

    started = time.monotonic()
    key = _partnership(partnership).key if partnership else None
    if key is None:
        spec = ReportSpec(ReportJob.Kind.PROGRAMME, (), fmt)
    else:
        spec = ReportSpec(ReportJob.Kind.PARTNERSHIP, (key,), fmt)
    bar = _ProgressBar(started)
    if fmt in DATA_FORMATS:
        payload = _report_data(key, fmt, bar.show)
    else:
        payload = build(spec, None, Steps(spec.stage_starts(), bar.show))
    bar.close()
    extension = (FORMATS.get(fmt) or DATA_FORMATS[fmt])[1]
    if str(output) == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return
    path = output or Path(f"{key or 'programme'}-report.{extension}")
    path.write_bytes(payload)
    typer.echo(
        gettext("Wrote %(file)s (%(size)s kB) in %(seconds).1f s")
        % {"file": path, "size": f"{len(payload) / 1000:,.0f}", "seconds": time.monotonic() - started},
        err=True,
    )


def _report_data(key: str | None, fmt: str, show: Callable[[str, float], None]) -> bytes:
    """The report as data (``--format json``): read as every format reads it, then partnership by
    partnership (the bar moves with each)."""
    from mutuality.datasets import load_report_data
    from mutuality.reports.render import render_data

    keys = None if key is None else [key]
    show(gettext("Reading the database"), 0.0)
    data = load_report_data(keys)
    total = max(1, len(data.dataset.select(keys)))
    done = 0

    def step(stage: str) -> None:
        nonlocal done
        show(stage, 0.1 + 0.9 * done / total)
        done += 1

    return render_data(data, keys, fmt, progress=step)


class _ProgressBar:
    """The stages of a report on standard error: on a terminal a bar redrawn in place, its seconds
    counting while a long stage (laying out a PDF) runs; elsewhere (a log, a pipe) one line per
    stage. Each shows the seconds since the command started."""

    WIDTH = 24

    def __init__(self, started: float) -> None:
        import threading

        self.started = started
        self.terminal = sys.stderr.isatty()
        self.stage, self.fraction = "", 0.0
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        if self.terminal:
            threading.Thread(target=self._tick, name="progress-bar", daemon=True).start()

    def _line(self, stage: str) -> str:
        import time

        seconds = time.monotonic() - self.started
        return gettext("[%(seconds)5.1f s] %(stage)s") % {"seconds": seconds, "stage": stage}

    def show(self, stage: str, fraction: float) -> None:
        if not self.terminal:
            typer.echo(self._line(stage), err=True)
            return
        with self.lock:
            self.stage, self.fraction = stage, fraction
            self._draw()

    def _draw(self) -> None:
        import shutil

        filled = round(self.fraction * self.WIDTH)
        line = f"{'█' * filled}{'░' * (self.WIDTH - filled)} {self._line(self.stage)}"
        width = shutil.get_terminal_size().columns - 1
        typer.echo(f"\r{line[:width]:<{width}}", err=True, nl=False)

    def _tick(self) -> None:
        while not self.stopped.wait(0.5):
            with self.lock:
                if self.stage:
                    self._draw()

    def close(self) -> None:
        """End the bar's line, full, so the next message starts on a line of its own."""
        self.stopped.set()
        if self.terminal:
            self.show(gettext("Done"), 1.0)
            typer.echo("", err=True)


@app.command(help=_("Create an administrator account."))
def createsuperuser(
    username: Annotated[str, typer.Option(prompt=True, help=_("Login name."))],
    email: Annotated[str, typer.Option(help=_("E-mail address."))] = "",
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="MUTUALITY_PASSWORD",
            help=_("Password (or set MUTUALITY_PASSWORD)."),
        ),
    ] = "",
) -> None:
    _setup()
    _migrate()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        _fail(gettext("A user called '%(username)s' already exists.") % {"username": username})
    try:
        validate_password(password, user_model(username=username, email=email))
    except ValidationError as error:
        _fail(gettext("Password not accepted: %(reasons)s") % {"reasons": " ".join(error.messages)})
    user_model.objects.create_superuser(username=username, email=email, password=password)
    typer.echo(gettext("Administrator '%(username)s' created.") % {"username": username})


@app.command(
    "api-token", help=_("Create a token for the JSON API; it is shown once, only a hash of it is kept.")
)
def api_token(
    username: Annotated[str, typer.Argument(help=_("The user the token acts as."))],
    name: Annotated[str, typer.Option("--name", help=_("What the token is for, e.g. a script's name."))] = "",
) -> None:
    _setup()
    _migrate()
    from django.contrib.auth import get_user_model

    from mutuality.api.models import ApiToken

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        _fail(gettext("No active user called '%(username)s'.") % {"username": username})
    _token, secret = ApiToken.issue(user, name)
    typer.echo(secret)
    typer.echo(
        gettext("Send it as the header 'Authorization: Bearer <token>'. It is not shown again."), err=True
    )


@app.command(
    "vocabulary",
    help=_(
        "List the framework vocabulary: keys, labels, definitions and where in the study each comes from."
    ),
)
def show_vocabulary(
    name: Annotated[
        str | None, typer.Argument(help=_("One vocabulary, e.g. dimension; all if left out."))
    ] = None,
) -> None:
    from mutuality.framework import VOCABULARIES

    if name and name not in VOCABULARIES:
        _setup()  # only for the message's language: listing needs no database
        _fail(
            gettext("There is no vocabulary called '%(name)s'. The vocabularies are: %(names)s.")
            % {"name": name, "names": ", ".join(VOCABULARIES)},
            status=2,
        )
    chosen = [VOCABULARIES[name]] if name else list(VOCABULARIES.values())
    for vocab in chosen:
        typer.secho(f"{vocab.key} — {vocab.label} ({vocab.source})", bold=True)
        for term in vocab:
            typer.echo(f"  {term.key:32} {term.label}  [{term.source}]")
            typer.echo(f"  {'':32} {term.definition}")


@app.command(
    "export-qdpx",
    help=_(
        "Export sources, codes, codings, memos, cases and variables as a REFI-QDA project (.qdpx).\n\nReal names are replaced, as in every export, unless --with-names."
    ),
)
def export_qdpx(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help=_("File to write; default mutuality.qdpx or <key>.qdpx.")),
    ] = None,
    partnership: Annotated[
        str | None,
        typer.Option("--partnership", "-p", help=_("Only the sources of this partnership, by name or key.")),
    ] = None,
    with_names: Annotated[
        bool,
        typer.Option(
            "--with-names",
            help=_("Keep real names in titles, texts, memos and citations (replaced by default)."),
        ),
    ] = False,
    offsets: Annotated[
        OffsetUnit,
        typer.Option(
            "--offsets",
            help=_(
                "Count selections in Unicode code points, as the standard says, or in UTF-16 code units, as NVivo reads them."
            ),
        ),
    ] = OffsetUnit.codepoints,
) -> None:
    _setup()
    _migrate()
    from mutuality.formats.refi_qda import offsets as units
    from mutuality.formats.refi_qda.exporting import write_qdpx

    chosen = _partnership(partnership) if partnership else None
    path = output or Path(f"{chosen.key if chosen else 'mutuality'}.qdpx")
    with path.open("wb") as stream:
        unit = units.UTF16 if offsets is OffsetUnit.utf16 else units.CODE_POINTS
        summary = write_qdpx(stream, chosen, with_names=with_names, units=unit)
    for line in summary.left_out:
        typer.echo(f"- {line}", err=True)
    typer.echo(gettext("Wrote %(file)s (%(summary)s)") % {"file": path, "summary": summary}, err=True)


@app.command(
    "export-qdc", help=_("Export the codebook (framework and own codes) as a REFI-QDA codebook (.qdc).")
)
def export_qdc(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=_("File to write; standard output if left out."))
    ] = None,
) -> None:
    _setup()
    _migrate()
    from mutuality.formats.refi_qda.exporting import codebook_bytes

    data = codebook_bytes()
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    output.write_bytes(data)
    typer.echo(gettext("Wrote %(file)s") % {"file": output}, err=True)


@app.command(
    "import-qdpx",
    help=_(
        "Import a REFI-QDA project or codebook from another QDA tool: all of it or, on any problem, nothing."
    ),
)
def import_qdpx(
    file: Annotated[Path, typer.Argument(help=_("A REFI-QDA project (.qdpx) or codebook (.qdc)."))],
    partnership: Annotated[
        str | None,
        typer.Option(
            "--partnership",
            "-p",
            help=_(
                "The partnership, by name or key, that takes the sources no case of the file places in one."
            ),
        ),
    ] = None,
) -> None:
    _setup()
    _migrate()
    from mutuality.formats.refi_qda.importing import import_file
    from mutuality.formats.refi_qda.package import QdaImportError

    chosen = _partnership(partnership) if partnership else None
    try:
        data = file.read_bytes()
    except OSError as error:
        _fail(gettext("%(file)s cannot be read: %(reason)s") % {"file": file, "reason": error.strerror})
    try:
        report = import_file(data, file.name, partnership=chosen)
    except QdaImportError as error:
        _fail(str(error))
    typer.echo(str(report))


@app.command(
    "import-sheet",
    help=_("Import spreadsheets (templates or exports, edited): every row or, if any has a problem, none."),
)
def import_sheet(
    files: Annotated[
        list[Path],
        typer.Argument(
            help=_("Excel workbooks (.xlsx), CSV files named after their table, or zips of CSVs.")
        ),
    ],
) -> None:
    _setup()
    _migrate()
    from mutuality.formats.sheetfiles import SpreadsheetError
    from mutuality.formats.spreadsheets import import_files

    try:
        typer.echo(str(import_files(files)))
    except SpreadsheetError as error:
        _fail(str(error))


@app.command(
    "export-sheet",
    help=_("Write the partnership data (or an empty template) as an Excel workbook or a zip of CSV files."),
)
def export_sheet(
    output: Annotated[
        Path, typer.Argument(help=_("File to write: .xlsx for a workbook, .zip for CSV files."))
    ],
    template: Annotated[
        bool, typer.Option("--template", help=_("Write an empty template instead of the data."))
    ] = False,
    partnership: Annotated[
        str | None,
        typer.Option(
            "--partnership", "-p", help=_("Only this partnership (by name or key) and its records.")
        ),
    ] = None,
) -> None:
    _setup()
    _migrate()
    from mutuality.formats import spreadsheets
    from mutuality.partnerships.models import Partnership

    chosen = Partnership.objects.filter(pk=_partnership(partnership).pk) if partnership else None
    rows = spreadsheets.template_rows() if template else spreadsheets.export_rows(chosen)
    if output.suffix.lower() == ".xlsx":
        output.write_bytes(spreadsheets.xlsx_bytes(rows))
    elif output.suffix.lower() == ".zip":
        output.write_bytes(spreadsheets.csv_zip_bytes(rows))
    else:
        _fail(gettext("Name the file .xlsx (a workbook) or .zip (CSV files)."))
    typer.echo(gettext("Wrote %(file)s") % {"file": output}, err=True)


@app.command(
    "export-history",
    help=_(
        "Export the history of every record as CSV: when, who, how, what, and the values before and after."
    ),
)
def export_history(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=_("CSV file to write; standard output if left out."))
    ] = None,
) -> None:
    _setup()
    _migrate()
    from mutuality.formats.history_log import write_history_csv

    if output is None:
        write_history_csv(sys.stdout)
        return
    with output.open("w", encoding="utf-8", newline="") as stream:
        count = write_history_csv(stream)
    typer.echo(gettext("%(count)s changes written.") % {"count": count}, err=True)


@app.command(
    "respondent-export",
    help=_(
        "Write everything held about one respondent as JSON (subject access): record, identity, consent, the sources where they are the respondent with every text, and the codings on them."
    ),
)
def respondent_export(
    key: Annotated[str, typer.Argument(help=_("The respondent's key."))],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help=_("JSON file to write; standard output if left out.")),
    ] = None,
) -> None:
    _setup()
    _migrate()
    import json

    from mutuality.privacy.subject import UnknownRespondent, respondent_data

    try:
        text = json.dumps(respondent_data(key), ensure_ascii=False, indent=2) + "\n"
    except UnknownRespondent as error:
        _fail(str(error))
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        output.chmod(0o600)
        typer.echo(gettext("Wrote %(file)s") % {"file": output}, err=True)


@app.command(
    "respondent-delete",
    help=_(
        "Erase a respondent: their identity, the sources where they are the respondent, every version, coding and memo on those, and their past history; all or nothing. Prints what was removed."
    ),
)
def respondent_delete(
    key: Annotated[str, typer.Argument(help=_("The respondent's key."))],
    yes: Annotated[bool, typer.Option("--yes", help=_("Do not ask for confirmation."))] = False,
) -> None:
    _setup()
    _migrate()
    from mutuality.evidence.models import Respondent
    from mutuality.privacy.subject import UnknownRespondent, erase_respondent

    if not Respondent.objects.filter(key=key).exists():
        _fail(str(UnknownRespondent(key)))
    if not yes:
        typer.confirm(
            gettext("Erase respondent %(key)s and their sources for good?") % {"key": key}, abort=True
        )
    try:
        typer.echo(str(erase_respondent(key)))
    except UnknownRespondent as error:
        _fail(str(error))
    from mutuality.assistant.store import forget_models

    forget_models()  # they quote the erased sources' passages; the next `suggest` trains anew


@app.command(
    help=_("Write a consistent backup of the whole database, taken while the app runs, to a zip file.")
)
def backup(
    file: Annotated[Path, typer.Argument(help=_("The backup file to write (.zip); replaced if it exists."))],
) -> None:
    _setup()
    _migrate()
    from mutuality.formats.backup import write_backup

    typer.echo(str(write_backup(file)))


@app.command(help=_("Restore a backup into an empty database (SQLite or PostgreSQL): all of it or nothing."))
def restore(
    file: Annotated[Path, typer.Argument(help=_("A backup written by `mutuality backup`."))],
) -> None:
    _setup()
    from mutuality.formats.backup import RestoreError, restore_backup

    try:
        summary = restore_backup(file)
    except RestoreError as error:
        _fail(str(error))
    typer.echo(str(summary))


atlas_app = typer.Typer(
    help=_("The atlas of twinning networks: twin-town lists and migrant stocks in, the network in figures."),
    no_args_is_help=True,
)
app.add_typer(atlas_app, name="atlas")


@atlas_app.command(
    "import",
    help=_(
        "Import twin-town lists and UN DESA migrant stocks (CSV, told apart by their columns): all rows or, if any is invalid, none."
    ),
)
def atlas_import(
    files: Annotated[list[Path], typer.Argument(help=_("CSV files: twin-town pairs or migrant stocks."))],
) -> None:
    _setup()
    _migrate()
    from mutuality.formats.atlas import import_files
    from mutuality.formats.problems import DataFileError

    try:
        report = import_files(files)
    except DataFileError as error:
        _fail(str(error))
    typer.echo(str(report))


@atlas_app.command(
    "stats",
    help=_(
        "The link register in figures: cities, links, countries, connected parts, degree, communities, distances, the most connected cities; for the world, a country, a country pair or a municipality."
    ),
)
def atlas_stats(
    country: Annotated[str, typer.Option("--country", help=_("A country's ISO code, e.g. NL."))] = "",
    pair: Annotated[str, typer.Option("--pair", help=_("Two ISO codes, e.g. NL-MA."))] = "",
    municipality: Annotated[
        str, typer.Option("--municipality", help=_("A municipality's key or name."))
    ] = "",
    top: Annotated[int, typer.Option("--top", min=1, help=_("How many of the most connected cities."))] = 10,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print the figures as JSON."))] = False,
) -> None:
    _setup()
    _migrate()
    import json

    from mutuality.analysis.network import Scope
    from mutuality.atlas.stats import scope_figures

    if sum(map(bool, (country, pair, municipality))) > 1:
        _fail(gettext("Give one of --country, --pair and --municipality."), 2)
    if municipality:
        scope = Scope("municipality", municipality_id=_atlas_municipality(municipality).pk)
    else:
        try:
            scope = Scope.parse(country or pair)
        except ValueError:
            _fail(
                gettext("'%(scope)s' is not a country code (NL) nor a pair of them (NL-MA).")
                % {"scope": country or pair},
                2,
            )
        if (pair and scope.kind != "pair") or (country and scope.kind != "country"):
            _fail(
                gettext("'%(scope)s' is not a country code (NL) nor a pair of them (NL-MA).")
                % {"scope": country or pair},
                2,
            )
    figures = scope_figures(scope, top=top)
    if as_json:
        typer.echo(json.dumps(figures.as_dict(), indent=2))
        return
    _print_figures(figures)


def _print_figures(figures: NetworkFigures) -> None:
    """The figures of ``mutuality atlas stats``, one a line, readable."""
    labels = {
        "cities": gettext("Cities"),
        "links": gettext("Links"),
        "countries": gettext("Countries"),
        "components": gettext("Connected parts"),
        "largest_component": gettext("Cities in the largest connected part"),
    }
    for key, label in labels.items():
        typer.echo(f"{label}: {getattr(figures, key)}")
    if figures.radius:
        typer.echo(
            gettext(
                "Around the municipality: its cities, their partners and their partners' partners (radius %(radius)d)."
            )
            % {"radius": figures.radius}
        )
    degree = figures.degree
    typer.echo(
        gettext("Links a city: mean %(mean)s, median %(median)s, most %(max)d.")
        % {"mean": degree.mean, "median": degree.median, "max": degree.max}
    )
    typer.echo(
        gettext("Cities with 1, 2, 3… links: %(counts)s")
        % {"counts": ", ".join(f"{d}: {n}" for d, n in degree.distribution[:10])}
    )
    communities = figures.communities
    typer.echo(
        gettext("Communities (Louvain, fixed seed): %(count)d; the largest:") % {"count": communities.count}
    )
    for community in communities.largest[:5]:
        countries = ", ".join(f"{code or '?'} {n}" for code, n in community.countries)
        typer.echo(f"  {community.size} ({countries})")
    distances = figures.distances
    if distances.measured:
        typer.echo(
            gettext("Link lengths over %(count)d links: median %(median)s km, quartiles %(q1)s–%(q3)s km.")
            % {
                "count": distances.measured,
                "median": distances.median_km,
                "q1": distances.q1_km,
                "q3": distances.q3_km,
            }
        )
    if distances.within_one_country is not None:
        typer.echo(
            gettext("Links within one country: %(share)s%%.")
            % {"share": round(100 * distances.within_one_country, 1)}
        )
    if figures.most_connected:
        typer.echo(gettext("The most connected cities:"))
        for city in figures.most_connected:
            typer.echo(f"  {city.name} ({city.country or '?'}) #{city.id}: {city.degree}")


def _atlas_municipality(name_or_key: str) -> Municipality:
    """The municipality named by key or name; if none or several, a message saying so."""
    from mutuality.atlas.matching import municipality_called

    found = municipality_called(name_or_key)
    if len(found) == 1:
        return found[0]
    if found:
        _fail(
            gettext("Several municipalities are called '%(name)s'; give the key of one: %(keys)s.")
            % {"name": name_or_key, "keys": ", ".join(m.key for m in found)},
            2,
        )
    _fail(gettext("No municipality is called '%(name)s' (give its name or key).") % {"name": name_or_key}, 2)


@atlas_app.command(
    "match",
    help=_(
        "Match the atlas's cities to the municipalities again; or, by hand, set a municipality's city (MUNICIPALITY CITY_ID) or clear it (MUNICIPALITY --clear)."
    ),
)
def atlas_match(
    municipality: Annotated[str, typer.Argument(help=_("A municipality's key or name."))] = "",
    city: Annotated[int | None, typer.Argument(help=_("The city's number in the atlas."))] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help=_("Clear the municipality's city, for good."))
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print the matching as JSON."))] = False,
) -> None:
    _setup()
    _migrate()
    import json

    from mutuality.atlas.matching import MatchRefused, match_by_hand, match_municipalities
    from mutuality.atlas.models import City
    from mutuality.formats.atlas import matching_lines

    if municipality:
        if (city is None) == (not clear):
            _fail(gettext("Give the city's number or --clear, not both."), 2)
        chosen = _atlas_municipality(municipality)
        if city is not None and not City.objects.filter(pk=city).exists():
            _fail(gettext("The atlas has no city %(id)d.") % {"id": city}, 2)
        try:
            match_by_hand(chosen, city)
        except MatchRefused:
            _fail(gettext("City %(id)d is merged into another: match that one.") % {"id": city})
    matching = match_municipalities()
    if as_json:
        typer.echo(json.dumps(matching.as_dict(), indent=2, ensure_ascii=False))
        return
    for line in matching_lines(matching):
        typer.echo(line)


@atlas_app.command(
    "merges", help=_("The cities merged from several rows of the lists: by which rule, from where.")
)
def atlas_merges(
    as_json: Annotated[bool, typer.Option("--json", help=_("Print the merges as JSON."))] = False,
) -> None:
    _setup()
    _migrate()
    import json

    from mutuality.atlas.merging import merge_groups
    from mutuality.atlas.models import MERGE_RULES

    groups = merge_groups()
    if as_json:
        typer.echo(json.dumps(groups, indent=2, ensure_ascii=False))
        return
    rules = dict(MERGE_RULES)
    for group in groups:
        typer.echo(
            f"#{group['id']} {group['name']} ({group['country']}) {group['wikidata']} {group['source']}".rstrip()
        )
        for row in group["merged"]:  # type: ignore[attr-defined]
            typer.echo(
                f"  ← #{row['id']} {row['name']} {row['wikidata']} [{rules.get(row['rule'], row['rule'])}] {row['source']}"
            )


@atlas_app.command(
    "unmerge",
    help=_(
        "Split a merged city back into the rows of the lists that named it (a row merged into another: that row), for good; links derived again."
    ),
)
def atlas_unmerge(
    city: Annotated[
        int, typer.Argument(help=_("The city's number in the atlas (see `mutuality atlas merges`)."))
    ],
) -> None:
    _setup()
    _migrate()
    from mutuality.atlas.merging import NotMerged, unmerge
    from mutuality.atlas.models import City

    try:
        split = unmerge(city)
    except City.DoesNotExist:
        _fail(gettext("The atlas has no city %(id)d.") % {"id": city}, 2)
    except NotMerged:
        _fail(gettext("City %(id)d is merged with no other.") % {"id": city})
    typer.echo(
        ngettext("%(count)d city split off: %(ids)s.", "%(count)d cities split off: %(ids)s.", len(split))
        % {"count": len(split), "ids": ", ".join(f"#{pk}" for pk in split)}
    )


@atlas_app.command(
    "unmatched",
    help=_("The cities whose country the lists name in a way not read as ISO 3166, with file and line."),
)
def atlas_unmatched(
    as_json: Annotated[bool, typer.Option("--json", help=_("Print the cities as JSON."))] = False,
) -> None:
    _setup()
    _migrate()
    import json

    from mutuality.atlas.matching import unmatched_cities

    cities = unmatched_cities()
    if as_json:
        typer.echo(json.dumps(cities, indent=2, ensure_ascii=False))
        return
    for city in cities:
        sources = ", ".join(city["sources"])  # type: ignore[arg-type]
        typer.echo(f"#{city['id']} {city['name']} ({city['country_label'] or gettext('(blank)')}): {sources}")


@atlas_app.command(
    "discover",
    help=_(
        "Candidate partners for a municipality, ranked by reasons shown with their points: a migration corridor, partners of its partners, similar size. Cities already linked to it are left out."
    ),
)
def atlas_discover(
    municipality: Annotated[str, typer.Argument(help=_("A municipality's key or name."))],
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country", help=_("Only cities in this country (ISO code, e.g. MA); repeat for more.")
        ),
    ] = None,
    exclude_country: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude-country", help=_("Leave out cities in this country (ISO code); repeat for more.")
        ),
    ] = None,
    min_population: Annotated[
        int | None,
        typer.Option("--min-population", min=0, help=_("Only cities of at least this many people.")),
    ] = None,
    max_population: Annotated[
        int | None,
        typer.Option("--max-population", min=0, help=_("Only cities of at most this many people.")),
    ] = None,
    must_have: Annotated[
        list[str] | None,
        typer.Option(
            "--must-have",
            help=_(
                "Only cities that score on this reason: size, corridor or partners_of_partners; repeat for more."
            ),
        ),
    ] = None,
    home_country: Annotated[
        bool, typer.Option("--home-country", help=_("Include cities in the municipality's own country."))
    ] = False,
    top: Annotated[int, typer.Option("--top", min=1, help=_("How many candidates."))] = 20,
    per_country: Annotated[
        int,
        typer.Option("--per-country", min=0, help=_("At most this many candidates a country (0: no limit).")),
    ] = 3,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print the candidates as JSON."))] = False,
) -> None:
    _setup()
    _migrate()
    import json

    from mutuality.analysis.discovery import REASONS, Filters
    from mutuality.atlas.discovery import NotMatched, discover_partners

    chosen = _atlas_municipality(municipality)
    codes = [code.strip().upper() for code in (country or [])]
    excluded = [code.strip().upper() for code in (exclude_country or [])]
    unknown = [reason for reason in must_have or [] if reason not in REASONS]
    if unknown:
        _fail(
            gettext("'%(reason)s' is not a reason; the reasons are: %(reasons)s.")
            % {"reason": unknown[0], "reasons": ", ".join(REASONS)},
            2,
        )
    filters = Filters(
        frozenset(codes),
        frozenset(excluded),
        min_population,
        max_population,
        frozenset(must_have or ()),
        home_country,
    )
    try:
        found = discover_partners(chosen, filters=filters, top=top, per_country=per_country or None)
    except NotMatched:
        _fail(
            gettext(
                "%(name)s is matched to no city of the atlas, so it has no links to start from. Import the "
                "twin-town lists (`mutuality atlas import FILE…`), or match it to a city by hand "
                "(`mutuality atlas match %(key)s CITY_NUMBER`)."
            )
            % {"name": chosen.name, "key": chosen.key}
        )
    if as_json:
        candidates = [candidate.as_dict(gettext) for candidate in found.candidates]
        typer.echo(json.dumps(candidates, indent=2, ensure_ascii=False))
        return
    _print_discovery(found, per_country)


def _print_discovery(found: Discovery, per_country: int) -> None:
    """The ranked list of ``mutuality atlas discover``: each candidate, its score and its reasons."""
    home = found.home
    typer.echo(
        ngettext(
            "Candidate partners for %(name)s: %(count)d city weighed; %(linked)d already linked to it left out.",
            "Candidate partners for %(name)s: %(count)d cities weighed; %(linked)d already linked to it left out.",
            found.weighed,
        )
        % {"name": home.name, "count": found.weighed, "linked": found.already_linked}
    )
    if home.population is None:
        typer.echo(
            gettext("The population of %(name)s is not known: sizes are not compared.") % {"name": home.name}
        )
    typer.echo(
        gettext(
            "Score: the sum of the points of each reason. Migrants are counted by country (UN DESA), not by town."
        )
    )
    if per_country:
        typer.echo(gettext("At most %(count)d cities a country (--per-country).") % {"count": per_country})
    if not found.candidates:
        typer.echo(gettext("No city fits."))
    for rank, candidate in enumerate(found.candidates, 1):
        place = candidate.place
        typer.echo(f"{rank:>3}. {place.name} ({place.country or '?'}) #{place.id}: {candidate.score:.2f}")
        for reason in candidate.reasons:
            typer.echo(f"       +{reason.points:.2f}  {gettext(reason.message) % reason.params}")


def main() -> None:
    # Whatever a command creates — the data folder, the database and its -wal/-shm files, backups,
    # exports, the server's files — is readable by its owner only (docs/deploy.md).
    os.umask(UMASK)
    app()


if __name__ == "__main__":
    main()
