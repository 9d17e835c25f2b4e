"""Accounts end to end: invitations, members and coders, organisations, password reset, throttling, sessions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mutuality.accounts.idle import SEEN
from mutuality.accounts.models import Assignment, Invitation, Membership, Organisation
from mutuality.accounts.roles import Role
from tests.accounts.conftest import World, client_for

SESSION_HOURS = 8  # the default

User = get_user_model()
PASSWORD = "a-long-test-password"
NEW_PASSWORD = "plum-harbour-lantern-42"


def invite(world: World, **fields: object) -> str:
    """A new invitation for a partner editor of side A; its token."""
    defaults = {
        "email": "ayse@example.org",
        "partnership": world.p1,
        "role": Role.PARTNER_EDITOR,
        "side": world.side_a,
    }
    _invitation, token = Invitation.issue(created_by=world.users["admin"], **{**defaults, **fields})
    return token


def accept(client: Client, token: str, username: str = "ayse") -> object:
    data = {"username": username, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return client.post(reverse("invitation-accept", args=[token]), data)


def counts() -> tuple[int, int]:
    return User.objects.count(), Membership.objects.count()


# --- invitations -------------------------------------------------------------------------------


def test_the_administrator_invites_by_email_and_sees_the_link_once(world):
    organisation = Organisation.objects.create(name="Emirdağ Belediyesi", kind="municipality")
    admin = client_for(world, "admin")
    response = admin.post(
        reverse("invitation-new", args=[world.p1.key]),
        {
            "email": "ayse@example.org",
            "role": Role.PARTNER_EDITOR,
            "side": world.side_a.pk,
            "organisation": organisation.pk,
        },
    )
    assert response.status_code == 200
    link = re.search(
        r'value="(http://testserver/accounts/invitations/[^"]+/)"', response.content.decode()
    ).group(1)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ayse@example.org"]
    assert link in mail.outbox[0].body
    invitation = Invitation.objects.get()
    assert link.rstrip("/").rsplit("/", 1)[1] not in invitation.token_hash  # only the hash is kept
    assert (invitation.role, invitation.side, invitation.organisation) == (
        Role.PARTNER_EDITOR,
        world.side_a,
        organisation,
    )
    members_page = admin.get(reverse("members", args=[world.p1.key])).content.decode()
    assert "ayse@example.org" in members_page and link not in members_page


def test_a_side_role_needs_a_side_and_nothing_is_sent_without_it(world):
    response = client_for(world, "admin").post(
        reverse("invitation-new", args=[world.p1.key]),
        {"email": "ayse@example.org", "role": Role.CONTRIBUTOR},
    )
    assert response.status_code == 400
    assert "choose it" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_accepting_an_invitation_creates_one_user_and_one_membership(world):
    token = invite(world)
    users, memberships = counts()
    client = Client()
    assert "Create my account" in client.get(reverse("invitation-accept", args=[token])).content.decode()
    response = accept(client, token)
    assert response.status_code == 302 and response["Location"] == reverse("partnership", args=[world.p1.key])
    assert counts() == (users + 1, memberships + 1)
    user = User.objects.get(username="ayse")
    assert user.email == "ayse@example.org" and user.check_password(NEW_PASSWORD) and not user.is_superuser
    membership = user.memberships.get()
    assert (membership.partnership, membership.role, membership.side) == (
        world.p1,
        Role.PARTNER_EDITOR,
        world.side_a,
    )
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    assert client.get(reverse("partnership", args=[world.p1.key])).status_code == 200  # logged in


def test_the_password_validators_apply(world):
    token = invite(world)
    users, memberships = counts()
    response = Client().post(
        reverse("invitation-accept", args=[token]),
        {"username": "ayse", "password1": "password", "password2": "password"},
    )
    assert response.status_code == 200
    assert "too common" in response.content.decode()
    assert counts() == (users, memberships)
    assert Invitation.find(token) is not None  # still open


def test_an_expired_link_is_refused_and_changes_nothing(world):
    token = invite(world)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    users, memberships = counts()
    client = Client()
    page = client.get(reverse("invitation-accept", args=[token]))
    assert page.status_code == 410
    assert "has expired or has been used already" in page.content.decode()
    assert accept(client, token).status_code == 410
    assert counts() == (users, memberships)
    assert Invitation.objects.get().accepted_at is None


def test_a_used_link_is_refused_and_changes_nothing(world):
    token = invite(world)
    accept(Client(), token)
    users, memberships = counts()
    second = Client()
    response = accept(second, token, username="someone-else")
    assert response.status_code == 410
    assert "has expired or has been used already" in response.content.decode()
    assert counts() == (users, memberships)
    assert not User.objects.filter(username="someone-else").exists()
    assert client_for(world, "viewer").post(reverse("invitation-accept", args=[token])).status_code == 410


def test_a_withdrawn_invitation_no_longer_works(world):
    token = invite(world)
    admin = client_for(world, "admin")
    admin.post(reverse("invitation-withdraw", args=[world.p1.key, Invitation.objects.get().pk]))
    assert Client().get(reverse("invitation-accept", args=[token])).status_code == 410


def test_a_logged_in_user_accepting_only_gains_the_membership(world):
    token = invite(world, role=Role.RESEARCHER, side=None)
    viewer = client_for(world, "viewer")
    users, memberships = counts()
    page = viewer.get(reverse("invitation-accept", args=[token]))
    assert "You are logged in as <strong>viewer</strong>" in page.content.decode()
    assert counts() == (users, memberships)  # opening the link alone changes nothing
    response = viewer.post(reverse("invitation-accept", args=[token]))
    assert response.status_code == 302
    assert counts() == (users, memberships + 1)
    assert set(world.users["viewer"].memberships.values_list("role", flat=True)) == {
        Role.VIEWER,
        Role.RESEARCHER,
    }


def test_someone_with_an_account_logs_in_from_the_invitation_and_comes_back_to_it(world):
    token = invite(world, role=Role.VIEWER, side=None)
    link = reverse("invitation-accept", args=[token])
    client = Client()
    assert f"{reverse('login')}?next={link}" in client.get(link).content.decode()
    response = client.post(reverse("login"), {"username": "coder", "password": PASSWORD, "next": link})
    assert response.status_code == 302 and response["Location"] == link
    assert "Accept the invitation" in client.get(link).content.decode()


def test_a_mistyped_link_is_refused(world):
    assert Client().get(reverse("invitation-accept", args=["not-a-token"])).status_code == 410


# --- members and coders ------------------------------------------------------------------------


def test_researchers_read_the_members_page_and_administrators_change_it(world):
    page = client_for(world, "researcher").get(reverse("members", args=[world.p1.key]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "editor" in text and "Partner editor" in text and "Emirdağ" in text
    assert reverse("member-add", args=[world.p1.key]) not in text  # researchers only read the list

    admin = client_for(world, "admin")
    response = admin.post(
        reverse("member-add", args=[world.p1.key]), {"user": world.users["outsider"].pk, "role": Role.VIEWER}
    )
    assert response.status_code == 302
    added = Membership.objects.get(user=world.users["outsider"], partnership=world.p1)
    again = admin.post(
        reverse("member-add", args=[world.p1.key]), {"user": world.users["outsider"].pk, "role": Role.VIEWER}
    )
    assert again.status_code == 400 and "already holds that role" in again.content.decode()
    admin.post(reverse("member-remove", args=[world.p1.key, added.pk]))
    assert not Membership.objects.filter(pk=added.pk).exists()


def test_a_member_of_another_partnership_cannot_be_removed_through_this_one(world):
    other = Membership.objects.get(user=world.users["outsider"])
    response = client_for(world, "admin").post(reverse("member-remove", args=[world.p1.key, other.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


def test_a_researcher_assigns_the_partnerships_sources_to_its_coders(world):
    Assignment.objects.all().delete()
    researcher = client_for(world, "researcher")
    url = reverse("assignment-add", args=[world.p1.key])
    response = researcher.post(url, {"source": world.open_source.pk, "coder": world.users["coder"].pk})
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.source, assignment.coder, assignment.assigned_by) == (
        world.open_source,
        world.users["coder"],
        world.users["researcher"],
    )
    assert client_for(world, "coder").get(reverse("source", args=[world.open_source.key])).status_code == 200
    for source, coder in (
        (world.other_source, world.users["coder"]),  # another partnership's source
        (world.confidential_source, world.users["coder"]),  # confidential: researchers only
        (world.open_source, world.users["viewer"]),  # not a coder here
    ):
        refused = researcher.post(url, {"source": source.pk, "coder": coder.pk})
        assert refused.status_code == 400
    assert Assignment.objects.count() == 1
    researcher.post(reverse("assignment-remove", args=[world.p1.key, assignment.pk]))
    assert not Assignment.objects.exists()


# --- organisations -------------------------------------------------------------------------------


def test_the_administrator_creates_and_edits_organisations_and_names_are_escaped(world):
    admin = client_for(world, "admin")
    response = admin.post(
        reverse("organisation-new"), {"name": "<b>Göç</b> Derneği", "kind": "migrant_organisation"}
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    text = admin.get(reverse("organisations")).content.decode()
    assert "&lt;b&gt;Göç&lt;/b&gt; Derneği" in text and "<b>Göç</b>" not in text
    admin.post(
        reverse("organisation-edit", args=[organisation.pk]),
        {"name": "Göç Derneği", "kind": "ngo", "municipality": world.side_a.municipality.pk},
    )
    organisation.refresh_from_db()
    assert (organisation.name, organisation.kind, organisation.municipality) == (
        "Göç Derneği",
        "ngo",
        world.side_a.municipality,
    )


# --- password reset ------------------------------------------------------------------------------


def test_the_login_page_links_to_password_reset(db):
    assert reverse("password_reset") in Client().get(reverse("login")).content.decode()


def test_a_password_reset_email_is_sent_and_its_link_sets_a_new_password(world):
    user = world.users["viewer"]
    user.email = "viewer@example.org"
    user.save()
    client = Client()
    response = client.post(reverse("password_reset"), {"email": "viewer@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["viewer@example.org"]
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Set my password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert "not valid" in client.get(link, follow=True).content.decode()  # the link works once


def test_no_email_for_an_unknown_address(db):
    Client().post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert mail.outbox == []


# --- login throttling ----------------------------------------------------------------------------


def login(client: Client, username: str, password: str) -> object:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_after_five_failures_even_the_right_password_is_refused(world):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "viewer", "wrong").status_code == 200
    fifth = login(client, "viewer", "wrong")
    assert fifth.status_code == 429
    sixth = login(client, "viewer", PASSWORD)
    assert sixth.status_code == 429
    text = sixth.content.decode()
    assert "Too many failed logins" in text and "even with the right password" in text
    assert "15 minutes" in text
    assert "_auth_user_id" not in client.session
    # Another username from another address is not affected (this address is locked too: throttling.py).
    assert login(Client(REMOTE_ADDR="192.0.2.9"), "researcher", PASSWORD).status_code == 302


def test_a_successful_login_starts_the_count_again(world):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "viewer", "wrong")
    assert login(client, "viewer", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert login(client, "viewer", "wrong").status_code == 200  # not locked


# --- sessions ------------------------------------------------------------------------------------


def test_an_idle_session_expires_and_activity_extends_it(world):
    client = Client()
    assert login(client, "researcher", PASSWORD).status_code == 302
    members = reverse("members", args=[world.p1.key])
    key = client.session.session_key
    # Within a minute of the last write, a request does not write the session again.
    written = Session.objects.get(pk=key).expire_date
    assert client.get(members).status_code == 200
    assert Session.objects.get(pk=key).expire_date == written
    # Eight hours less five minutes later (the session written then), a request extends it.
    session = client.session
    session[SEEN] -= SESSION_HOURS * 3600 - 300
    session.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=5))
    assert client.get(members).status_code == 200
    extended = Session.objects.get(pk=key).expire_date
    assert extended > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)

    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(members)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_sessions_last_eight_idle_hours_by_default():
    assert settings.SESSION_COOKIE_AGE == SESSION_HOURS * 3600


def test_a_visitor_without_a_session_gets_none_from_keeping_sessions_alive(world):
    client = Client()
    assert client.get(reverse("login")).status_code == 200
    assert not Session.objects.exists()


# --- CSRF ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,args,role",
    [
        ("login", lambda w: [], None),
        ("password_reset", lambda w: [], None),
        ("invitation-accept", lambda w: [invite(w)], None),
        ("member-add", lambda w: [w.p1.key], "admin"),
        ("invitation-new", lambda w: [w.p1.key], "admin"),
        ("assignment-add", lambda w: [w.p1.key], "researcher"),
        ("organisation-new", lambda w: [], "admin"),
    ],
)
def test_forms_refuse_a_post_without_a_csrf_token(world, name, args, role):
    client = Client(enforce_csrf_checks=True)
    if role:
        client.force_login(world.users[role])
    users, memberships = counts()
    response = client.post(reverse(name, args=args(world)), {"email": "x@example.org", "role": Role.VIEWER})
    assert response.status_code == 403
    assert counts() == (users, memberships) and not Invitation.objects.filter(email="x@example.org").exists()
