"""An officer reminds those not heard from with a side's link: sent in the background, the page
following how far it has come; a link that is not the side's sends nothing."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from tests.web.selfassessment.conftest import setting  # noqa: F401
from tests.web.selfassessment.test_views import officer  # noqa: F401

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def remind(client, setting, url: str, addresses: str):  # noqa: F811
    link = setting.links[setting.sides[0].key]
    return client.post(
        reverse("assessment-link-remind", args=[setting.partnership.key, setting.round.pk, link.pk]),
        {"url": url, "addresses": addresses},
    )


def test_reminders_go_one_an_address_and_the_page_follows_them(
    setting,  # noqa: F811
    officer,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    settings.TASKS = IMMEDIATE
    token = setting.tokens[setting.sides[0].key]
    url = f"https://mutuality.example/a/{token}/"
    with django_capture_on_commit_callbacks(execute=True):  # sent once the request's work is committed
        answer = remind(officer, setting, url, "a@example.org\n\nb@example.org\n")
    assert answer.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all(token in message.body for message in mail.outbox)
    page = officer.get(answer["Location"]).content.decode()
    assert "2 of 2 sent." in page and 'http-equiv="refresh"' not in page
    # The same address again within the day: left out, and the officer told so.
    with django_capture_on_commit_callbacks(execute=True):
        again = remind(officer, setting, url, "a@example.org")
    assert len(mail.outbox) == 2
    assert "reminded less than a day ago" in officer.get(again["Location"]).content.decode()


def test_a_link_that_is_not_the_sides_sends_nothing(setting, officer, settings):  # noqa: F811
    settings.TASKS = IMMEDIATE
    other = setting.tokens[setting.sides[1].key]
    answer = remind(officer, setting, f"https://mutuality.example/a/{other}/", "a@example.org")
    assert answer.status_code == 302 and answer["Location"].endswith("/links/")
    assert mail.outbox == []
    page = officer.get(answer["Location"]).content.decode()
    assert 'class="errors' in page or "error" in page
