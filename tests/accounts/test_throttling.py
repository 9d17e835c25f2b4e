"""Failed logins are limited per username across addresses, and per address across usernames."""

from __future__ import annotations

import re

from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.formats import get_format

from tests.accounts.conftest import World

PASSWORD = "a-long-test-password"
LIMIT = settings.AXES_FAILURE_LIMIT
ACCOUNTS = ("researcher", "coder", "editor", "contributor", "viewer")


def login(username: str, password: str, address: str, **headers: str) -> object:
    client = Client(REMOTE_ADDR=address, **headers)
    return client.post(reverse("login"), {"username": username, "password": password})


def test_failures_for_one_username_from_many_addresses_lock_that_username(world: World):
    for n in range(LIMIT - 1):
        assert login("viewer", "wrong", f"192.0.2.{n + 1}").status_code == 200
    assert login("viewer", "wrong", f"192.0.2.{LIMIT}").status_code == 429  # the last failure locks
    refused = login("viewer", PASSWORD, "203.0.113.50")
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "Too many failed logins for this username" in text and "even with the right password" in text
    assert "from your address" not in text  # the new address is not locked, only the username
    assert login("researcher", PASSWORD, "203.0.113.50").status_code == 302


def test_one_address_trying_many_accounts_is_locked(world: World):
    assert len(ACCOUNTS) == LIMIT
    for username in ACCOUNTS[:-1]:
        assert login(username, "wrong", "198.51.100.7").status_code == 200
    assert login(ACCOUNTS[-1], "wrong", "198.51.100.7").status_code == 429
    refused = login("outsider", PASSWORD, "198.51.100.7")  # an account it never tried
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "Too many failed logins from your address" in text and "even with the right password" in text
    assert "for this username" not in text
    assert login("outsider", PASSWORD, "198.51.100.8").status_code == 302  # the account itself is not locked


def test_a_login_to_an_own_account_does_not_start_the_address_count_again(world: World):
    for username in ACCOUNTS[:-1]:
        login(username, "wrong", "198.51.100.7")
    assert login("outsider", PASSWORD, "198.51.100.7").status_code == 302  # the attacker's own account
    assert login("viewer", "wrong", "198.51.100.7").status_code == 429  # the fifth failure still locks


def test_the_lock_out_message_says_when_to_try_again_in_the_readers_language(world: World):
    for n in range(LIMIT):
        login("viewer", "wrong", f"192.0.2.{n + 1}")
    last = AccessAttempt.objects.filter(username="viewer").latest("attempt_time").attempt_time
    until = timezone.localtime(last + settings.AXES_COOLOFF_TIME)
    page = login("viewer", PASSWORD, "203.0.113.50", HTTP_ACCEPT_LANGUAGE="nl")
    assert page.status_code == 429
    text = " ".join(page.content.decode().split())
    with translation.override("nl"):
        time = dateformat.time_format(until, get_format("TIME_FORMAT"))
        minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
        expected = translation.ngettext(
            "Too many failed logins for this username. Logging in with it is refused, even with the right "
            "password, for %(minutes)s minute, until %(time)s; try again after that, or reset your password.",
            "Too many failed logins for this username. Logging in with it is refused, even with the right "
            "password, for %(minutes)s minutes, until %(time)s; try again after that, or reset your password.",
            minutes,
        ) % {"minutes": minutes, "time": time}
    assert re.fullmatch(r"\d\d:\d\d", time)  # Dutch: 24 hours
    assert expected in text


def test_setting_a_new_password_by_email_lifts_the_lock_on_the_username(world: World):
    viewer = world.users["viewer"]
    viewer.email = "viewer@example.org"
    viewer.save()
    for n in range(LIMIT):
        login("viewer", "wrong", f"192.0.2.{n + 1}")
    client = Client(REMOTE_ADDR="203.0.113.50")
    client.post(reverse("password_reset"), {"email": "viewer@example.org"})
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new = "plum-harbour-lantern-42"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert login("viewer", new, "203.0.113.50").status_code == 302


def test_the_administration_login_counts_against_the_same_limits(world: World):
    for n in range(LIMIT):
        login("admin", "wrong", f"192.0.2.{n + 1}")
    client = Client(REMOTE_ADDR="203.0.113.50")
    response = client.post(
        reverse("admin:login"), {"username": "admin", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
