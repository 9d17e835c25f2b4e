"""Twinning lists and migrant stocks in: the atlas's link register (issue 20).

Three shapes of CSV, told apart by their columns:

* twin-town lists, one row a pair: ``city1,country1,city2,country2`` with, when known,
  ``lat1,lng1`` (or ``lon1``), ``qid1`` (Wikidata) and ``pop1`` for each side — Wikipedia's list
  (Hekman's scrape) and Wikidata's P190 links both have this shape;
* migrant stocks, one row a corridor and year: ``year,destination,origin,stock`` (UN DESA, long).

Country labels are read as ISO 3166 codes by :func:`mutuality.countries.country_code` and, for the
labels the lists hold that are not plain country names, by :data:`LABELS`; a label read by neither
stays unmatched (the city keeps its label and no code) and is listed in the report: never guessed.
Each city as a list names it is a row of its own (by Wikidata id, else by name and country);
rows that name one city are merged by the rules of :mod:`mutuality.atlas.merging`, undoably, and
the cities matched to our municipalities by :mod:`mutuality.atlas.matching`. A pair listed twice
(from both sides, or in both lists) is one link with every source kept. Everything is read and
checked first; any problem refuses the whole import, with file and line, and nothing is written.
Importing a file again replaces that file's sources and updates its cities rather than adding
them twice.
"""

from __future__ import annotations

import csv
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutuality.atlas.matching import Matching
from mutuality.atlas.merging import resolve
from mutuality.atlas.models import MERGE_RULES, City, CorridorStock, Link, LinkSource
from mutuality.atlas.names import fold_name
from mutuality.countries import country_code
from mutuality.evidence.bulk import insert
from mutuality.formats.problems import DataFileError, Problem
from mutuality.partnerships.models import Municipality

# Labels in the lists that are not plain country names (or that ISO spells otherwise). Overseas
# regions with their own ISO code get it; a region of a country gets the country's. Labels left
# out on purpose (no ISO 3166 code, or not one country): Kosovo, Northern Cyprus, Somaliland,
# Sahrawi Arab Democratic Republic, Mandatory Palestine, "Island", the UN's regions.
LABELS = {
    "czech republic": "CZ",
    "england, united kingdom": "GB",
    "scotland, united kingdom": "GB",
    "wales, united kingdom": "GB",
    "northern ireland, united kingdom": "GB",
    "republic of ireland": "IE",
    "georgia (country)": "GE",
    "cape verde": "CV",
    "ivory coast": "CI",
    "reunion, france": "RE",
    "aland islands, finland": "AX",
    "martinique, france": "MQ",
    "guadeloupe, france": "GP",
    "french guiana, france": "GF",
    "moldavia": "MD",
    "falkland islands": "FK",
    "east timor": "TL",
    "bosnia and hercegovina": "BA",
    "brandenburg, germany": "DE",
    "lower saxony, germany": "DE",
    "mecklenburg-vorpommern, germany": "DE",
    "federated states of micronesia": "FM",
    "in italy": "IT",
    "new york, united states": "US",
    "ohio, united states": "US",
    "kazakhstah": "KZ",
    "azores, portugal": "PT",
    "algarve, portugal": "PT",
    "rauma, norway": "NO",
    "tinn, norway": "NO",
    "west bank": "PS",
    "gaza strip": "PS",
    "state of palestine": "PS",
    "palestinian national authority": "PS",
    "people's republic of china": "CN",
    "republic of the congo": "CG",
    "the gambia": "GM",
    "the bahamas": "BS",
    "turkish republic of northern cyprus": "",
    "israel🇮🇱🇮🇱": "IL",
    "kingdom of romania": "RO",
    # UN DESA's names
    "united republic of tanzania": "TZ",
    "china, hong kong sar": "HK",
    "china, macao sar": "MO",
    "russian federation": "RU",
    "dem. people's republic of korea": "KP",
    "republic of korea": "KR",
    "syrian arab republic": "SY",
    "iran (islamic republic of)": "IR",
    "bolivia (plurinational state of)": "BO",
    "british virgin islands": "VG",
    "brunei darussalam": "BN",
    "lao people's democratic republic": "LA",
    "venezuela (bolivarian republic of)": "VE",
    "united states virgin islands": "VI",
    "republic of moldova": "MD",
    "wallis and futuna islands": "WF",
    "holy see": "VA",
    "micronesia (fed. states of)": "FM",
}

TWIN_COLUMNS = ("city1", "country1", "city2", "country2")
#: Rows listed by name in an import's report before "… and N more".
LISTED = 20
STOCK_COLUMNS = ("year", "destination", "origin", "stock")


def fold(text: str) -> str:
    """Case, accents, dashes and spacing ignored: how names and labels are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    for dash in "-‐‑‒–—'’":
        plain = plain.replace(dash, " ")
    return " ".join(plain.split())


def read_country(label: str) -> str:
    """The ISO code ``label`` names, or "" when it names none we can tell."""
    folded = " ".join(unicodedata.normalize("NFKD", label.casefold()).split())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    if folded in LABELS:
        return LABELS[folded]
    return country_code(label) or "" if label.strip() else ""


@dataclass
class CityRow:
    name: str
    label: str
    country: str
    latitude: float | None
    longitude: float | None
    wikidata: str
    population: int | None

    @property
    def key(self) -> str:
        """The row's city as this list names it: its Wikidata id, else its name as written and
        its country (a name spelled otherwise is another row, merged by a rule that says so)."""
        if self.wikidata:
            return self.wikidata
        return f"{self.name}|{self.country or 'label:' + fold(self.label)}"


@dataclass
class PairRow:
    file: str
    line: int
    text: str
    one: CityRow
    two: CityRow


@dataclass
class StockRow:
    origin: str
    destination: str
    year: int
    migrants: int


@dataclass
class AtlasReport:
    """What an import did, for the command line and the tests."""

    rows: int = 0
    cities: int = 0
    new_cities: int = 0  # city rows as the lists name them (before merging), new in this import
    listings: int = 0  # every city row as the lists name them
    links: int = 0
    new_links: int = 0
    merged_duplicates: int = 0
    self_links: int = 0
    corridors: int = 0
    unmatched_countries: Counter[str] = field(default_factory=Counter)
    unmatched_cities: int = 0
    merged: Counter[str] = field(default_factory=Counter)
    matching: Matching | None = None
    #: Cities a row gives no coordinates for (file, line, city): imported, off the map.
    without_place: list[tuple[str, int, str]] = field(default_factory=list)
    #: A Wikidata id written with another name than where it was first read (file, line, id, name,
    #: the first name): one city, as its id says, under a name the report shows.
    other_names: list[tuple[str, int, str, str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [
            _("%(rows)d rows read.") % {"rows": self.rows},
            _(
                "Cities: %(count)d, from %(listings)d listings (%(new)d new); a city listed under several names is one."
            )
            % {"count": self.cities, "listings": self.listings, "new": self.new_cities},
            _("Links: %(count)d (%(new)d new); %(merged)d duplicate listings merged.")
            % {"count": self.links, "new": self.new_links, "merged": self.merged_duplicates},
        ]
        if self.self_links:
            lines.append(
                ngettext(
                    "%(count)d row links a city to itself and was left out.",
                    "%(count)d rows link a city to itself and were left out.",
                    self.self_links,
                )
                % {"count": self.self_links}
            )
        if self.merged:
            lines.append(_("Rows naming a city another row names too, merged (`mutuality atlas merges`):"))
            rules = dict(MERGE_RULES)
            for rule, count in sorted(self.merged.items()):
                lines.append(f"  {rules.get(rule, rule)}: {count}")
        if self.matching is not None:
            lines.extend(matching_lines(self.matching))
        if self.without_place:
            lines.append(
                ngettext(
                    "%(count)d city is given no coordinates; imported without a place on the map:",
                    "%(count)d cities are given no coordinates; imported without a place on the map:",
                    len(self.without_place),
                )
                % {"count": len(self.without_place)}
            )
            lines.extend(f"  {file}:{line} {city}" for file, line, city in self.without_place[:LISTED])
            if len(self.without_place) > LISTED:
                lines.append("  " + _("… and %(count)d more.") % {"count": len(self.without_place) - LISTED})
        if self.other_names:
            lines.append(
                _("Wikidata ids written with another name than where they were first read (one city each):")
            )
            lines.extend(
                f"  {file}:{line} {wikidata} {name!r} ({first!r})"
                for file, line, wikidata, name, first in self.other_names[:LISTED]
            )
            if len(self.other_names) > LISTED:
                lines.append("  " + _("… and %(count)d more.") % {"count": len(self.other_names) - LISTED})
        if self.corridors:
            lines.append(_("Migrant stocks: %(count)d corridor years.") % {"count": self.corridors})
        if self.unmatched_countries:
            lines.append(
                _(
                    "Country labels not read as ISO 3166 (%(cities)d cities left without a country, `mutuality atlas unmatched`):"
                )
                % {"cities": self.unmatched_cities}
            )
            for label, count in self.unmatched_countries.most_common():
                lines.append(f"  {label or _('(blank)')}: {count}")
        return "\n".join(lines)


def matching_lines(matching: Matching) -> list[str]:
    """The municipalities matched, ambiguous (with their candidates) and unmatched, by name."""
    names = dict(Municipality.objects.values_list("pk", "name"))
    cities = {
        pk: (name, wikidata)
        for pk, name, wikidata in City.objects.filter(
            pk__in=[*matching.matched.values(), *matching.by_hand.values()]
        ).values_list("pk", "name", "wikidata")
    }
    lines: list[str] = []
    found = {**matching.matched, **matching.by_hand}
    if found:
        lines.append(_("Municipalities matched to a city of the lists:"))
        for municipality, city in sorted(found.items(), key=lambda item: names[item[0]]):
            hand = _(" (by hand)") if municipality in matching.by_hand else ""
            lines.append(f"  {names[municipality]} → {cities[city][0]} #{city}{hand}")
    for municipality, candidates in sorted(matching.ambiguous.items(), key=lambda item: names[item[0]]):
        lines.append(
            _("Not matched, several cities could be %(name)s: %(candidates)s")
            % {
                "name": names[municipality],
                "candidates": ", ".join(f"{c.name} #{c.id} {c.wikidata}".strip() for c in candidates),
            }
        )
    if matching.unmatched:
        lines.append(
            _("Municipalities no city of the lists is called (in their country): %(names)s")
            % {"names": ", ".join(sorted(names[m] for m in matching.unmatched))}
        )
    if matching.cleared:
        lines.append(
            _("Municipalities whose city was cleared by hand: %(names)s")
            % {"names": ", ".join(sorted(names[m] for m in matching.cleared))}
        )
    return lines


def _number(text: str, kind: type, problems: list[Problem], where: tuple[str, int], name: str):
    text = text.strip()
    if not text:
        return None
    try:
        value = kind(text)
    except ValueError:
        problems.append(
            Problem(where[0], where[1], _("row"), name, _("%(value)r is not a number.") % {"value": text})
        )
        return None
    if kind is float and not math.isfinite(value):
        problems.append(
            Problem(where[0], where[1], _("row"), name, _("%(value)r is not a number.") % {"value": text})
        )
        return None
    return value


def _city(
    row: dict[str, str], side: str, where: tuple[str, int], problems: list[Problem], unmatched: Counter[str]
) -> CityRow:
    name = " ".join((row.get("city" + side) or "").split())
    if not name:
        problems.append(Problem(where[0], where[1], _("row"), "city" + side, _("The city has no name.")))
    label = " ".join((row.get("country" + side) or "").split())
    country = read_country(label)
    if not country:
        unmatched[label] += 1
    lat_name = "lat" + side
    lon_name = "lng" + side if "lng" + side in row else "lon" + side
    latitude = _number(row.get(lat_name) or "", float, problems, where, lat_name)
    longitude = _number(row.get(lon_name) or "", float, problems, where, lon_name)
    if latitude is not None and not -90 <= latitude <= 90:
        problems.append(
            Problem(where[0], where[1], _("row"), lat_name, _("A latitude lies between -90 and 90."))
        )
    if longitude is not None and not -180 <= longitude <= 180:
        problems.append(
            Problem(where[0], where[1], _("row"), lon_name, _("A longitude lies between -180 and 180."))
        )
    if (latitude is None) != (longitude is None):
        problems.append(
            Problem(
                where[0],
                where[1],
                _("row"),
                lat_name,
                _("A place needs both its latitude and its longitude."),
            )
        )
    population = _number(row.get("pop" + side) or "", int, problems, where, "pop" + side)
    if population is not None and population < 0:
        problems.append(
            Problem(where[0], where[1], _("row"), "pop" + side, _("A population is not negative."))
        )
        population = None
    return CityRow(
        name, label, country, latitude, longitude, (row.get("qid" + side) or "").strip(), population
    )


def _lines(path: Path, problems: list[Problem]) -> tuple[list[str], list[tuple[int, str, list[str]]]]:
    """The header and every row with its line number and text (a quoted field may hold a newline)."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(name, None, _("file"), None, str(error)))
        return [], []
    physical = text.splitlines()
    reader = csv.reader(physical)
    rows: list[tuple[int, str, list[str]]] = []
    header: list[str] = []
    try:
        for fields in reader:
            line = reader.line_num
            if not header:
                header = [h.strip() for h in fields]
                continue
            if fields:
                rows.append((line, physical[line - 1], fields))
    except csv.Error as error:
        problems.append(Problem(name, reader.line_num, _("row"), None, str(error)))
    return header, rows


def read_file(path: Path, problems: list[Problem], unmatched: Counter[str]) -> list[PairRow] | list[StockRow]:
    """Every row of a twin-town list or a migrant-stock file, checked; problems added to ``problems``."""
    header, rows = _lines(path, problems)
    name = path.name
    if not header:
        if not problems:
            problems.append(Problem(name, 1, _("header"), None, _("The file is empty.")))
        return []
    columns = set(header)
    if set(TWIN_COLUMNS) <= columns:
        shape, wanted = "twin", TWIN_COLUMNS
    elif set(STOCK_COLUMNS) <= columns:
        shape, wanted = "stock", STOCK_COLUMNS
    else:
        problems.append(
            Problem(
                name,
                1,
                _("header"),
                None,
                _(
                    "The columns are not those of a twinning list (%(twin)s) nor of migrant stocks (%(stock)s)."
                )
                % {"twin": ",".join(TWIN_COLUMNS), "stock": ",".join(STOCK_COLUMNS)},
            )
        )
        return []
    del wanted
    pairs: list[PairRow] = []
    stocks: list[StockRow] = []
    for line, text, fields in rows:
        where = (name, line)
        if len(fields) != len(header):
            problems.append(
                Problem(
                    name,
                    line,
                    _("row"),
                    None,
                    _("%(found)d fields where the header has %(wanted)d.")
                    % {"found": len(fields), "wanted": len(header)},
                )
            )
            continue
        row = dict(zip(header, fields, strict=True))
        if shape == "twin":
            pairs.append(
                PairRow(
                    name,
                    line,
                    text,
                    _city(row, "1", where, problems, unmatched),
                    _city(row, "2", where, problems, unmatched),
                )
            )
            continue
        year = _number(row["year"], int, problems, where, "year")
        migrants = _number(row["stock"], int, problems, where, "stock")
        if migrants is not None and migrants < 0:
            problems.append(
                Problem(name, line, _("row"), "stock", _("A number of migrants is not negative."))
            )
        if year is None or migrants is None or migrants < 0:
            if year is None or migrants is None:
                problems.append(Problem(name, line, _("row"), None, _("The row needs a year and a stock.")))
            continue
        origin, destination = read_country(row["origin"]), read_country(row["destination"])
        for label, code in ((row["origin"], origin), (row["destination"], destination)):
            if not code:
                unmatched[label] += 1
        if origin and destination:
            stocks.append(StockRow(origin, destination, year, migrants))
    return pairs if shape == "twin" else stocks


def import_files(paths: list[Path]) -> AtlasReport:
    """Import twinning lists and migrant stocks: all of them, or, if any has a problem, none."""
    problems: list[Problem] = []
    report = AtlasReport()
    unmatched: Counter[str] = Counter()
    pairs: list[PairRow] = []
    stocks: list[StockRow] = []
    files: list[str] = []
    for path in paths:
        found = read_file(Path(path), problems, unmatched)
        if found and isinstance(found[0], PairRow):
            pairs.extend(found)  # type: ignore[arg-type]
            files.append(Path(path).name)
        else:
            stocks.extend(found)  # type: ignore[arg-type]
        report.rows += len(found)
    _check_ids(pairs, problems, report)
    if problems:
        raise DataFileError(problems)
    report.unmatched_countries = unmatched
    with transaction.atomic():
        _write_links(pairs, files, report)
        _write_stocks(stocks, report)
    return report


def _check_ids(pairs: list[PairRow], problems: list[Problem], report: AtlasReport) -> None:
    """A Wikidata id names one city: given to cities of two countries it is a contradiction, and
    the file is refused naming both lines; written with another name in the same country it is one
    city under two spellings, listed in the report. A city without coordinates is listed too."""
    first: dict[str, tuple[str, int, CityRow]] = {}
    for pair in pairs:
        for side, row in (("1", pair.one), ("2", pair.two)):
            if row.latitude is None:
                report.without_place.append((pair.file, pair.line, row.name))
            if not row.wikidata:
                continue
            seen = first.setdefault(row.wikidata, (pair.file, pair.line, row))
            known = seen[2]
            if known is row:
                continue
            if known.country != row.country:
                problems.append(
                    Problem(
                        pair.file,
                        pair.line,
                        _("row"),
                        "qid" + side,
                        _(
                            "%(id)s names %(name)s (%(country)s) here and %(first)s (%(first_country)s) "
                            "in %(file)s, line %(line)d: a Wikidata id names one city."
                        )
                        % {
                            "id": row.wikidata,
                            "name": row.name,
                            "country": row.country or row.label,
                            "first": known.name,
                            "first_country": known.country or known.label,
                            "file": seen[0],
                            "line": seen[1],
                        },
                    )
                )
            elif known.name != row.name:
                report.other_names.append((pair.file, pair.line, row.wikidata, row.name, known.name))


class _Cities:
    """The city rows known, found by key; new ones gathered to be written at once."""

    def __init__(self) -> None:
        self.by_key: dict[str, City] = {city.key: city for city in City.objects.order_by("-pk")}
        self.new: list[City] = []
        self.changed: dict[int, City] = {}

    def find(self, row: CityRow) -> City:
        city = self.by_key.get(row.key)
        if city is None:
            city = City(
                name=row.name,
                country=row.country,
                country_label=row.label,
                wikidata=row.wikidata,
                key=row.key,
                folded=fold_name(row.name),
            )
            self.new.append(city)
            self.by_key[row.key] = city
        changed = False
        for attribute, value in (
            ("latitude", row.latitude),
            ("longitude", row.longitude),
            ("population", row.population),
        ):
            if value is not None and getattr(city, attribute) is None:
                setattr(city, attribute, value)
                changed = True
        if changed and city.pk is not None:
            self.changed[city.pk] = city
        return city


def _write_links(pairs: list[PairRow], files: list[str], report: AtlasReport) -> None:
    """The rows' cities and sources written as the lists name them; then merged, linked, matched."""
    if not pairs:
        return
    LinkSource.objects.filter(file__in=files).delete()
    cities = _Cities()
    sides = []
    for pair in pairs:
        one, two = cities.find(pair.one), cities.find(pair.two)
        if one is two:
            report.self_links += 1
            continue
        sides.append((pair, one, two))
    insert(City, cities.new)
    if cities.changed:
        City.objects.bulk_update(list(cities.changed.values()), ["latitude", "longitude", "population"])
    insert(
        LinkSource,
        [
            LinkSource(city_one=one, city_two=two, file=pair.file, line=pair.line, row=pair.text)
            for pair, one, two in sides
        ],
    )
    resolution = resolve()
    report.merged = resolution.merged
    report.new_cities = len(cities.new)
    report.new_links = resolution.links_created
    heads = City.objects.filter(merged_into__isnull=True)
    report.cities = heads.count()
    report.listings = City.objects.count()
    report.links = Link.objects.count()
    report.merged_duplicates = LinkSource.objects.filter(link__isnull=False).count() - report.links
    report.unmatched_cities = heads.filter(country="").count()
    report.matching = resolution.matching


def _write_stocks(stocks: list[StockRow], report: AtlasReport) -> None:
    """The corridors of the years and destinations read replace those stored (a file read again)."""
    if not stocks:
        return
    latest: dict[tuple[str, str, int], int] = {}
    for stock in stocks:
        latest[(stock.origin, stock.destination, stock.year)] = stock.migrants
    for year in {year for _o, _d, year in latest}:
        destinations = {d for _o, d, y in latest if y == year}
        CorridorStock.objects.filter(year=year, destination__in=destinations).delete()
    insert(
        CorridorStock,
        [CorridorStock(origin=o, destination=d, year=y, migrants=m) for (o, d, y), m in latest.items()],
    )
    report.corridors = len(latest)
