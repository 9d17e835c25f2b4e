"""The OpenAPI description is valid, and property-based requests against it never cause a server error.

Schemathesis generates requests for every operation from the description
(valid and invalid bodies, query strings and path parameters) and sends them
to the Django WSGI app as an administrator, on the case studies; half of the
requests name a real partnership and record. Each runs in a savepoint rolled
back afterwards, so every request sees the same data.
``MUTUALITY_API_EXAMPLES`` sets the examples per operation (default 40).
"""

from __future__ import annotations

import os
import random
from collections import Counter

import pytest
import schemathesis
import yaml
from django.core import signals
from django.db import close_old_connections, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from mutuality.api.models import ApiToken
from mutuality.partnerships.models import Partnership
from mutuality.wsgi import application

EXAMPLES = int(os.environ.get("MUTUALITY_API_EXAMPLES", "40"))
RECORDS = {
    "actors": "actors",
    "objectives": "objectives",
    "projects": "projects",
    "exchanges": "exchanges",
    "learning-outcomes": "learning_outcomes",
    "resources": "resources",
}


def description() -> dict:
    response = Client().get(reverse("api-schema"))
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_openapi_description_is_valid(db):
    """Generates the whole description once in this process (about 3 s: every serializer is walked)."""
    spec = description()
    validate(spec)
    assert "/api/v1/partnerships/{partnership}/objectives/{key}/" in spec["paths"]
    assert spec["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"
    paths = spec["paths"]
    assert {"post"} <= set(paths["/api/v1/sources/"]) and {"put", "patch"} <= set(
        paths["/api/v1/sources/{key}/"]
    )
    assert {"post"} <= set(paths["/api/v1/codes/"]) and {"put", "patch"} <= set(paths["/api/v1/codes/{id}/"])
    assert {"post"} <= set(paths["/api/v1/codings/"])
    assert {"put", "patch", "delete"} <= set(paths["/api/v1/codings/{id}/"])
    assert "code points" in paths["/api/v1/codings/"]["post"]["description"]


def test_the_documentation_page_needs_nothing_from_elsewhere(db):
    page = Client().get(reverse("api-docs")).content.decode()
    assert "swagger" in page.lower() and "http" not in page.replace("http-equiv", "")


def real_keys() -> dict[str, list]:
    """Path values that exist: per collection, keys (or ids) of its records; records of one partnership."""
    from django.db.models import Count

    from mutuality.evidence.models import Code, Coding, Source
    from mutuality.partnerships.models import Municipality, SupportProgramme

    partnership = Partnership.objects.annotate(n=Count("learning_outcomes")).order_by("-n", "key").first()
    found: dict[str, list] = {
        "partnership": [partnership.key],
        "partnerships": list(Partnership.objects.values_list("key", flat=True)),
        "municipalities": list(Municipality.objects.values_list("key", flat=True)),
        "support-programmes": list(SupportProgramme.objects.values_list("key", flat=True)),
        "sources": list(Source.objects.values_list("key", flat=True)),
        "codes": list(Code.objects.values_list("pk", flat=True)),
        "codings": list(Coding.objects.values_list("pk", flat=True)),
    }
    for segment, related in RECORDS.items():
        found[segment] = list(getattr(partnership, related).values_list("key", flat=True)[:20]) or ["none"]
    return found


@pytest.fixture
def kept_connection():
    """As Django's test client does: the test's connection (and transaction) stays open across requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


PARTS = 4


@pytest.fixture(scope="module")
def every_operation(django_db_setup, django_db_blocker) -> list:
    """The API's operations as schemathesis reads them from the served description, once per
    process: generating the description takes about 4 s."""
    with django_db_blocker.unblock():
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
        return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("part", range(PARTS))
def test_no_request_causes_a_server_error(kept_connection, case_studies, every_operation, part):
    """Every operation, in four parts of a quarter each (about 12 s apiece), so they run in parallel."""
    admin = ApiToken._meta.get_field("user").related_model.objects.create_superuser(
        "api-admin", password="x-long-password"
    )
    headers = {"Authorization": f"Bearer {ApiToken.issue(admin)[1]}"}
    existing = real_keys()
    operations = every_operation[part::PARTS]
    failures: list[str] = []
    statuses: Counter[int] = Counter()

    def real(case, pick: int, use: bool):
        """Half the time, name real records in the path and the body (a coding's source and code, a
        code's parent, a source's partnership, so writes get past the look-ups to the rules behind
        them) and ask for the first page."""
        if not use:
            return case
        if isinstance(case.body, dict):
            body = dict(case.body)
            for name, collection in (("source", "sources"), ("code", "codes"), ("parent", "codes")):
                if name in body and existing.get(collection):
                    body[name] = existing[collection][pick % len(existing[collection])]
            if "partnerships" in body:
                body["partnerships"] = existing["partnership"]
            case.body = body
        parameters = dict(case.path_parameters or {})
        segments = case.operation.full_path.strip("/").split("/")  # api, v1, collection, …
        if "partnership" in parameters:
            parameters["partnership"] = existing["partnership"][0]
            collection = segments[4]
        else:
            collection = segments[2]
        for name in ("key", "id"):
            if name in parameters and existing.get(collection):
                parameters[name] = existing[collection][pick % len(existing[collection])]
        case.path_parameters = parameters
        if case.query:
            case.query = {name: value for name, value in case.query.items() if name != "page"}
        return case

    def runner(operation):
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(st.builds(real, operation.as_strategy(), st.integers(0, 100), st.booleans()))
        def run(case):
            with transaction.atomic():
                response = case.call(headers=headers)
                transaction.set_rollback(True)
            statuses[response.status_code] += 1
            if response.status_code >= 500:
                failures.append(f"{operation.label} → {response.status_code}: {case.as_curl_command()}")

        return run

    for operation in operations:
        runner(operation)()
    print(
        f"schemathesis: {len(operations)} operations, {statuses.total()} requests, statuses {dict(statuses)}"
    )
    assert len(every_operation) >= 50 and len(operations) >= len(every_operation) // PARTS
    assert not failures, "\n".join(random.sample(failures, min(10, len(failures))))
