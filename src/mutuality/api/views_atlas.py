"""``atlas/…``: the twinning atlas, read-only, for every signed-in user (it holds public lists, as
the pages show it): the network's figures for a scope, cities and links with the lists that claim
them, the migration corridor between two countries both ways, and candidate partners for a
municipality with their reasons.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mutuality.analysis.discovery import REASONS, Filters
from mutuality.analysis.network import Scope
from mutuality.api import serializers_atlas as s
from mutuality.api.views import ApiViewSet, yes
from mutuality.atlas.corridors import corridor
from mutuality.atlas.discovery import NotMatched, discover_partners
from mutuality.atlas.models import City, Link
from mutuality.countries import is_country
from mutuality.ids import parse_id
from mutuality.partnerships.models import Municipality
from mutuality.reports.atlas import city_links, scope_figures

#: Candidates listed at most.
MOST_CANDIDATES = 200


def _no_nul(request: Request, **kwargs: Any) -> None:
    """No key holds a NUL character, and PostgreSQL refuses to compare with one."""
    if any("\x00" in str(value) for value in kwargs.values()):
        raise Http404
    if any("\x00" in value for values in request.query_params.lists() for value in values[1]):
        raise exceptions.ValidationError(_("A parameter holds a NUL character."))


def _country(text: str, name: str) -> str:
    """An ISO 3166 code, upper case, or a 400 naming the parameter."""
    code = text.strip().upper()
    if not is_country(code):
        raise exceptions.ValidationError(
            {name: _("%(value)r is not an ISO 3166 country code.") % {"value": text}}
        )
    return code


def read_scope(request: Request) -> Scope:
    """``scope``: ``world`` (or nothing), a country (``NL``), a pair (``NL-MA``) or a municipality's key;
    ``municipality``: a municipality's key, which wins."""
    key = request.query_params.get("municipality")
    text = request.query_params.get("scope", "")
    if key is None:
        try:
            scope = Scope.parse(text)
        except ValueError:
            key = text
        else:
            for code, name in ((scope.country, "scope"), (scope.other, "scope")):
                if code:
                    _country(code, name)
            return scope
    found = Municipality.objects.filter(key=key).first()
    if found is None:
        raise exceptions.ValidationError(
            {
                "scope": _(
                    "Neither world, a country code, two codes (NL-MA) nor a municipality's key: %(value)r."
                )
                % {"value": key}
            }
        )
    return Scope("municipality", municipality_id=found.pk)


SCOPE_PARAMETERS = [
    OpenApiParameter(
        "scope",
        OpenApiTypes.STR,
        description="`world` (the default), a country's ISO code (`NL`), two codes (`NL-MA`) or a municipality's key.",
    ),
    OpenApiParameter(
        "municipality", OpenApiTypes.STR, description="A municipality's key (wins over `scope`)."
    ),
]


class AtlasStatsView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="atlas_stats_retrieve",
        parameters=SCOPE_PARAMETERS,
        responses=s.FiguresSerializer,
        description=(
            "The twinning network of a scope in figures: cities, links, countries, connected parts and the "
            "largest, links per city, communities (Louvain, fixed seed) with their main countries, lengths "
            "of links, the most connected cities. A country takes every link with an end in it; a pair, the "
            "links between the two; a municipality, its cities' links and its partners' links."
        ),
    )
    def get(self, request: Request) -> Response:
        _no_nul(request)
        return Response(s.FiguresSerializer(scope_figures(read_scope(request)).as_dict()).data)


def _links_count() -> Any:
    """How many links a city has (either end), as a column."""

    def counted(end: str) -> Any:
        rows = Link.objects.filter(**{end: OuterRef("pk")}).order_by().values(end).annotate(n=Count("pk"))
        return Coalesce(Subquery(rows.values("n"), output_field=IntegerField()), Value(0))

    return counted("city_a") + counted("city_b")


class CityViewSet(ApiViewSet):
    """Cities of the link register; a city merged into another points to it (``merged_into``)."""

    serializer_class = s.CitySerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "pk"
    filters: ClassVar[dict[str, tuple[str, str]]] = {
        "country": ("country__iexact", "ISO code of its country."),
        "municipality": ("municipality__key", "Key of the municipality of ours it is matched to."),
        "name": ("name__icontains", "Words in its name."),
        "merged": ("", "true: only cities merged into another; false: only the others."),
    }

    def get_queryset(self) -> QuerySet[Any]:
        return (
            City.objects.select_related("municipality").annotate(links=_links_count()).order_by("name", "pk")
        )

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        merged = self.request.query_params.get("merged")
        plain = {name: spec for name, spec in self.filters.items() if name != "merged"}
        for name, (lookup, _help) in plain.items():
            value = self.request.query_params.get(name)
            if value is not None:
                queryset = queryset.filter(**{lookup: value})
        if merged is not None:
            queryset = queryset.filter(merged_into__isnull=not yes(merged))
        return queryset

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        city = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return Response(s.CityDetailSerializer(city, context={"links": city_links(city)}).data)


class LinkViewSet(ApiViewSet):
    """Links of the register, each with the lines of the lists that claim it."""

    serializer_class = s.LinkSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "pk"
    filters: ClassVar[dict[str, tuple[str, str]]] = {
        "country": ("", "ISO code of a country either city is in."),
        "other": ("", "With `country`: ISO code of the other city's country (the links between the two)."),
        "municipality": ("", "Key of a municipality of ours: the links of the cities matched to it."),
        "city": ("", "Id of a city: its links."),
    }

    def get_queryset(self) -> QuerySet[Any]:
        return (
            Link.objects.select_related("city_a", "city_b")
            .prefetch_related("sources")
            .order_by("city_a__name", "city_b__name", "pk")
        )

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        asked = self.request.query_params
        if "country" in asked:
            one = _country(asked["country"], "country")
            if "other" in asked:
                other = _country(asked["other"], "other")
                queryset = queryset.filter(
                    Q(city_a__country=one, city_b__country=other)
                    | Q(city_a__country=other, city_b__country=one)
                )
            else:
                queryset = queryset.filter(Q(city_a__country=one) | Q(city_b__country=one))
        elif "other" in asked:
            raise exceptions.ValidationError({"other": _("Name `country` too.")})
        if "municipality" in asked:
            key = asked["municipality"]
            queryset = queryset.filter(Q(city_a__municipality__key=key) | Q(city_b__municipality__key=key))
        if "city" in asked:
            city = parse_id(asked["city"])
            if city is None:
                raise exceptions.ValidationError({"city": _("A city's id is a whole number.")})
            queryset = queryset.filter(Q(city_a_id=city) | Q(city_b_id=city))
        return queryset


ID_PARAMETER = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The city's id.")


def _described(viewset: type[ApiViewSet], retrieve: Any = None) -> None:
    filters = [
        OpenApiParameter(name, OpenApiTypes.STR, description=help)
        for name, (_lookup, help) in viewset.filters.items()
    ]
    schemas = {"list": extend_schema(parameters=filters)}
    if retrieve is not None:
        schemas["retrieve"] = extend_schema(parameters=[ID_PARAMETER], responses=retrieve)
    extend_schema_view(**schemas)(viewset)


_described(CityViewSet, retrieve=s.CityDetailSerializer)
_described(LinkViewSet)


class CorridorView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="atlas_corridor_retrieve",
        parameters=[
            OpenApiParameter("one", OpenApiTypes.STR, OpenApiParameter.PATH, description="ISO code (`NL`)."),
            OpenApiParameter(
                "other", OpenApiTypes.STR, OpenApiParameter.PATH, description="ISO code (`MA`)."
            ),
        ],
        responses=s.CorridorSerializer,
        description=(
            "UN DESA's migrant stock between two countries both ways, 1990–2019: each year recorded, the "
            "latest figure, the change since the first year and its size class. 404 when no figure is "
            "recorded either way (which is not a corridor of nobody)."
        ),
    )
    def get(self, request: Request, one: str, other: str) -> Response:
        _no_nul(request, one=one, other=other)
        one, other = one.upper(), other.upper()
        if not (is_country(one) and is_country(other)) or one == other:
            raise Http404
        found = corridor(one, other)
        if found is None:
            raise Http404
        data = found.as_dict()
        data["source"] = gettext(data["source"])
        return Response(s.CorridorSerializer(data).data)


def _integer(text: str | None, name: str) -> int | None:
    if text is None or not text.strip():
        return None
    try:
        return int(text)
    except ValueError:
        raise exceptions.ValidationError({name: _("A whole number.")}) from None


def _codes(values: list[str], name: str) -> frozenset[str]:
    return frozenset(_country(value, name) for value in values if value.strip())


class DiscoveryView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="atlas_discover_retrieve",
        parameters=[
            OpenApiParameter(
                "municipality", OpenApiTypes.STR, OpenApiParameter.PATH, description="The municipality's key."
            ),
            OpenApiParameter(
                "country", OpenApiTypes.STR, many=True, description="Only cities in these countries."
            ),
            OpenApiParameter(
                "exclude", OpenApiTypes.STR, many=True, description="No cities in these countries."
            ),
            OpenApiParameter("min_population", OpenApiTypes.INT, description="Population at least."),
            OpenApiParameter("max_population", OpenApiTypes.INT, description="Population at most."),
            OpenApiParameter(
                "must_have",
                OpenApiTypes.STR,
                many=True,
                description=f"Reasons each must have: {', '.join(REASONS)}.",
            ),
            OpenApiParameter(
                "home_country",
                OpenApiTypes.BOOL,
                description="Include cities of the municipality's own country.",
            ),
            OpenApiParameter(
                "top", OpenApiTypes.INT, description=f"How many (default 20, at most {MOST_CANDIDATES})."
            ),
        ],
        responses=s.DiscoverySerializer,
        description=(
            "Candidate partners for a municipality, best first, each with its reasons in words and points "
            "(a migration corridor from the candidate's country, a similar population, partners in common); "
            "the score is their sum. 404 when the municipality is matched to no city of the atlas."
        ),
    )
    def get(self, request: Request, municipality: str) -> Response:
        _no_nul(request, municipality=municipality)
        found = Municipality.objects.filter(key=municipality).first()
        if found is None:
            raise Http404
        asked = request.query_params
        top = _integer(asked.get("top"), "top")
        if top is not None and not 1 <= top <= MOST_CANDIDATES:
            raise exceptions.ValidationError(
                {"top": _("Between 1 and %(most)d.") % {"most": MOST_CANDIDATES}}
            )
        try:
            filters = Filters(
                countries=_codes(asked.getlist("country"), "country"),
                exclude_countries=_codes(asked.getlist("exclude"), "exclude"),
                min_population=_integer(asked.get("min_population"), "min_population"),
                max_population=_integer(asked.get("max_population"), "max_population"),
                must_have=frozenset(asked.getlist("must_have")),
                include_home_country=bool(yes(asked.get("home_country"))),
            )
        except ValueError as error:
            raise exceptions.ValidationError({"must_have": str(error)}) from None
        try:
            discovery = discover_partners(found, filters=filters, top=top or 20)
        except NotMatched:
            raise Http404 from None
        data = {
            "municipality": found.key,
            "weighed": discovery.weighed,
            "already_linked": discovery.already_linked,
            "candidates": [candidate.as_dict(gettext) for candidate in discovery.candidates],
        }
        return Response(s.DiscoverySerializer(data).data)
