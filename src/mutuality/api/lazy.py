"""API views named in the URLconf and imported when the API is first asked for.

Django imports the whole URLconf with the first request, whatever its URL, and reversing any name
(every page does, for its menu) reads every route. Importing the API's views brings Django REST
framework, drf-spectacular and what they import (Requests, PyYAML, Pygments, and psycopg through
``django.contrib.postgres``, even on SQLite): with DRF's template tags
(:class:`mutuality.serving.PageTemplates`), about 20 MiB in a server process that only serves pages. A :class:`LazyView` stands in the URLconf for a view with its route, name and
converters as they are, so reversing and resolving cost nothing; the view's class is imported on
the first request it answers, or when something reads the view's attributes (the CSRF middleware
asks ``csrf_exempt`` of the view it calls, drf-spectacular reads ``cls`` and ``actions`` when it
describes the API).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


class LazyView:
    """The view ``cls.as_view(actions, **initkwargs)`` of the class at ``dotted`` ("module.Class"),
    made when first needed.

    Its ``__module__`` and ``__qualname__`` are the class's, so Django names it in a resolver's
    match and its list of views (``lookup_str``) as it names a class-based view, without importing
    it; any other attribute is the real view's.
    """

    def __init__(self, dotted: str, actions: dict[str, str] | None = None, **initkwargs: Any) -> None:
        module, _, name = dotted.rpartition(".")
        self.__module__ = module
        self.__name__ = self.__qualname__ = name
        self._actions = actions
        self._initkwargs = initkwargs
        self._view: View | None = None
        self._lock = threading.Lock()

    def view(self) -> View:
        """The real view, imported and made once (by one thread, when several ask at once)."""
        if self._view is None:
            with self._lock:
                if self._view is None:
                    # Whatever view comes first, drf-spectacular learns the token scheme with it:
                    # the description (its view, or `check`) reads the views, never this module.
                    import_module("mutuality.api.schema")
                    cls: Any = getattr(import_module(self.__module__), self.__name__)
                    args = (self._actions,) if self._actions else ()
                    self._view = cls.as_view(*args, **self._initkwargs)
        return self._view

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.view()(request, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # Asked only for what the instance does not have. ``view_class`` is what Django looks for
        # first to name a view; answered from the real view it would import the API to reverse
        # any URL, so the class's dotted name above stands for it.
        if name.startswith("_") or name == "view_class":  # (its own, and Python's, are set or absent)
            raise AttributeError(name)
        return getattr(self.view(), name)

    def __repr__(self) -> str:
        return f"<LazyView {self.__module__}.{self.__name__}>"
