"""Two partnerships, a user in every role on the first, and records and sources on both sides."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from mutuality.accounts.models import Assignment, Membership
from mutuality.accounts.roles import Role
from mutuality.evidence.codebook import framework_code
from mutuality.evidence.models import Code, Coding, Respondent, Source
from mutuality.evidence.versions import add_version
from mutuality.formats.data_load import load_documents
from mutuality.partnerships.models import Actor, Exchange, LearningOutcome, Partnership, Project
from tests.web.conftest import SMALL_DATASET

ROLES = ("anonymous", "admin", "researcher", "coder", "editor", "contributor", "viewer", "outsider")


@dataclass
class World:
    p1: Partnership
    p2: Partnership
    users: dict[str, Any]
    open_source: Source
    confidential_source: Source
    other_source: Source
    coding: Coding
    code: Code
    respondent: Respondent
    side_a: Any
    side_b: Any
    records: dict[str, Any] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # role -> session key (client_for)


@pytest.fixture
def world(db: None) -> World:
    two = {
        **SMALL_DATASET,
        "partnerships": [
            *SMALL_DATASET["partnerships"],
            {"key": "zeist-berkane-test", "name": "Zeist–Emirdağ", "municipalities": ["zeist", "emirdag"]},
        ],
    }
    load_documents([("two partnerships", two)])
    p1 = Partnership.objects.get(key="haarlem-emirdag")
    p2 = Partnership.objects.get(key="zeist-berkane-test")
    side_a = p1.sides.get(municipality__key="emirdag")
    side_b = p1.sides.get(municipality__key="haarlem")
    make = get_user_model().objects.create_user
    users = {
        name: make(name, password="a-long-test-password")
        for name in ROLES
        if name not in ("anonymous", "admin")
    }
    users["admin"] = get_user_model().objects.create_superuser("admin", password="a-long-test-password")
    users["anonymous"] = None
    for name, role, side in (
        ("researcher", Role.RESEARCHER, None),
        ("coder", Role.CODER, None),
        ("editor", Role.PARTNER_EDITOR, side_a),
        ("contributor", Role.CONTRIBUTOR, side_a),
        ("viewer", Role.VIEWER, None),
    ):
        Membership.objects.create(user=users[name], partnership=p1, side=side, role=role)
    Membership.objects.create(user=users["outsider"], partnership=p2, role=Role.RESEARCHER)

    def source(title: str, partnership: Partnership, confidential: bool) -> Source:
        made = Source.objects.create(title=title, kind="interview", confidential=confidential)
        made.partnerships.add(partnership)
        add_version(made, f"{title} text about waste and trust.", user=users["admin"])
        return made

    open_source = source("The open interview", p1, False)
    confidential = source("Off the record", p1, True)
    other = source("Elsewhere", p2, False)
    Assignment.objects.create(source=open_source, coder=users["coder"])
    code = framework_code("dimension", "process_trust")
    version = open_source.current
    coding = Coding.objects.create(version=version, start=4, end=8, code=code, coder=users["researcher"])
    respondent = Respondent.objects.create(key="r-1", label="R1", role="officer", side=side_a)
    records: dict[tuple[str, str], Any] = {}
    for where, side in (("A", side_a), ("B", side_b)):
        records[("actors", where)] = Actor.objects.create(
            partnership=p1, side=side, name=f"Actor {where}", type="local_government"
        )
        records[("objectives", where)] = p1.objectives.create(side=side, type="international_norms")
        records[("learning", where)] = LearningOutcome.objects.create(
            partnership=p1,
            side=side,
            description=f"Learned {where}",
            form="transfer",
            created_by=users["contributor"] if where == "A" else None,
        )
        records[("resources", where)] = p1.resources.create(side=side, kind="in_kind")
    records[("projects", "A")] = Project.objects.get(partnership=p1, key="waste")
    records[("exchanges", "A")] = Exchange.objects.get(partnership=p1, key="visit")
    return World(
        p1, p2, users, open_source, confidential, other, coding, code, respondent, side_a, side_b, records
    )


def client_for(world: World, role: str, *, shared_session: bool = False) -> Client:
    """A new client signed in as ``role``, with a session of its own.

    With ``shared_session`` (the authorization matrix: one request per client, each rolled back)
    the role's session is made once per world and each client gets its own copy of the cookie:
    signing in writes a session and sends the login signals, a third of a matrix request.
    """
    client = Client()
    user = world.users[role]
    if user is None:
        return client
    if not shared_session:
        client.force_login(user)
        return client
    if role not in world.sessions:
        signed_in = Client()
        signed_in.force_login(user)
        world.sessions[role] = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client
