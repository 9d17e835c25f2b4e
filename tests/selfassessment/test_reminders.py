"""Reminders to those invited to a round: one email an address, in its language, at most once a day,
sent by the task worker, and nothing answered in them or in the log.

Email goes to Django's locmem backend (the test runner's), the tasks run at once (django-tasks'
immediate backend) after the request commits, as the worker would run them.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

import pytest
from django.core import mail
from django.utils import formats, timezone, translation

from mutuality.selfassessment.models import (
    Answer,
    Instrument,
    Item,
    Reminder,
    Response,
    Round,
    SideLink,
    Submission,
)
from mutuality.selfassessment.reminders import (
    Invitation,
    Recipient,
    RemindersRefused,
    ask_reminders,
    batch_progress,
    send_batch,
)
from tests.evidence.conftest import partnership  # noqa: F401

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SITE = "https://mutuality.example"


@pytest.fixture
def immediate(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def round(partnership):  # noqa: F811
    instrument = Instrument.objects.create(key="short", names={"en": "Short"})
    Item.objects.create(
        instrument=instrument,
        key="trust-1",
        vocabulary="dimension",
        term="process_trust",
        texts={"en": "We trust each other."},
    )
    today = timezone.localdate()
    return Round.objects.create(
        partnership=partnership,
        instrument=instrument,
        name="Spring 2026",
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=20),
    )


def sides(round):
    return list(round.partnership.sides.select_related("municipality").order_by("position", "id"))


def invitation(round, side, *recipients, token=None):
    link, issued = SideLink.issue(round, side)
    return Invitation(link, f"{SITE}/a/{token or issued}/", recipients)


def remind(round, *invitations, **options):
    return ask_reminders(round, invitations, **options)


def test_each_address_gets_one_email_with_the_round_its_closing_date_and_its_sides_link(
    round, immediate, django_capture_on_commit_callbacks
):
    first, second = sides(round)
    one = invitation(round, first, "a@example.org", "b@example.org")
    two = invitation(round, second, "c@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        asked = remind(round, one, two)
    assert asked.queued == 3 and not asked.already_reminded
    assert sorted(message.to[0] for message in mail.outbox) == [
        "a@example.org",
        "b@example.org",
        "c@example.org",
    ]
    to_c = next(message for message in mail.outbox if message.to == ["c@example.org"])
    assert "Spring 2026" in to_c.subject and round.partnership.name in to_c.subject
    assert two.url in to_c.body and one.url not in to_c.body
    assert second.municipality.name in to_c.body
    assert round.closes_on.strftime("%Y") in to_c.body and str(round.closes_on.day) in to_c.body
    assert batch_progress(asked.batch).sent == 3 and batch_progress(asked.batch).done


def test_a_reminder_is_in_the_recipients_language_or_else_the_sites(
    round, immediate, django_capture_on_commit_callbacks
):
    """The translated texts need the compiled catalogues with this module's messages (/tmp/tr/sdg.py)."""
    first, _second = sides(round)
    recipients = (
        Recipient("fr@example.org", "fr"),
        Recipient("ar@example.org", "ar"),
        Recipient("x@example.org", "xx"),
        "y@example.org",
    )
    with django_capture_on_commit_callbacks(execute=True):
        remind(round, invitation(round, first, *recipients))
    by_address = {message.to[0]: message for message in mail.outbox}
    with translation.override("fr"):
        french_date = formats.date_format(round.closes_on, "DATE_FORMAT")
    assert by_address["fr@example.org"].extra_headers["Content-Language"] == "fr"
    assert by_address["ar@example.org"].extra_headers["Content-Language"] == "ar"
    assert french_date in by_address["fr@example.org"].body
    for address in ("x@example.org", "y@example.org"):  # not a language of ours, or none given
        assert by_address[address].extra_headers["Content-Language"] == "en"
        assert by_address[address].subject.startswith("Reminder")
        assert french_date not in by_address[address].body
    assert by_address["fr@example.org"].subject.startswith("Rappel")


def test_an_address_is_reminded_once_a_day_in_a_round_whoever_asks(
    round, immediate, django_capture_on_commit_callbacks
):
    first, second = sides(round)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        remind(round, invitation(round, first, "a@example.org"), now=now)
        again = remind(
            round,
            invitation(round, first, "A@Example.org ", "b@example.org"),
            invitation(round, second, "a@example.org"),
            now=now + dt.timedelta(hours=23),
        )
    assert again.queued == 1 and again.already_reminded == ["A@Example.org ", "a@example.org"]
    assert [message.to for message in mail.outbox] == [["a@example.org"], ["b@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        tomorrow = remind(round, invitation(round, first, "a@example.org"), now=now + dt.timedelta(hours=25))
    assert tomorrow.queued == 1 and len(mail.outbox) == 3


def test_the_same_address_twice_in_one_request_gets_one_email(
    round, immediate, django_capture_on_commit_callbacks
):
    first, _second = sides(round)
    with django_capture_on_commit_callbacks(execute=True):
        asked = remind(round, invitation(round, first, "a@example.org", "a@example.org"))
    assert asked.queued == 1 and len(mail.outbox) == 1


def test_a_closed_round_a_wrong_link_or_a_bad_address_refuses_the_whole_request(round, immediate):
    first, second = sides(round)
    revoked = invitation(round, second, "c@example.org")
    revoked.link.revoked_at = timezone.now()
    revoked.link.save()
    with pytest.raises(RemindersRefused) as error:
        remind(
            round,
            invitation(round, first, "a@example.org", "not an address"),
            invitation(round, first, "b@example.org", token="forged-token"),
            revoked,
        )
    problems = " | ".join(error.value.problems)
    assert "'not an address' (for" in problems
    assert "is not the link issued for it" in problems
    assert "has expired or was revoked" in problems
    round.closes_on = timezone.localdate() - dt.timedelta(days=1)
    round.opens_on = round.closes_on - dt.timedelta(days=30)
    round.save()
    with pytest.raises(RemindersRefused, match="The round has closed"):
        remind(round, invitation(round, first, "a@example.org"))
    assert not Reminder.objects.exists() and not mail.outbox


def test_the_link_of_another_round_is_refused(round, immediate):
    other = Round.objects.create(
        partnership=round.partnership,
        instrument=round.instrument,
        name="Other",
        opens_on=round.opens_on,
        closes_on=round.closes_on,
    )
    first, _second = sides(round)
    with pytest.raises(RemindersRefused, match="not a link of this round"):
        remind(round, invitation(other, first, "a@example.org"))


def test_no_answer_nor_respondent_is_in_the_mail_and_no_address_nor_link_in_the_log_or_kept(
    round, immediate, django_capture_on_commit_callbacks, caplog
):
    first, _second = sides(round)
    ask = invitation(round, first, "a@example.org")
    response = Response.objects.create(
        link=ask.link,
        round=round,
        side=first,
        resume_hash="r",
        name="Fatima Secret",
        submitted_at=timezone.now(),
    )
    Answer.objects.create(
        response=response, item=round.instrument.items.get(), value=1, comment="a confidential comment"
    )
    Submission.objects.create(
        response=response, answers={"trust-1": {"value": 1, "comment": "a confidential comment"}}
    )
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        remind(round, ask)
    [message] = mail.outbox
    for secret in ("Fatima Secret", "confidential comment", "We trust each other"):
        assert secret not in message.body and secret not in message.subject
    token = ask.url.rstrip("/").rsplit("/", 1)[1]
    assert "a@example.org" not in caplog.text and token not in caplog.text
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.address, reminder.link) == (Reminder.Status.SENT, "", "")
    assert "a@example.org" not in reminder.address_digest and len(reminder.address_digest) == 64


def test_a_batch_is_sent_once_even_when_the_task_is_delivered_twice(
    round, immediate, django_capture_on_commit_callbacks
):
    first, _second = sides(round)
    with django_capture_on_commit_callbacks(execute=True):
        asked = remind(round, invitation(round, first, "a@example.org", "b@example.org"))
    assert send_batch(asked.batch) == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 2


def test_sending_waits_for_the_worker_and_reports_its_progress(
    round, settings, django_capture_on_commit_callbacks
):
    """The database queue without a worker: the reminders wait; sending them reports each step."""
    first, _second = sides(round)
    with django_capture_on_commit_callbacks(execute=True):
        asked = remind(round, invitation(round, first, "a@example.org", "b@example.org"))
    assert not mail.outbox
    waiting = batch_progress(asked.batch)
    assert (waiting.total, waiting.waiting, waiting.done) == (2, 2, False)
    seen = []
    send_batch(asked.batch, progress=seen.append)
    assert [(step.sent, step.waiting) for step in seen] == [(1, 1), (2, 0)]
    assert batch_progress(uuid.uuid4()).total == 0


def test_an_address_the_mail_server_refuses_is_marked_not_sent_and_the_others_go(
    round, immediate, django_capture_on_commit_callbacks, monkeypatch
):
    """The mail server is the outside seam patched here: it refuses one address."""
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages

    def refusing(self, messages):
        if any("bad@" in address for message in messages for address in message.to):
            raise ConnectionRefusedError("refused")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refusing)
    first, _second = sides(round)
    with django_capture_on_commit_callbacks(execute=True):
        asked = remind(round, invitation(round, first, "bad@example.org", "good@example.org"))
    progress = batch_progress(asked.batch)
    assert (progress.sent, progress.failed) == (1, 1)
    assert [message.to for message in mail.outbox] == [["good@example.org"]]
