"""Every user-facing message goes through Django's translation functions.

The static checks read the source: a message handed to a problem, an error or
the command line must come from ``gettext`` and friends (or be computed), never
be an English literal or f-string; and every translated string formatted with
``%`` gets exactly the placeholders it names. The runtime checks load bad files
in Dutch with a made-up catalogue, so each message is seen to be translated and
still formats.
"""

from __future__ import annotations

import ast
import functools
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import trans_real

import mutuality
from mutuality.checks import check_database
from mutuality.formats.data_load import LoadSummary, load_documents, load_files
from mutuality.formats.problems import DataFileError
from mutuality.partnerships.models import Exchange
from tests.formats.datasets import VALID_DATASET, variant, write

SOURCE = Path(mutuality.__file__).parent

# Django's translation functions, by name, and which arguments are message ids.
TRANSLATION_FUNCTIONS = {
    "gettext": (0,),
    "gettext_lazy": (0,),
    "gettext_noop": (0,),
    "ngettext": (0, 1),
    "ngettext_lazy": (0, 1),
    "pgettext": (1,),
    "pgettext_lazy": (1,),
    "npgettext": (1, 2),
    "npgettext_lazy": (1, 2),
}

# Calls whose message must be translated: name -> (position, keyword) of the message.
MESSAGE_ARGUMENTS = {
    "Problem": (4, "message"),
    "file_problem": (2, "message"),
    "FieldValueError": (0, "message"),
    "ValidationError": (0, "message"),
    "DataFileError": (0, "problems"),
    "RecordProblem": (3, "message"),
    "_fail": (0, "message"),
}
SELF_METHOD_ARGUMENTS = {"problem": (3, "message")}  # self.problem(record, where, field, message)
TYPER_ARGUMENTS = {"echo": (0, "message"), "secho": (0, "message")}

CONVERSION = re.compile(r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa]")


def source_files() -> list[Path]:
    return sorted(path for path in SOURCE.rglob("*.py") if "migrations" not in path.relative_to(SOURCE).parts)


@dataclass(frozen=True)
class Message:
    """One string passed to a translation function."""

    function: str
    context: str | None
    ids: tuple[str, ...]


class Module:
    """One source file: where Django's translation functions are imported under which names."""

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.tree = ast.parse(text)
        self.functions: dict[str, str] = {}  # local name -> Django function
        self.modules: set[str] = set()  # local names of django.utils.translation
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for alias in node.names:
                    if alias.name in TRANSLATION_FUNCTIONS:
                        self.functions[alias.asname or alias.name] = alias.name
            elif isinstance(node, ast.ImportFrom) and node.module == "django.utils":
                self.modules |= {
                    alias.asname or alias.name for alias in node.names if alias.name == "translation"
                }
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "django.utils.translation" and alias.asname:
                        self.modules.add(alias.asname)
        self.parents = {
            child: parent for parent in ast.walk(self.tree) for child in ast.iter_child_nodes(parent)
        }

    def translation_function(self, node: ast.AST) -> str | None:
        """The Django function ``node`` calls, if it is a translation call."""
        if not isinstance(node, ast.Call):
            return None
        if isinstance(node.func, ast.Name):
            return self.functions.get(node.func.id)
        if (
            isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in self.modules
            and node.func.attr in TRANSLATION_FUNCTIONS
        ):
            return node.func.attr
        return None

    def where(self, node: ast.AST) -> str:
        return f"{self.name}:{getattr(node, 'lineno', '?')}"

    # --- messages handed over untranslated ------------------------------------------

    def untranslated(self) -> Iterator[str]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                argument = self.message_argument(node)
                if argument is not None:
                    for bad in self.literal_parts(argument):
                        yield f"{self.where(bad)}: {ast.unparse(bad)[:70]}"

    def message_argument(self, call: ast.Call) -> ast.expr | None:
        func = call.func
        spec = None
        if isinstance(func, ast.Name):
            spec = MESSAGE_ARGUMENTS.get(func.id)
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if func.value.id == "self":
                spec = SELF_METHOD_ARGUMENTS.get(func.attr)
            elif func.value.id == "typer":
                spec = TYPER_ARGUMENTS.get(func.attr)
            elif func.attr in MESSAGE_ARGUMENTS and func.attr[0].isupper():
                spec = MESSAGE_ARGUMENTS[func.attr]  # e.g. forms.ValidationError
        if spec is None:
            return None
        position, keyword = spec
        if len(call.args) > position and not any(isinstance(a, ast.Starred) for a in call.args[:position]):
            return call.args[position]
        return next((k.value for k in call.keywords if k.arg == keyword), None)

    def literal_parts(self, node: ast.expr) -> Iterator[ast.expr]:
        """Parts of a message expression that are words written in the code, not translated."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if wordy(node.value):
                yield node
        elif isinstance(node, ast.JoinedStr):
            if any(wordy(part.value) for part in node.values if isinstance(part, ast.Constant)):
                yield node
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            yield from self.literal_parts(node.left)
            if isinstance(node.op, ast.Add):
                yield from self.literal_parts(node.right)
        elif isinstance(node, ast.IfExp):
            yield from self.literal_parts(node.body)
            yield from self.literal_parts(node.orelse)
        elif isinstance(node, ast.Dict):  # ValidationError({field: message})
            for value in node.values:
                yield from self.literal_parts(value)
        elif isinstance(node, ast.List | ast.Tuple):
            for element in node.elts:
                yield from self.literal_parts(element)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant | ast.JoinedStr)
        ):
            yield from self.literal_parts(node.func.value)
        elif function := self.translation_function(node):
            assert isinstance(node, ast.Call)
            for index in TRANSLATION_FUNCTIONS[function]:
                if index < len(node.args) and not isinstance(node.args[index], ast.Constant):
                    yield node.args[index]  # an f-string or expression: nothing to extract

    # --- placeholders -------------------------------------------------------------------

    def messages(self) -> Iterator[tuple[ast.Call, Message]]:
        for node in ast.walk(self.tree):
            function = self.translation_function(node)
            if function is None:
                continue
            assert isinstance(node, ast.Call)
            args = node.args
            ids = tuple(
                args[i].value
                for i in TRANSLATION_FUNCTIONS[function]
                if i < len(args) and isinstance(args[i], ast.Constant) and isinstance(args[i].value, str)
            )
            if len(ids) != len(TRANSLATION_FUNCTIONS[function]):
                continue
            context = None
            if function.startswith(("pgettext", "npgettext")) and isinstance(args[0], ast.Constant):
                context = args[0].value
            yield node, Message(function, context, ids)

    def placeholder_problems(self) -> Iterator[str]:
        for call, message in self.messages():
            named: set[str] = set()
            for text in message.ids:
                names = [match.group("name") for match in CONVERSION.finditer(text.replace("%%", ""))]
                unnamed = names.count(None)
                if unnamed > 1 or (unnamed and len(names) > 1):
                    yield f"{self.where(call)}: use named placeholders in {text!r}"
                named |= {name for name in names if name is not None}
            formatted, supplied = self.supplied(call)
            if not formatted:
                if named and not self.formatted_later(call):
                    yield f"{self.where(call)}: {message.ids[0]!r} is never given {sorted(named)}"
            elif supplied is not None and named != supplied:
                yield f"{self.where(call)}: {message.ids[0]!r} needs {sorted(named)}, is given {sorted(supplied)}"

    def supplied(self, call: ast.Call) -> tuple[bool, set[str] | None]:
        """Whether a translated string is formatted, and with which keys (None if they cannot be read)."""
        parent = self.parents.get(call)
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Mod) and parent.left is call:
            return True, dict_keys(parent.right)
        if isinstance(parent, ast.Call):  # ValidationError(message, params={...})
            params = next((k.value for k in parent.keywords if k.arg == "params"), None)
            if params is not None:
                return True, dict_keys(params)
        return False, None

    def formatted_later(self, call: ast.Call) -> bool:
        """True for ``x = gettext("... %(n)s")`` when ``x % {...}`` comes later in the function."""
        parent = self.parents.get(call)
        while parent is not None and not isinstance(
            parent, ast.FunctionDef | ast.AsyncFunctionDef | ast.Module
        ):
            parent = self.parents.get(parent)
        return parent is not None and any(
            isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and not is_literal(node.left)
            for node in ast.walk(parent)
        )


def dict_keys(node: ast.expr) -> set[str] | None:
    """The keys of a dictionary display, or None if it is not one with only literal keys."""
    if not isinstance(node, ast.Dict):
        return None
    keys = [key.value for key in node.keys if isinstance(key, ast.Constant) and isinstance(key.value, str)]
    return set(keys) if len(keys) == len(node.keys) else None


def is_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant | ast.JoinedStr)


def wordy(text: str) -> bool:
    """Layout such as "- " or "  " is not a message; anything with a letter is."""
    return any(char.isalpha() for char in text)


@functools.cache
def modules() -> tuple[Module, ...]:
    """Every source file, parsed once per test process (about a second): the source does not change."""
    return tuple(
        Module(path.read_text(encoding="utf-8"), str(path.relative_to(SOURCE))) for path in source_files()
    )


# --- static checks ---------------------------------------------------------------------


def test_the_source_is_found():
    """Often the first of a process to read the source: it parses every file (about 2 s), the others reuse it."""
    names = {module.name for module in modules()}
    assert {"cli.py", "checks.py", "formats/data_load.py", "formats/schema.py"} <= names


def test_messages_are_never_handed_over_untranslated():
    found = [problem for module in modules() for problem in module.untranslated()]
    assert not found, "messages not passed through gettext:\n" + "\n".join(found)


def test_translated_strings_get_exactly_the_placeholders_they_name():
    found = [problem for module in modules() for problem in module.placeholder_problems()]
    assert not found, "\n".join(found)


def test_the_framework_marker_is_not_taken_for_gettext():
    module = Module((SOURCE / "framework" / "vocabulary.py").read_text(encoding="utf-8"), "vocabulary.py")
    assert "_" not in module.functions


BAD_SNIPPETS = {
    "literal problem": 'Problem(name, 1, "file", None, "is broken")',
    "keyword message": 'Problem(name, 1, "file", None, message=f"is {x}")',
    "f-string error": 'raise FieldValueError(f"expected {x}")',
    "validation dict": 'raise ValidationError({"field": "Wrong."})',
    "record problem": 'RecordProblem(model, label, field, f"{x} is not allowed")',
    "self.problem": 'self.problem(record, where, "key", "is used twice")',
    "_fail": '_fail("Nope.")',
    "concatenation": '_fail(gettext("Password not accepted: ") + "try again")',
    "formatted literal": 'typer.echo("Wrote %s" % output)',
    "secho": 'typer.secho(f"Wrote {output}")',
    "str.format": 'typer.echo("Wrote {}".format(output))',
    "f-string in gettext": 'typer.echo(gettext(f"Wrote {output}"))',
}
GOOD_SNIPPETS = {
    "gettext": 'Problem(name, 1, "file", None, _("is broken"))',
    "formatted gettext": 'raise FieldValueError(_("expected %(x)s") % {"x": x})',
    "ngettext": '_fail(ngettext("%(n)d problem.", "%(n)d problems.", n) % {"n": n})',
    "computed": "self.problem(record, where, field_name, message)",
    "str of error": "_fail(str(error))",
    "layout only": 'typer.echo(f"- {problem}")',
    "lazy dict": 'raise ValidationError({"field": gettext_lazy("Wrong.")})',
}
IMPORTS = "from django.utils.translation import gettext, gettext_lazy, ngettext\nfrom django.utils.translation import gettext as _\n"


@pytest.mark.parametrize("snippet", BAD_SNIPPETS.values(), ids=BAD_SNIPPETS.keys())
def test_the_check_finds_an_untranslated_message(snippet):
    assert list(Module(IMPORTS + snippet, "snippet.py").untranslated())


@pytest.mark.parametrize("snippet", GOOD_SNIPPETS.values(), ids=GOOD_SNIPPETS.keys())
def test_the_check_accepts_a_translated_message(snippet):
    assert list(Module(IMPORTS + snippet, "snippet.py").untranslated()) == []


def test_a_local_underscore_is_not_gettext():
    module = Module('def _(m):\n    return m\n_fail(_("Nope."))\n', "snippet.py")
    assert list(module.untranslated()) == []  # the argument is a call, so computed: allowed
    assert list(module.messages()) == []


@pytest.mark.parametrize(
    "snippet",
    [
        '_("unknown %(vocabulary)s %(value)s") % {"vocabulary": v}',
        '_("unknown %(value)s") % {"value": v, "extra": e}',
        'ngettext("%(count)d problem", "%(n)d problems", n) % {"count": n}',
        '_("%s is not %s") % (a, b)',
        'typer.echo(_("Wrote %(file)s"))',
    ],
)
def test_the_check_finds_missing_or_positional_placeholders(snippet):
    assert list(Module(IMPORTS + textwrap.dedent(snippet), "snippet.py").placeholder_problems())


# --- in Dutch ----------------------------------------------------------------------------


@pytest.fixture
def pseudo_dutch(monkeypatch):
    """Dutch with every message of ours "translated" as «message», for the length of a test."""
    catalogue = trans_real.DjangoTranslation("nl")
    for module in modules():
        for _call, message in module.messages():
            prefix = f"{message.context}\x04" if message.context is not None else ""
            if len(message.ids) == 1:
                catalogue._catalog[prefix + message.ids[0]] = f"«{message.ids[0]}»"
            else:
                singular, plural = message.ids
                catalogue._catalog[(prefix + singular, 0)] = f"«{singular}»"
                catalogue._catalog[(prefix + singular, 1)] = f"«{plural}»"
    monkeypatch.setitem(trans_real._translations, "nl", catalogue)
    with translation.override("nl"):
        yield


def problems_in(paths: list[Path]) -> DataFileError:
    with pytest.raises(DataFileError) as error:
        load_files(paths)
    return error.value


def assert_translated(error: DataFileError, at_least: int) -> None:
    text = str(error)
    count = len(error.problems)
    assert count >= at_least, text
    assert text.startswith(f"«{count} problems found, nothing was loaded:»\n"), text
    for problem in error.problems:
        assert str(problem).startswith("«") and str(problem).endswith("»"), str(problem)
        assert problem.message.startswith("«"), str(problem)
        assert f"  - {problem}" in text


@pytest.mark.django_db
def test_loader_messages_are_translated_and_formatted_in_dutch(tmp_path, pseudo_dutch):
    text = VALID_DATASET.replace(
        "municipalities:\n", "format: mutuality/9\ncolours: []\nmunicipalities:\n", 1
    )
    text = variant("population: 61000", "population: -3", text)
    text = variant("country: MA", "country: Atlantis", text)
    text = variant("start_year: 2007\n    end_year: 2010\n    focus", "start_year: 99\n    focus", text)
    text = variant("municipalities: [zeist, berkane]", "municipalities: [zeist, zeist, berkane]", text)
    text = variant("    since: 2004\n", "    since: 2004\n    colour: red\n", text)
    error = problems_in([write(tmp_path, text)])
    assert_translated(error, 7)
    assert "«unknown list; allowed: format, municipalities, support_programmes, partnerships»" in str(error)
    assert "«a municipality is listed twice»" in str(error)


@pytest.mark.django_db
def test_nested_record_messages_are_translated_and_formatted_in_dutch(tmp_path, pseudo_dutch):
    text = variant("roles: [coordinator, initiator]", "roles: [coordinator, juggler]")
    text = variant("skills: [process]", "skills: process", text)
    text = variant("amount: 4000", "amount: lots", text)
    text = variant("actor: berkane-municipality\n        project", "actor: nobody\n        project", text)
    text = variant('end: "2008-06"', 'end: "2009"', text)
    text = variant("        form: adaptation\n", "        form: adaptation\n        colour: red\n", text)
    text = variant("        recognised: true\n", "        recognised: yes please\n", text)
    text = variant(
        "key: zeist-moroccan-youth\n        side: zeist",
        "key: zeist-moroccan-youth\n        side: utrecht",
        text,
    )
    error = problems_in([write(tmp_path, text)])
    assert_translated(error, 8)
    assert "«give start and end equally precisely (start is a «month», end a «year»)»" in str(error)
    assert "«no actor 'nobody' in this partnership" in str(error)


@pytest.mark.django_db
def test_file_messages_are_translated_and_formatted_in_dutch(tmp_path, pseudo_dutch):
    broken = write(tmp_path, "municipalities:\n  - key: x\n    name: [X\n", "broken.yaml")
    twice = write(tmp_path, "municipalities: []\nmunicipalities: []\n", "twice.yaml")
    json_file = write(tmp_path, '{"municipalities": [}', "bad.json")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: Besançon\n".encode("latin-1"))
    error = problems_in([broken, twice, json_file, latin, tmp_path / "missing.yaml"])
    assert_translated(error, 5)
    assert "«the key 'municipalities' appears twice in one record»" in str(error)
    error = problems_in([write(tmp_path, "- just a list\n", "list.yaml")])
    assert str(error).startswith("«1 problem found, nothing was loaded:»\n")
    assert "«expected a mapping with lists»" in str(error)


@pytest.mark.django_db
def test_the_load_summary_is_translated_in_dutch(pseudo_dutch):
    assert str(load_documents([])) == "«nothing to load»"
    summary = LoadSummary()
    summary.created["municipalities"] = 1
    summary.updated["municipalities"] = 2
    assert str(summary) == "«municipalities: «1 new», «2 updated»»"


@pytest.mark.django_db
def test_check_messages_are_translated_in_dutch(tmp_path, pseudo_dutch):
    load_files([write(tmp_path, VALID_DATASET)])
    Exchange.objects.update(method="carrier_pigeon")
    [problem] = check_database()
    assert problem.message.startswith("«'carrier_pigeon' is not a exchange_method key; allowed: ")
    assert str(problem).startswith("«") and "field 'method'" in str(problem)


def test_every_diagnostic_fact_is_marked_for_makemessages():
    """The analysis is free of Django, so its messages carry the ``_`` marker that xgettext reads;
    the report layer translates them when it shows a fact."""
    tree = ast.parse((SOURCE / "analysis" / "diagnostics.py").read_text(encoding="utf-8"))
    facts = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "Fact"]
    assert facts
    unmarked = [
        f"line {fact.lineno}"
        for fact in facts
        if not (
            isinstance(fact.args[0], ast.Call)
            and getattr(fact.args[0].func, "id", "") == "_"
            and is_literal(fact.args[0].args[0])
        )
    ]
    assert not unmarked, "facts without the _() marker: " + ", ".join(unmarked)
