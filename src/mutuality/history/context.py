"""Who is acting: the web request's user, or whoever runs a command."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class Actor:
    user: Any
    username: str
    via: str


_request: ContextVar[HttpRequest | None] = ContextVar("mutuality_history_request", default=None)
_muted: ContextVar[bool] = ContextVar("mutuality_history_muted", default=False)
_acting: ContextVar[Actor | None] = ContextVar("mutuality_history_acting", default=None)


def current_request() -> HttpRequest | None:
    """The web request being answered, if any (set by :class:`HistoryMiddleware`)."""
    return _request.get()


def current_actor() -> Actor:
    acting = _acting.get()
    if acting is not None:
        return acting
    request = _request.get()
    if request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return Actor(user, user.get_username(), "web")
        return Actor(None, "", "web")
    return Actor(None, _os_user(), "command")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return ""


@contextmanager
def acting_for(user: Any) -> Iterator[None]:
    """Changes made inside name ``user``, via the web: work a page asked for and the task worker does
    later (a file imported in the background) is that user's, as if done while answering them."""
    token = _acting.set(Actor(user, user.get_username(), "web"))
    try:
        yield
    finally:
        _acting.reset(token)


def is_muted() -> bool:
    return _muted.get()


@contextmanager
def muted() -> Iterator[None]:
    """Record nothing inside (erasure writes its own single entry instead)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


class HistoryMiddleware:
    """Remembers the request, so changes made while answering it name its user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
