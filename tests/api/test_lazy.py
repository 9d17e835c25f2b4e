"""The API's views are named in its URLconf and made on first use (mutuality.api.lazy)."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse
from rest_framework.viewsets import ViewSetMixin

from mutuality.api.lazy import LazyView
from mutuality.api.views import PartnershipViewSet


def test_naming_a_view_imports_nothing_until_it_is_used():
    view = LazyView("mutuality.api.no_such_module.NoSuchView")
    assert repr(view) == "<LazyView mutuality.api.no_such_module.NoSuchView>"
    with pytest.raises(ModuleNotFoundError):
        view.view()


def test_django_names_a_lazy_view_as_it_names_the_class_based_view():
    match = resolve(reverse("api-partnership-list"))
    assert isinstance(match.func, LazyView)
    assert match.url_name == "api-partnership-list"
    assert match._func_path == "mutuality.api.views.PartnershipViewSet"


def test_the_view_made_is_the_viewset_with_its_actions():
    func = resolve(reverse("api-partnership-detail", args=["some-key"])).func
    assert func.cls is PartnershipViewSet
    assert issubclass(func.cls, ViewSetMixin)
    # (DRF adds "head" to the actions once a view has answered a request)
    assert func.actions.items() >= {"get": "retrieve", "put": "update", "delete": "destroy"}.items()
    assert func.csrf_exempt is True  # the API checks CSRF itself, for sessions only


def test_views_made_with_arguments_keep_them():
    func = resolve(reverse("api-docs")).func
    assert func.initkwargs == {"url_name": "api-schema"}


def test_a_lazy_view_has_no_view_class_so_reversing_never_imports():
    view = LazyView("mutuality.api.no_such_module.NoSuchView")
    assert not hasattr(view, "view_class")
    assert not hasattr(view, "__wrapped__")
