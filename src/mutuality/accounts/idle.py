"""Sessions end after ``SESSION_COOKIE_AGE`` of idleness; activity keeps them going.

Django's ``SESSION_SAVE_EVERY_REQUEST`` does that by writing the session on every request, and a
write on every page is a write the database serialises (SQLite takes its one write lock for it,
waiting behind an import in the worker). The session is written again here only when it was last
written ``REFRESH`` seconds ago or more — the idle time counts from the last request to within a
minute, as a person reading one page for long would never notice — and whenever a view changed it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

REFRESH = 60  # seconds: how stale the session's expiry may be
SEEN = "_mutuality_seen"  # session key: when the session was last written (seconds since the epoch)


class KeepActiveSessionMiddleware:
    """Marks a signed-in session as changed once a ``REFRESH``, so SessionMiddleware saves it with a
    new expiry. After SessionMiddleware in ``MIDDLEWARE``, so this runs first on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():  # no session to keep: none is made here
            return response
        now = int(time.time())
        if session.modified or now - int(session.get(SEEN, 0)) >= REFRESH:
            session[SEEN] = now
        return response
