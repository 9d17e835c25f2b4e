"""Login throttling on top of django-axes: what is locked, until when, and what lifts a lock.

Failures are counted per username (from any address) and per address (against any username);
either count reaching ``AXES_FAILURE_LIMIT`` within ``AXES_COOLOFF_TIME`` refuses logins for that
username, or from that address, even with the right password (settings.py). Each failure counts
until the lock-out time has passed since it; attempts while locked are not counted, so a lock ends
at a time the login page can name.

A successful login forgets only that username's failures from that address: axes' own reset would
also forget the address's failures against other usernames, so an attacker with an account of their
own could start their count again by logging in. Setting a new password through a reset email
lifts a lock on the username (the email proves the owner asked), not one on an address.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address, get_cool_off, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone


@dataclass(frozen=True)
class Lock:
    kind: str  # "username" or "address"
    until: datetime

    @property
    def minutes(self) -> int:
        """Whole minutes left, rounded up (at least 1)."""
        return max(1, math.ceil((self.until - timezone.now()).total_seconds() / 60))


def locks(request: Any, credentials: dict[str, Any] | None) -> list[Lock]:
    """The locks that refuse this login: by username, by address, or both, each with its end."""
    handler = AxesProxyHandler.get_implementation()
    cool_off = get_cool_off(request)
    if cool_off is None or not hasattr(handler, "get_user_attempts"):  # not the database handler
        return [Lock("username", timezone.now() + (cool_off or timedelta()))]
    limit = get_failure_limit(request, credentials)
    found = []
    parameters = get_lockout_parameters(request, credentials)
    for parameter, attempts in zip(parameters, handler.get_user_attempts(request, credentials), strict=True):
        rows = sorted(attempts.values_list("attempt_time", "failures_since_start"))
        left = sum(count for _time, count in rows)
        if left < limit:
            continue
        until = timezone.now()
        for time, count in rows:  # the oldest failures stop counting first
            until = time + cool_off
            left -= count
            if left < limit:
                break
        found.append(Lock("username" if "username" in parameter else "address", until))
    return found


@receiver(user_logged_in, dispatch_uid="mutuality-forget-login-failures")
def forget_failures(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """After a successful login, forget that username's failures from that address, and only those."""
    if request is not None:
        AccessAttempt.objects.filter(
            username=user.get_username(), ip_address=get_client_ip_address(request)
        ).delete()


def lift_username_lock(username: str) -> None:
    """Forget every failure against ``username`` (after its owner set a new password by email)."""
    AccessAttempt.objects.filter(username=username).delete()
