"""Each user's language: chosen once with the switcher, then used on every page and device.

The choice is saved for signed-in users and copied into the session at login,
so a request reads it without a query. Order: the user's saved choice, then the
switcher's cookie, then the browser's Accept-Language (Django's LocaleMiddleware).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

SESSION_KEY = "mutuality_language"


def _known(language: str | None) -> str | None:
    return language if language in dict(settings.LANGUAGES) else None


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's switcher (cookie and redirect), and for a signed-in user the saved choice."""
    response = django_set_language(request)
    language = _known(request.POST.get("language"))
    if language and request.user.is_authenticated:
        from mutuality.accounts.models import LanguagePreference

        LanguagePreference.objects.update_or_create(user=request.user, defaults={"language": language})
        request.session[SESSION_KEY] = language
    return response


@receiver(user_logged_in)
def _remember_at_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    from mutuality.accounts.models import LanguagePreference

    if request is None or not hasattr(request, "session"):
        return
    saved = LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()
    known = _known(saved)
    if known:
        request.session[SESSION_KEY] = known
        translation.activate(known)


class UserLanguageMiddleware:
    """After authentication: a signed-in user's saved language wins over cookie and browser."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = (
            _known(request.session.get(SESSION_KEY)) if user is not None and user.is_authenticated else None
        )
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
