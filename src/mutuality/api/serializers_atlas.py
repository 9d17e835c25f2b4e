"""The atlas as the API shows it: the network's figures for a scope, cities and links with the lists
that claim them, a migration corridor both ways, and candidate partners for a municipality.

The figures are :meth:`mutuality.analysis.network.NetworkFigures.as_dict`, the corridor
:meth:`mutuality.analysis.corridors.Corridor.as_dict` and the candidates
:meth:`mutuality.analysis.discovery.Candidate.as_dict`: the serializers below describe those
shapes for the OpenAPI description and pass them on, so the API says what the pages and the
command line say.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mutuality.atlas.models import City, Link, LinkSource
from mutuality.reports.atlas import list_name

# --- figures -------------------------------------------------------------------------------------


class DegreeSerializer(serializers.Serializer):
    mean = serializers.FloatField()
    median = serializers.FloatField()
    max = serializers.IntegerField()
    distribution = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text="[links, cities with that many links] pairs.",
    )


class CommunitySerializer(serializers.Serializer):
    size = serializers.IntegerField()
    countries = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text="[ISO code, cities] pairs: its main countries, most cities first.",
    )


class CommunitiesSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    largest = CommunitySerializer(many=True)
    method = serializers.CharField()
    seed = serializers.IntegerField()


class DistancesSerializer(serializers.Serializer):
    measured = serializers.IntegerField(help_text="Links with coordinates at both ends.")
    median_km = serializers.FloatField(allow_null=True)
    q1_km = serializers.FloatField(allow_null=True)
    q3_km = serializers.FloatField(allow_null=True)
    within_one_country = serializers.FloatField(
        allow_null=True, help_text="Share of links whose two cities are in one country."
    )


class CityDegreeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.CharField()
    degree = serializers.IntegerField()


class FiguresSerializer(serializers.Serializer):
    scope = serializers.CharField(
        help_text="`world`, a country (`NL`), a pair (`NL-MA`) or `municipality:ID`."
    )
    cities = serializers.IntegerField()
    links = serializers.IntegerField()
    countries = serializers.IntegerField()
    components = serializers.IntegerField()
    largest_component = serializers.IntegerField()
    degree = DegreeSerializer()
    communities = CommunitiesSerializer()
    distances = DistancesSerializer()
    most_connected = CityDegreeSerializer(many=True)
    radius = serializers.IntegerField(
        allow_null=True, help_text="For a municipality: how many steps from its cities the scope reaches."
    )


# --- cities and links ----------------------------------------------------------------------------


class LinkSourceSerializer(serializers.ModelSerializer):
    """A line of a list that claims a link."""

    list = serializers.SerializerMethodField(help_text="The list, as a reader cites it.")

    class Meta:
        model = LinkSource
        fields = ["list", "file", "line"]

    def get_list(self, source: LinkSource) -> str:
        return list_name(source.file)


class CityBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["id", "name", "country"]


class CitySerializer(serializers.ModelSerializer):
    country_label = serializers.CharField(help_text="The country as the list wrote it.")
    municipality: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="key", read_only=True, help_text="Key of the municipality of ours it is matched to."
    )
    merged_into: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="The city that stands for this one, when the lists name it differently."
    )
    links = serializers.IntegerField(read_only=True, help_text="How many links it has.")

    class Meta:
        model = City
        fields = [
            "id",
            "name",
            "country",
            "country_label",
            "latitude",
            "longitude",
            "wikidata",
            "population",
            "municipality",
            "merged_into",
            "links",
        ]


class LinkSerializer(serializers.ModelSerializer):
    one = CityBriefSerializer(source="city_a")
    other = CityBriefSerializer(source="city_b")
    sources = LinkSourceSerializer(many=True)

    class Meta:
        model = Link
        fields = ["id", "one", "other", "sources"]


class CityLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The link's id.")
    partner = CityBriefSerializer()
    km = serializers.FloatField(allow_null=True, help_text="Great-circle distance.")
    sources = LinkSourceSerializer(many=True)


class CityDetailSerializer(CitySerializer):
    partners = serializers.SerializerMethodField(help_text="Its links, partner by partner.")

    class Meta(CitySerializer.Meta):
        fields = [*CitySerializer.Meta.fields, "partners"]

    @extend_schema_field(CityLinkSerializer(many=True))
    def get_partners(self, city: City) -> list[dict[str, Any]]:
        found = self.context.get("links", [])
        rows = [
            {
                "id": item.link.pk,
                "partner": item.partner,
                "km": round(item.km, 1) if item.km is not None else None,
                "sources": item.sources,
            }
            for item in found
        ]
        return CityLinkSerializer(rows, many=True).data  # type: ignore[return-value]


# --- corridors and discovery ---------------------------------------------------------------------


class StockSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    migrants = serializers.IntegerField()


class ChangeSerializer(serializers.Serializer):
    first_year = serializers.IntegerField()
    first = serializers.IntegerField()
    latest_year = serializers.IntegerField()
    latest = serializers.IntegerField()
    absolute = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class DirectionSerializer(serializers.Serializer):
    born_in = serializers.CharField()
    living_in = serializers.CharField()
    stock = StockSerializer(many=True)
    latest_year = serializers.IntegerField(allow_null=True)
    latest = serializers.IntegerField(allow_null=True)
    change = ChangeSerializer(allow_null=True)
    size = serializers.CharField(allow_null=True, help_text="`large`, `medium` or `small`.")


class CorridorSerializer(serializers.Serializer):
    one = serializers.CharField()
    other = serializers.CharField()
    one_to_other = DirectionSerializer()
    other_to_one = DirectionSerializer()
    size = serializers.CharField()
    size_thresholds = serializers.DictField(child=serializers.IntegerField())
    source = serializers.CharField()  # type: ignore[assignment]


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="`corridor`, `size`, `size_unknown` or `partners_of_partners`.")
    text = serializers.CharField(help_text="In the language asked for (Accept-Language).")
    points = serializers.FloatField()


class CandidateSerializer(serializers.Serializer):
    city = serializers.CharField()
    city_id = serializers.IntegerField()
    country = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    score = serializers.FloatField(help_text="The sum of the reasons' points.")
    reasons = ReasonSerializer(many=True)


class DiscoverySerializer(serializers.Serializer):
    municipality = serializers.CharField()
    weighed = serializers.IntegerField(help_text="Cities weighed as candidates.")
    already_linked = serializers.IntegerField(help_text="Cities left out as already linked.")
    candidates = CandidateSerializer(many=True)
