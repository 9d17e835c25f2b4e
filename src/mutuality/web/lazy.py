"""Page views named in a URLconf and imported when their page is first asked for.

Django imports the whole URLconf with the first request, whatever its URL, and every page reverses
names for its menu. A URLconf that imports its views imports every view module with what it
imports: lxml for REFI-QDA projects, PyYAML for questionnaires, the report builders for the
partnership and report pages, openpyxl's neighbours for spreadsheets — about 15 MiB in a server
process that only serves the coding workbench. A URLconf that names its views through
:class:`LazyPages` keeps its routes, names and converters as they are, so reversing and resolving
cost nothing; a view's module is imported with the first request that view answers.

The real view is the module's function, decorators and all (``login_required``,
``require_POST``…): it answers the request, and what middleware asks of the view it is about to
call (``csrf_exempt``) is asked of it. The API's views are made lazy in the same way
(:mod:`mutuality.api.lazy`, for class-based viewsets).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


class LazyPage:
    """The view function ``name`` of ``module``, imported when first called or looked into.

    Its ``__module__``, ``__name__`` and ``__qualname__`` are the function's, so Django names it in
    a resolver's match and its list of views as it names the function, without importing it. Its
    ``__wrapped__`` is the real view, so ``inspect.unwrap`` reaches the function under its
    decorators as it would from the view itself; any other public attribute is the real view's.
    """

    #: (not a closure of its own: what it wraps is ``__wrapped__``)
    __closure__ = None

    def __init__(self, module: str, name: str) -> None:
        self.__module__ = module
        self.__name__ = self.__qualname__ = name
        self._view: View | None = None

    def view(self) -> View:
        """The real view. (Importing is safe from several threads at once: Python locks the module.)"""
        if self._view is None:
            self._view = getattr(import_module(self.__module__), self.__name__)
        return self._view

    @property
    def __wrapped__(self) -> View:
        return self.view()

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.view()(request, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # Asked only for what the instance does not have. ``view_class`` is what Django looks for
        # first to name a view: answered from the real view, reversing any URL would import it.
        if name.startswith("_") or name == "view_class":
            raise AttributeError(name)
        return getattr(self.view(), name)

    def __repr__(self) -> str:
        return f"<LazyPage {self.__module__}.{self.__name__}>"


class LazyPages:
    """The page views of the module ``module``, each named as an attribute: ``views.home`` is
    ``LazyPage(module, "home")``, and the module is not imported until a view is used."""

    def __init__(self, module: str) -> None:
        self._module = module

    def __getattr__(self, name: str) -> LazyPage:
        if name.startswith("_"):
            raise AttributeError(name)
        return LazyPage(self._module, name)

    def __repr__(self) -> str:
        return f"<LazyPages {self._module}>"
