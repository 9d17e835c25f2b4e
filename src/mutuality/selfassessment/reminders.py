"""Reminder emails to those invited to a self-assessment round who have not answered yet (issue 19).

Links are shared without accounts, and answers may be anonymous, so nothing here can tell who has
answered: the officer running the round gives, per side, the addresses to remind (those they invited
and have not heard from) and the side's link, whose token only they have (the database keeps its
hash: :class:`~mutuality.selfassessment.models.SideLink`). :func:`ask_reminders` checks all of it
first and refuses the whole request with every problem if anything is wrong; it records one
:class:`~mutuality.selfassessment.models.Reminder` per address and hands the sending to the
task worker (:func:`send_reminders`, django-tasks, as the reports are made), after the request
commits. :func:`batch_progress` tells the page how far it has come.

Each address gets its own email, in the recipient's language when the officer knows it, else in the
site's, with the round's name, its closing date and the link. An address is reminded at most once a
day in a round, whichever side or officer asks. Neither emails nor logs hold anything answered, nor
who answered; the log names rounds and batches, never an address or a link, and a reminder's
address and link are emptied once it is sent.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_tasks import task

from mutuality.selfassessment.models import Reminder, Round, SideLink, token_hash

logger = logging.getLogger(__name__)

#: An address is reminded at most once in this time, per round.
ONCE_IN = timedelta(days=1)
#: Addresses one request may name, all sides together: a reminder is for the people invited, not a mailing.
MAX_ADDRESSES = 200


@dataclass(frozen=True)
class Recipient:
    """An address to remind, and its owner's language when the officer knows it ("" for the site's)."""

    address: str
    language: str = ""


@dataclass(frozen=True)
class Invitation:
    """One side's link in a round, its address as the officer has it (with the token), and whom to remind."""

    link: SideLink
    url: str
    recipients: Sequence[Recipient | str]


@dataclass
class Asked:
    """What a request for reminders did: the batch queued and the addresses left out, reminded lately."""

    batch: uuid.UUID
    queued: int = 0
    already_reminded: list[str] = field(default_factory=list)


class RemindersRefused(ValueError):
    """The request is refused, and nothing recorded or sent: every problem, in the officer's words."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class BatchProgress:
    """How far the sending of one request has come, for its page."""

    total: int
    sent: int
    failed: int

    @property
    def waiting(self) -> int:
        return self.total - self.sent - self.failed

    @property
    def done(self) -> bool:
        return self.waiting == 0


def address_digest(address: str) -> str:
    """What is kept of an address: a hash keyed with the project's secret, so it cannot be guessed back."""
    return salted_hmac(
        "mutuality.selfassessment.reminders", address.strip().lower(), algorithm="sha256"
    ).hexdigest()


# --- asking -------------------------------------------------------------------------------------


def ask_reminders(
    round: Round, invitations: Sequence[Invitation], *, by: Any = None, now: datetime | None = None
) -> Asked:
    """Record a reminder per address not reminded in this round within a day, and queue their sending.

    Refuses the whole request (:class:`RemindersRefused`, nothing recorded) if the round has closed, a
    link is not a usable link of this round, its address does not hold the link's token, or an
    address is not one.
    """
    now = now or timezone.now()
    wanted = _checked(round, invitations, now)
    asked = Asked(uuid.uuid4())
    with transaction.atomic():
        Round.objects.select_for_update().filter(pk=round.pk).first()  # one request of a round at a time
        recent = set(
            Reminder.objects.filter(
                round=round,
                created_at__gt=now - ONCE_IN,
                status__in=[Reminder.Status.QUEUED, Reminder.Status.SENDING, Reminder.Status.SENT],
            ).values_list("address_digest", flat=True)
        )
        rows = []
        for invitation, recipient in wanted:
            digest = address_digest(recipient.address)
            if digest in recent:
                asked.already_reminded.append(recipient.address)
                continue
            recent.add(digest)
            rows.append(
                Reminder(
                    batch=asked.batch,
                    round=round,
                    side_id=invitation.link.side_id,
                    address_digest=digest,
                    address=recipient.address.strip(),
                    link=invitation.url,
                    language=_language(recipient.language),
                    created_at=now,
                    created_by=by,
                )
            )
        Reminder.objects.bulk_create(rows)
        asked.queued = len(rows)
        if rows:
            transaction.on_commit(lambda: _enqueue(asked.batch))
    logger.info(
        "Reminders for round %s: %d queued in batch %s, %d left out",
        round.pk,
        asked.queued,
        asked.batch,
        len(asked.already_reminded),
    )
    return asked


def _checked(
    round: Round, invitations: Sequence[Invitation], now: datetime
) -> list[tuple[Invitation, Recipient]]:
    """Every (invitation, recipient) of the request, or :class:`RemindersRefused` with every problem."""
    problems: list[str] = []
    if timezone.localdate(now) > round.closes_on:
        problems.append(_("The round has closed: there is nothing to remind anyone of."))
    wanted: list[tuple[Invitation, Recipient]] = []
    for invitation in invitations:
        side = str(invitation.link.side.municipality.name)
        if invitation.link.round_id != round.pk:
            problems.append(_("The link for %(side)s is not a link of this round.") % {"side": side})
        elif not invitation.link.usable(now):
            problems.append(
                _("The link for %(side)s has expired or was revoked: issue a new one.") % {"side": side}
            )
        elif not _holds_token(invitation.url, invitation.link):
            problems.append(
                _("The address given for %(side)s is not the link issued for it.") % {"side": side}
            )
        for given in invitation.recipients:
            recipient = given if isinstance(given, Recipient) else Recipient(given)
            try:
                validate_email(recipient.address.strip())
            except ValidationError:
                problems.append(
                    _("%(address)s (for %(side)s) is not an email address.")
                    % {"address": repr(recipient.address), "side": side}
                )
                continue
            wanted.append((invitation, recipient))
    if not wanted and not problems:
        problems.append(_("No address to remind was given."))
    if len(wanted) > MAX_ADDRESSES:
        problems.append(_("At most %(limit)d addresses can be reminded at once.") % {"limit": MAX_ADDRESSES})
    if problems:
        raise RemindersRefused(problems)
    return wanted


def _holds_token(url: str, link: SideLink) -> bool:
    """Whether ``url`` is a web address holding the link's token (in its path or its query)."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    parts = urlsplit(url)
    candidates = [*parts.path.split("/"), *(value for _name, value in parse_qsl(parts.query))]
    return any(part and token_hash(part) == link.token_hash for part in candidates)


def _language(language: str) -> str:
    """The recipient's language if Mutuality speaks it (``nl-be`` as ``nl``), else the site's."""
    known = dict(settings.LANGUAGES)
    for candidate in (language, language.split("-")[0]):
        if candidate in known:
            return candidate
    return settings.LANGUAGE_CODE


def _enqueue(batch: uuid.UUID) -> None:
    try:
        send_reminders.enqueue(str(batch))
    except Exception as error:  # the queue cannot be reached: the batch stays queued, the page says so
        logger.error("Reminder batch %s could not be queued: %s", batch, type(error).__name__)


# --- sending ------------------------------------------------------------------------------------


@task()
def send_reminders(batch: str) -> dict[str, int]:
    """Send the reminders of ``batch``: run by the task worker. Returns how many were sent and not."""
    return send_batch(uuid.UUID(batch))


def send_batch(batch: uuid.UUID, progress: Callable[[BatchProgress], None] | None = None) -> dict[str, int]:
    """Send every reminder of the batch still waiting, each claimed first, so a task delivered twice
    sends nothing twice; ``progress`` is told after each one."""
    ids = list(
        Reminder.objects.filter(batch=batch, status=Reminder.Status.QUEUED).values_list("pk", flat=True)
    )
    counts = {"sent": 0, "failed": 0}
    round_id = None
    for pk in ids:
        if not Reminder.objects.filter(pk=pk, status=Reminder.Status.QUEUED).update(
            status=Reminder.Status.SENDING
        ):
            continue  # another delivery of the task has it
        reminder = Reminder.objects.select_related("round__partnership", "side__municipality").get(pk=pk)
        round_id = reminder.round.pk
        sent = _send(reminder)
        counts["sent" if sent else "failed"] += 1
        Reminder.objects.filter(pk=pk).update(
            status=Reminder.Status.SENT if sent else Reminder.Status.FAILED,
            sent_at=timezone.now() if sent else None,
            address="",
            link="",
        )
        if progress is not None:
            progress(batch_progress(batch))
    logger.info(
        "Reminder batch %s of round %s: %d sent, %d not sent",
        batch,
        round_id,
        counts["sent"],
        counts["failed"],
    )
    return counts


def _send(reminder: Reminder) -> bool:
    subject, body = reminder_email(
        reminder.round, reminder.side.municipality.name, reminder.link, reminder.language
    )
    message = EmailMessage(
        subject,
        body,
        to=[reminder.address],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": reminder.language},
    )
    try:
        message.send()
    except OSError as error:  # smtplib's errors included
        logger.warning(
            "Reminder %s (batch %s) not sent: %s", reminder.pk, reminder.batch, type(error).__name__
        )
        return False
    return True


def reminder_email(round: Round, side: str, url: str, language: str) -> tuple[str, str]:
    """The subject and text of a reminder in ``language``: the round, whose side, until when, the link."""
    with translation.override(language):
        values = {
            "round": round.name,
            "partnership": round.partnership.name,
            "side": side,
            "closes": formats.date_format(round.closes_on, "DATE_FORMAT"),
        }
        subject = _("Reminder: self-assessment %(round)s of %(partnership)s") % values
        paragraphs = [
            _(
                "You were invited to answer the self-assessment %(round)s of the partnership "
                "%(partnership)s, for %(side)s. If you have not answered yet, your answers are "
                "welcome until %(closes)s."
            )
            % values,
            _("Answer, or go on with your answers, here:") + "\n" + url,
            _(
                "If you have answered already, thank you: please ignore this message. The link is "
                "for the people of %(side)s invited to answer; please do not pass it on."
            )
            % values,
            _(
                "Sent at the request of the partnership's coordinators. You receive at most one reminder a day."
            ),
        ]
    return subject, "\n\n".join(paragraphs) + "\n"


def batch_progress(batch: uuid.UUID) -> BatchProgress:
    """How many reminders of the batch there are, and how many were sent or could not be."""
    rows = Reminder.objects.filter(batch=batch)
    return BatchProgress(
        total=rows.count(),
        sent=rows.filter(status=Reminder.Status.SENT).count(),
        failed=rows.filter(status=Reminder.Status.FAILED).count(),
    )
