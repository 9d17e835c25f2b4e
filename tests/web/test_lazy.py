"""Page views named in the URLconfs and imported on their page's first request (mutuality.web.lazy):
Django names them as their functions, and each is its module's view, decorators and all."""

from __future__ import annotations

import inspect

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from mutuality.web.lazy import LazyPage, LazyPages
from mutuality.web.refi_qda import views as refi_qda_views


def lazy_pages(patterns: list | None = None) -> list[tuple[str, LazyPage]]:
    """Every lazy page view of the application's URLconf, with its URL name."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            found += lazy_pages(entry.url_patterns)
        elif isinstance(entry, URLPattern) and isinstance(entry.callback, LazyPage):
            found.append((entry.name, entry.callback))
    return found


def test_naming_a_view_imports_nothing_until_it_is_used():
    view = LazyPages("mutuality.web.no_such_module").some_view
    assert repr(view) == "<LazyPage mutuality.web.no_such_module.some_view>"
    assert not hasattr(view, "view_class")  # what Django asks when it names a view
    with pytest.raises(ModuleNotFoundError):
        view.view()


def test_the_heavy_pages_are_named_lazily():
    names = {name for name, _view in lazy_pages()}
    assert {"qda-import", "assessment-instruments", "spreadsheets", "record-history", "atlas"} <= names


def test_every_lazy_page_names_a_view_its_module_has():
    """A misspelt name would otherwise fail only when its page is first asked for."""
    for name, view in lazy_pages():
        real = view.view()  # (AttributeError for a name the module lacks)
        assert callable(real) and not isinstance(real, LazyPage), name


def test_django_names_a_lazy_page_as_it_names_the_function():
    match = resolve(reverse("qda-import"))
    assert isinstance(match.func, LazyPage)
    assert match._func_path == "mutuality.web.refi_qda.views.import_view"
    assert match.func.view() is refi_qda_views.import_view


def test_unwrapping_reaches_the_function_under_its_decorators():
    view = resolve(reverse("qda-import")).func
    assert inspect.unwrap(view) is inspect.unwrap(refi_qda_views.import_view)
    assert view.__wrapped__ is refi_qda_views.import_view


@pytest.mark.django_db
def test_a_lazy_page_still_asks_for_a_login():
    response = Client().get(reverse("qda-import"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_lazy_page_still_checks_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", None))
    assert client.post(reverse("qda-import"), {}).status_code == 403


@pytest.mark.django_db
def test_a_lazy_page_still_refuses_methods_it_does_not_take():
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", None))
    assert client.delete(reverse("qda-import")).status_code == 405
