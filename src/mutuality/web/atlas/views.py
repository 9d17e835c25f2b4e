"""The atlas's pages: the world, a country, a pair of countries or a municipality in figures and on
a map, with their links and the corridor between two countries; a city with its links and the lists
that claim them.

The atlas holds public lists, so every signed-in user reads it (as every other page, it asks for a
login); the partnerships drawn on its maps are only those the reader may read.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from mutuality.accounts.access import Access
from mutuality.analysis.discovery import Filters
from mutuality.analysis.network import Scope
from mutuality.atlas.discovery import NotMatched, discover_partners
from mutuality.atlas.models import City, LinkSource
from mutuality.countries import country_name
from mutuality.partnerships.models import Municipality, Partnership
from mutuality.reports.atlas import (
    caption,
    city_links,
    city_map,
    corridor_view,
    partnership_arcs,
    scope_data,
    scope_figures,
    scope_links,
    scope_map,
    scope_title,
    sources_text,
)

#: Links listed on one page of a scope.
LINKS_PER_PAGE = 50
#: Candidate partners listed for a municipality.
DISCOVERY_SHOWN = 30


def _countries() -> list[tuple[str, str]]:
    """The countries the atlas has cities in, and those of the municipalities here (so the case
    studies' countries can be chosen before any list is imported), by name in the reader's language."""
    codes = set(City.objects.exclude(country="").order_by().values_list("country", flat=True).distinct())
    codes |= set(
        Municipality.objects.exclude(country="").order_by().values_list("country", flat=True).distinct()
    )
    return sorted(((code, country_name(code) or code) for code in codes), key=lambda item: item[1])


def _any_country() -> list[tuple[str, str]]:
    return [("", gettext("All countries")), *_countries()]


def _other_country() -> list[tuple[str, str]]:
    return [("", gettext("Any country")), *_countries()]


def _no_country() -> list[tuple[str, str]]:
    return [("", gettext("None")), *_countries()]


class ScopeForm(forms.Form):
    """What the atlas looks at: a municipality, or a country, or two countries; else the world."""

    country = forms.ChoiceField(label=_("Country"), required=False, choices=_any_country)
    other = forms.ChoiceField(label=_("and country"), required=False, choices=_other_country)
    municipality = forms.ModelChoiceField(
        label=_("or municipality"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="key",
        required=False,
        empty_label=_("None"),
    )

    def scope(self) -> tuple[Scope, Municipality | None]:
        """The scope asked for (the world when the form is wrong or empty), and its municipality."""
        if not self.is_valid():
            return Scope("world"), None
        municipality = self.cleaned_data["municipality"]
        if municipality is not None:
            return Scope("municipality", municipality_id=municipality.pk), municipality
        country, other = self.cleaned_data["country"], self.cleaned_data["other"]
        if country and other and country != other:
            return Scope("pair", country=country, other=other), None
        if country or other:
            return Scope("country", country=country or other), None
        return Scope("world"), None


def readable_partnerships(request: HttpRequest) -> Any:
    """The partnerships the reader may read, with their sides, to draw on the maps."""
    return Access.of(request.user).partnerships(Partnership.objects.prefetch_related("sides"))


@login_required
@require_GET
def atlas(request: HttpRequest) -> HttpResponse:
    form = ScopeForm(request.GET or None)
    scope, municipality = form.scope()
    title = scope_title(scope, municipality)
    data = scope_data(scope)
    figures = scope_figures(scope, data)
    arcs = partnership_arcs(readable_partnerships(request))
    context: dict[str, Any] = {
        "form": form,
        "scope": scope,
        "title": title,
        "figures": figures,
        "map": scope_map(data, arcs, title),
        "caption": caption(),
        "partnerships": _arcs_in(arcs, data),
        "municipality": municipality,
    }
    if scope.kind != "world":
        links = scope_links(scope).prefetch_related(
            Prefetch("sources", LinkSource.objects.order_by("file", "line"))
        )
        page = Paginator(links, LINKS_PER_PAGE).get_page(request.GET.get("page"))
        context["links"] = page
        context["rows"] = [(link, sources_text(link.sources.all())) for link in page]
        context["query"] = _query(form)
    if scope.kind == "pair":
        context["corridor"] = corridor_view(scope.country, scope.other)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "atlas/atlas.html", context, status=status)


def _query(form: ScopeForm) -> str:
    """The scope as a query string, for the pages of its links."""
    if not form.is_bound or not form.is_valid():
        return ""
    asked = {name: form.data.get(name, "") for name in ("country", "other", "municipality")}
    return urlencode({name: value for name, value in asked.items() if value})


def _arcs_in(arcs: list[Any], data: Any) -> list[Any]:
    """The partnerships among ``arcs`` whose two cities are both in the scope's network."""
    cities = {city.id for city in data.cities}
    return [arc for arc in arcs if arc.one.pk in cities and arc.other.pk in cities]


@login_required
@require_GET
def city(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(City.objects.select_related("municipality", "merged_into"), pk=pk)
    links = city_links(found)
    arcs = partnership_arcs(
        readable_partnerships(request).filter(sides__municipality__atlas_cities=found).distinct()
    )
    listed_as = found.merged.order_by("name", "pk")
    context = {
        "city": found,
        "country": country_name(found.country) if found.country else "",
        "links": links,
        "listed_as": listed_as,
        "map": city_map(found, links, arcs),
        "caption": caption(),
        "partnerships": arcs,
    }
    return render(request, "atlas/city.html", context)


class DiscoveryForm(forms.Form):
    """Which candidates to list: countries, population, the reasons each must have."""

    country = forms.ChoiceField(label=_("Only in country"), required=False, choices=_other_country)
    exclude = forms.ChoiceField(label=_("Not in country"), required=False, choices=_no_country)
    min_population = forms.IntegerField(
        label=_("Population at least"), required=False, min_value=0, max_value=10**10
    )
    max_population = forms.IntegerField(
        label=_("Population at most"), required=False, min_value=0, max_value=10**10
    )
    must_have = forms.MultipleChoiceField(
        label=_("Must have"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("corridor", _("a migration corridor")),
            ("size", _("a similar size")),
            ("partners_of_partners", _("partners in common")),
        ],
    )
    home_country = forms.BooleanField(label=_("Include cities in its own country"), required=False)

    def filters(self) -> Filters:
        """The filters asked for (none when the form is wrong or empty)."""
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            countries=frozenset([data["country"]]) if data["country"] else frozenset(),
            exclude_countries=frozenset([data["exclude"]]) if data["exclude"] else frozenset(),
            min_population=data["min_population"],
            max_population=data["max_population"],
            must_have=frozenset(data["must_have"]),
            include_home_country=data["home_country"],
        )


@login_required
@require_GET
def discover(request: HttpRequest, municipality: str) -> HttpResponse:
    """Candidate partners for a municipality, ranked, each with its reasons in words and points."""
    found = get_object_or_404(Municipality, key=municipality)
    form = DiscoveryForm(request.GET or None)
    try:
        discovery = discover_partners(found, filters=form.filters(), top=DISCOVERY_SHOWN)
    except NotMatched:
        discovery = None
    rows = []
    if discovery is not None:
        for candidate in discovery.candidates:
            reasons = [
                (reason.key, gettext(reason.message) % reason.params, reason.points)
                for reason in candidate.reasons
            ]
            rows.append((candidate, reasons))
    status = 400 if form.is_bound and not form.is_valid() else 200
    context = {"municipality": found, "form": form, "discovery": discovery, "rows": rows}
    return render(request, "atlas/discover.html", context, status=status)
