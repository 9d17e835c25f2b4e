"""Numbers too large (or too small) for the database are "no such record" or a bad request, never a crash.

``?code=99999999999999999999`` is a whole number to Python, but SQLite raises OverflowError and
PostgreSQL a DataError for it (a bigint is at most 2**63 - 1). Every URL with an integer in its path
is requested with such numbers, and every page with every query parameter its views read, as an
administrator who may see everything: 400 or 404, never 500.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from mutuality.evidence.queries import PassageFilter
from mutuality.ids import MAX_ID, IdConverter, parse_id
from tests.accounts.conftest import World, client_for
from tests.accounts.conftest import world as world  # noqa: F401 - the fixture

HUGE = ("99999999999999999999", "-99999999999999999999", str(MAX_ID + 1))

#: Reading a query parameter in a view: request.GET.get("name"), .getlist("name"), query_params.get("name").
READS = re.compile(r"""(?:GET|query_params)\.(?:get|getlist)\(\s*f?["']([a-z_]+)(\{index\})?["']""")
#: Handing the query to a form, which reads its fields: SomeForm(request.GET).
FORM_READS = re.compile(r"\b(\w+Form)\(\s*request\.GET\b")


def patterns(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """Every URL pattern of the app, with the route that leads to it."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith("admin/"):
                yield from patterns(entry, route)
        else:
            yield route, entry


def parameters_read(pattern: URLPattern) -> set[str]:
    """The query parameters a view reads: in its own code, the functions of its module it calls
    (and they call), the fields of a form it hands the query to, and for an API view set its filters."""
    callback = pattern.callback
    owner = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if owner is not None:
        classes = [c for c in owner.__mro__ if c.__module__.startswith("mutuality.")]
        names = {name for c in classes for name in getattr(c, "filters", {})}
        return names | _read_in([inspect.getsource(c) for c in classes], inspect.getmodule(owner))
    function = inspect.unwrap(callback)
    if not function.__module__.startswith("mutuality."):
        return set()
    return _read_in([inspect.getsource(function)], inspect.getmodule(function))


def _read_in(code: list[str], module: object) -> set[str]:
    names: set[str] = set()
    seen: set[str] = set()
    while code:
        text = code.pop()
        for name, numbered in READS.findall(text):
            names.add(name)
            if numbered:
                names.update(f"{name}{n}" for n in (1, 2, 3))
        if "PassageFilter.from_query(" in text:
            names.update(field.name for field in dataclasses.fields(PassageFilter))
        for form_name in FORM_READS.findall(text):
            names.update(getattr(module, form_name).base_fields)
        for called in re.findall(r"\b(\w+)\(", text):
            helper = getattr(module, called, None)
            if called not in seen and inspect.isfunction(helper) and helper.__module__ == module.__name__:
                seen.add(called)
                code.append(inspect.getsource(helper))
    return names


def fill(route: str, values: dict[str, str]) -> str:
    """A route with each <converter:name> replaced by the given value for its name."""
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: values[m.group(2)], route)


def known_values(world: World) -> dict[str, str]:
    """Real values for the parameters of a route that are not integers."""
    return {
        "key": world.p1.key,
        "partnership": world.p1.key,
        "side": world.side_a.municipality.key,
        "model": "partnerships.partnership",
        "kind": "actors",
        "record": world.records[("actors", "A")].key,
        "ident": world.open_source.key,
        "fmt": "xlsx",
        "table": "actors",
        "token": "no-such-token",
        "uidb64": "MQ",
        "job_id": "00000000-0000-0000-0000-000000000000",  # a report job: none such, 404
        "batch": "00000000-0000-0000-0000-000000000000",  # a batch of reminders: none such
        "municipality": world.side_a.municipality.key,  # the atlas's candidate partners
        "one": "NL",  # the atlas's corridor between two countries
        "other": "TR",
    }


def companions(world: World, route: str) -> dict[str, object]:
    """Valid values of the parameters without which a page would not read the one being tried."""
    if route == "agreement/":
        return {"coder": ["admin", "researcher"]}  # without two coders, no code is read
    if route == "query/":
        return {"code": str(world.code.pk)}  # code1…code3 are read after a first code
    return {}


def integer_names(route: str) -> list[str]:
    return re.findall(r"<(?:int|id):(\w+)>", route)


def admin(world: World) -> Client:
    """The administrator's client; a server error is answered (500), not raised into the test."""
    client = client_for(world, "admin")
    client.raise_request_exception = False
    return client


def test_the_id_parser_takes_only_ascii_digits_within_the_databases_range():
    assert parse_id("42") == 42 and parse_id(" 7 ") == 7 and parse_id(str(MAX_ID)) == MAX_ID
    for bad in ("", "-1", "+1", "1.0", "1e3", "²", "٣", "0x10", str(MAX_ID + 1), "9" * 40, None, 3):
        assert parse_id(bad) is None, bad
    converter = IdConverter()
    assert re.fullmatch(converter.regex, "9" * 19) and not re.fullmatch(converter.regex, "9" * 20)
    with pytest.raises(ValueError):
        converter.to_python(str(MAX_ID + 1))


def test_every_integer_in_a_path_is_a_bounded_id():
    """The <int:…> converter takes any number of digits; ids use <id:…>, which stops at the largest id."""
    unbounded = [route for route, _pattern in patterns() if "<int:" in route]
    assert unbounded == []
    assert any("<id:" in route for route, _pattern in patterns())


def test_out_of_range_ids_in_paths_are_not_found(world):
    """Every URL with an id in its path (about 20), with two numbers each, by GET and POST."""
    client = admin(world)
    values = known_values(world)
    failures = []
    for route, _pattern in patterns():
        names = integer_names(route)
        for name in names:
            for number in HUGE[::2]:  # a negative number does not match the path at all
                url = fill(route, {**values, **{n: str(world.code.pk) for n in names}, name: number})
                for method in (client.get, client.post):
                    code = method(url).status_code
                    if code not in (400, 404, 405):
                        failures.append((method.__name__, url, code))
    assert failures == []


def test_out_of_range_numbers_in_query_parameters_never_crash(world):
    """Every page with every query parameter its view reads (about 150 pairs), each with a number
    too large and one too small: 300 requests, about 3 s. An API filter answers 400; a page answers
    400, or leaves the number out as it leaves out any value that is not an id (a framework matrix
    of the default codes, the last page of a list)."""
    client = admin(world)
    values = known_values(world)
    failures = []
    for route, pattern in patterns():
        url = fill(route, {**values, **{n: str(world.code.pk) for n in integer_names(route)}})
        for name in sorted(parameters_read(pattern)):
            for number in HUGE[:2]:
                code = client.get(url, {**companions(world, route), name: number}).status_code
                if code >= 500:
                    failures.append((url, name, number, code))
    assert failures == []


def test_a_coding_form_with_out_of_range_code_and_project_ids_codes_nothing(world):
    client = admin(world)
    source = world.open_source
    before = source.current.codings.count()
    text = source.current.text
    selection = {"start": 4, "end": 8, "quote": text[4:8]}
    for number in HUGE:
        no_code = client.post(f"/sources/{source.key}/codings/", {**selection, "codes": [number]})
        assert no_code.status_code == 302  # back to the source, with "Choose at least one code."
        no_project = client.post(
            f"/sources/{source.key}/codings/", {**selection, "codes": [world.code.pk], "projects": [number]}
        )
        assert no_project.status_code == 400
    assert source.current.codings.count() == before
