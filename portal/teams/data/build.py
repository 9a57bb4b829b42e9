"""Regenerate the compact reference files in this folder from the shared Groningen data.

    python -m portal.teams.data.build ../shared/data      (or: flask --app portal teams build-data DIR)

Plain Python, no third-party packages: the output is byte-for-byte reproducible. Nothing is
invented here: an address, phone number or e-mail that the sources do not give stays empty,
and every street written out is checked to occur in the source row it came from.

A team's address is its newest confirmed location (``LOCATIONS``): from the later sources
(groningen-teams-2019-2025.csv) where they confirm one, else from 2016-2017 where no later source
contradicts it. What residents read (``address_note``) is a plain pointer such as "In 't Vinkhuys";
the researchers' notes ("huisnummer niet gevonden", conflicts, sources) go to the ``confidence``
column, which the portal never loads.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from portal.teams.geometry import parse_wkt, simplify_ring, to_wkt

OUT = Path(__file__).resolve().parent
BOUNDARY_TOLERANCE = 0.0001  # degrees, about 7-11 m: well below a pixel on the city map


EARLY = "groningen-teams.csv"  # 2016-2017, and some later locations
LATER = "groningen-teams-2019-2025.csv"  # the newest location found per team, with as_of


@dataclass(frozen=True)
class TeamRule:
    """How one of the eleven 2016-2017 teams is read from groningen-teams.csv (name, areas, sources)."""

    slug: str
    name: str
    source_name: str  # the team_name column starts with this
    period: str  # the period_observed column starts with this: the 2016-2017 row
    later_name: str = ""  # its team_name in groningen-teams-2019-2025.csv, when it differs


@dataclass(frozen=True)
class Location:
    """A team's newest confirmed location, read from one row of ``source``: the street and every word of the
    note's place (``place``) must occur in that row's address, so nothing is written that the source does not say.
    """

    source: str  # EARLY or LATER
    period: str  # the row's period_observed starts with this
    street: str
    place: str  # the building as the source names it
    note: str  # what residents read under the address (Dutch): where in the street, in plain words
    postcode: str = ""  # only where the source gives it
    coordinates: bool = False  # the row's lat/lon mark this very building


TEAMS = (
    TeamRule("schilderswijk-centrum", "WIJ Schilderswijk/Centrum", "WIJ Schilderswijk/Centrum", "2017-2018"),
    TeamRule("korrewegwijk", "WIJ Korrewegwijk", "WIJ Korrewegwijk", "2016-2018"),
    TeamRule("oosterparkwijk", "WIJ Oosterparkwijk", "WIJ Oosterparkwijk", "2016-2017"),
    TeamRule("rivierenbuurt", "WIJ Rivierenbuurt", "WIJ Rivierenbuurt", "vanaf 7 okt"),
    TeamRule("de-wijert", "WIJ De Wijert", "WIJ De Wijert", "2015/2016", later_name="WIJ Helpman/De Wijert"),
    TeamRule("corpus-den-hoorn", "WIJ Corpus den Hoorn", "WIJ Corpus den Hoorn", "2015/2016"),
    TeamRule("beijum", "WIJ Beijum", "WIJ Beijum", "feb 2016"),
    TeamRule("lewenborg", "WIJ Lewenborg", "WIJ Lewenborg", "2016-"),
    TeamRule("vinkhuizen", "WIJ Vinkhuizen", "WIJ Vinkhuizen", "2020-2021"),
    TeamRule("selwerd", "WIJ Selwerd", "WIJ Selwerd", "2016-"),
    TeamRule("hoogkerk", "WIJ Hoogkerk", "WIJ Hoogkerk", "start onbekend"),
)

# The newest confirmed location of each team that has one (groningen-teams-2019-2025.csv, as_of in brackets).
# Left out, and so unknown on the portal: Schilderswijk/Centrum (Oosterstraat, 2017, is contradicted by a 2021
# report of "de Oude School", itself unconfirmed), Hoogkerk (the temporary units at De Verbetering were to close
# on 1-9-2025; the move to Eemsgolaan 5 is not confirmed), and the teams without any address found.
LOCATIONS = {
    # 2020-02: the building and the street confirmed, no house number.
    "oosterparkwijk": Location(LATER, "vanaf 31-10-2019", "Heesterpoort", "De Oude School", "In De Oude School"),
    # 2021-02: the new community building with Het Heerdenhoes; no house number.
    "beijum": Location(
        LATER,
        "vanaf feb-mei 2019",
        "Bentismaheerd",
        "Het Heerdenhoes",
        "In het wijkgebouw, samen met buurthuis Het Heerdenhoes",
    ),
    # 2021-02: in 't Vinkhuys, whose address is Diamantlaan 94 (its coordinates are elsewhere in the street: left out).
    "vinkhuizen": Location(LATER, "locatie bevestigd", "Diamantlaan 94", "'t Vinkhuys", "In 't Vinkhuys"),
    # No later source names another place (team confirmed in 2020): the 2015 building, whose postcode and
    # coordinates are those of MFC De Stroming in the same building.
    "rivierenbuurt": Location(
        EARLY,
        "vanaf 7 okt",
        "Merwedestraat",
        "MFC De Stroming",
        "In hetzelfde gebouw als MFC De Stroming",
        postcode="9725 KE",
        coordinates=True,
    ),
}

TEAM_COLUMNS = [
    "slug",
    "name",
    "street",
    "postcode",
    "city",
    "address_note",
    "lat",
    "lon",
    "phone",
    "email",
    "walk_in_hours",
    "source",
    "confidence",
    "location_as_of",
    "description_nl",
    "description_en",
]
DISTRICT_COLUMNS = ["code", "name", "inhabitants", "lat", "lon"]
NEIGHBOURHOOD_COLUMNS = [
    "code",
    "name",
    "district",
    "team",
    "team_confidence",
    "inhabitants",
    "lat",
    "lon",
    "most_common_pc4",
    "team_source",
]
POSTCODE_COLUMNS = ["pc4", "neighbourhood", "share"]
BOUNDARY_COLUMNS = ["code", "kind", "wkt"]


# --- reading -----------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(10**8)
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: "" if row.get(key) is None else row[key] for key in columns})


def team_slug(raw: str) -> str | None:
    """The team named in a buurt row ('WIJ Lewenborg?', 'WIJ De Wijert (ook: ...)'), or None."""
    text = raw.strip()
    if not text or text.lower().startswith("onbekend"):
        return None
    text = text.rstrip("?").strip()
    for rule in TEAMS:
        if text == rule.source_name or text.startswith(rule.source_name + " "):
            return rule.slug
    raise ValueError(f"unknown team in the neighbourhood data: {raw!r}")


def team_confidence(raw_team: str, label: str) -> str:
    """The confidence label; for an unknown team keep what the source does say about it."""
    label = label.strip()
    if team_slug(raw_team) is None and raw_team.strip().lower() != "onbekend":
        label = f"{label}; {raw_team.strip()}"
    return label[:200]


def centre(row: dict[str, str]) -> tuple[str, str]:
    """Population-weighted centre where CBS counted inhabitants, else the geometric centre."""
    if row.get("popweighted_lat_2014") and row.get("popweighted_lon_2014"):
        return row["popweighted_lat_2014"], row["popweighted_lon_2014"]
    return row["centroid_lat"], row["centroid_lon"]


# --- teams -------------------------------------------------------------------------------------


def pick_team_row(rows: list[dict[str, str]], name: str, period: str, source: str = EARLY) -> dict[str, str]:
    matches = [r for r in rows if r["team_name"].startswith(name) and r["period_observed"].startswith(period)]
    if len(matches) != 1:
        raise ValueError(f"{name}: expected one {period!r} row in {source}, found {len(matches)}")
    return matches[0]


def _notes(row: dict[str, str]) -> str:
    notes = row["confidence_notes"].strip()
    if row.get("coord_quality", "").strip():
        notes += f" Coördinaat: {row['coord_quality'].strip()}."
    return notes


def later_row(later: list[dict[str, str]], rule: TeamRule) -> dict[str, str]:
    """The team's row in groningen-teams-2019-2025.csv (one per team)."""
    name = rule.later_name or rule.source_name
    matches = [r for r in later if r["team_name"].startswith(name)]
    if len(matches) != 1:
        raise ValueError(f"{rule.slug}: expected one row for {name!r} in {LATER}, found {len(matches)}")
    return matches[0]


def location_fields(rule: TeamRule, rows: dict[str, list[dict[str, str]]]) -> dict[str, str]:
    """Street, postcode, note and coordinates of the team's newest confirmed location ("" where unknown)."""
    location = LOCATIONS.get(rule.slug)
    if location is None:
        return {"street": "", "postcode": "", "address_note": "", "lat": "", "lon": ""}
    name = rule.source_name if location.source == EARLY else rule.later_name or rule.source_name
    row = pick_team_row(rows[location.source], name, location.period, location.source)
    address = row["address"]
    for words in (location.street, location.place):
        if words not in address:
            raise ValueError(f"{rule.slug}: {words!r} is not in the source address {address!r}")
    if location.postcode and location.postcode.replace(" ", "") not in row["postcode"].replace(" ", ""):
        raise ValueError(f"{rule.slug}: postcode {location.postcode!r} is not in the source")
    return {
        "street": location.street,
        "postcode": location.postcode,
        "address_note": location.note,
        "lat": row["lat"].strip() if location.coordinates else "",
        "lon": row["lon"].strip() if location.coordinates else "",
    }


def team_record(early: dict[str, str], later: dict[str, str], rule: TeamRule, place: dict[str, str]) -> dict[str, str]:
    """One team: its name, its newest confirmed location, and what the sources say (never contact details they
    do not give). The researchers' notes of both rows go to ``confidence`` only."""
    sources = [part.strip() for part in early["source"].split(";") if part.strip()]
    sources += [url.strip() for url in later["source_urls"].split(";") if url.strip() and url.strip() not in sources]
    return {
        "slug": rule.slug,
        "name": rule.name,
        "city": "Groningen",
        **place,
        "source": "; ".join(sources),
        "phone": later["phone"].strip() or early["phone"].strip(),
        "email": "",
        "walk_in_hours": later["opening_hours"].strip() or early["opening_hours"].strip(),
        "confidence": f"{_notes(early)} Later ({later['as_of'].strip()}): {_notes(later)}",
        "location_as_of": later["as_of"].strip(),
    }


def _join(items: list[str], word: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _thousands(number: int, separator: str) -> str:
    rounded = int(round(number, -2)) if number >= 1000 else number
    return f"{rounded:,}".replace(",", separator)


def describe_team(
    name: str, districts: list[tuple[str, list[str]]], inhabitants: int, derived: list[str], served: int, aka: str = ""
) -> tuple[str, str]:
    """A short factual description in Dutch and English: the districts and neighbourhoods served."""
    nl_parts = [f"de wijk {district} ({_join(hoods, 'en')})" for district, hoods in districts]
    en_parts = [f"the {district} district ({_join(hoods, 'and')})" for district, hoods in districts]
    nl = [f"{name} is het WIJ-team voor {_join(nl_parts, 'en')}."]
    en = [f"{name} is the WIJ-team for {_join(en_parts, 'and')}."]
    nl.append(f"Er wonen ongeveer {_thousands(inhabitants, '.')} mensen (CBS 2017).")
    en.append(f"About {_thousands(inhabitants, ',')} people live there (CBS 2017).")
    if aka:
        nl.append(f"Sinds 2020 heet het team {aka}.")
        en.append(f"Since 2020 the team is called {aka}.")
    if derived and len(derived) == served:
        nl.append("De gemeente heeft niet bekendgemaakt welke buurten precies bij dit team horen.")
        en.append("The municipality has not published exactly which neighbourhoods belong to this team.")
    elif derived:
        nl.append(
            f"Of {_join(derived, 'en')} bij dit team horen, heeft de gemeente niet bevestigd."
            if len(derived) > 1
            else f"Of {derived[0]} bij dit team hoort, heeft de gemeente niet bevestigd."
        )
        en.append(
            f"The municipality has not confirmed that {_join(derived, 'and')} "
            f"belong{'' if len(derived) > 1 else 's'} to this team."
        )
    if derived:
        nl.append("Twijfel je? Stel het team je vraag.")
        en.append("Not sure? Ask the team.")
    return " ".join(nl), " ".join(en)


def is_confirmed(label: str) -> bool:
    return label.startswith(("bevestigd", "hoog"))


def build_teams(src: Path, neighbourhoods: list[dict], districts: dict[str, dict]) -> list[dict]:
    rows = {EARLY: read_csv(src / EARLY), LATER: read_csv(src / LATER)}
    records = []
    for rule in TEAMS:
        early = pick_team_row(rows[EARLY], rule.source_name, rule.period)
        place = location_fields(rule, rows)
        record = team_record(early, later_row(rows[LATER], rule), rule, place)
        served = [n for n in neighbourhoods if n["team"] == rule.slug]
        by_district: dict[str, list[str]] = defaultdict(list)
        for hood in sorted(served, key=lambda n: n["code"]):
            by_district[districts[hood["district"]]["name"]].append(hood["name"])
        derived = [n["name"] for n in served if not is_confirmed(n["team_confidence"])]
        aka = rule.later_name
        inhabitants = sum(int(n["inhabitants"] or 0) for n in served)
        record["description_nl"], record["description_en"] = describe_team(
            rule.name, list(by_district.items()), inhabitants, derived, len(served), aka
        )
        records.append(record)
    return records


# --- Haren and Ten Boer ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VillageRule:
    """A former municipality merged into Groningen on 1 January 2019, with its own WIJ-team, whose
    neighbourhoods and postcodes are not in the 2017 data: the finder names it instead of calling
    its postcodes "outside the municipality"."""

    name: str
    team_name: str  # its row in groningen-teams-2019-2025.csv
    first_pc4: str
    last_pc4: str
    street: str = ""  # only a street the source confirms; must occur in the row's address


# The PC4 ranges are PostNL's numbering of the two former municipalities (Haren 9750-9753; Ten Boer and its
# villages 9790-9799). The data at hand confirms part of them: groningen-pc4-centres.csv has 9751, 9752 and 9753
# with their centres in Haren, and 9791, 9797 and 9798 at Ten Boer, Thesinge and Garmerwolde, and each of them lies
# (at least partly) outside the 2017 city in groningen-pc4-wijk.csv ("buiten gemeente Groningen 2017", or absent).
# build_villages checks exactly that. Two of them reach over the old city's edge (9752 into De Wijert-Zuid, 9798
# into Lageland): the finder then names the village and offers those neighbourhoods to choose from. Glimmen, Onnen
# and Noordlaren (also WIJ Haren's) have postcodes outside these ranges that the data does not give; the finder's
# answer for an unknown postcode mentions Haren and Ten Boer for them.
VILLAGES = (
    VillageRule("Haren", "WIJ Haren", "9750", "9753", street="Raadhuisplein"),
    VillageRule("Ten Boer", "WIJ Ten Boer", "9790", "9799"),
)
VILLAGE_COLUMNS = ["name", "first_pc4", "last_pc4", "team", "street", "city", "served", "as_of", "source"]


def build_villages(src: Path) -> list[dict]:
    later = read_csv(src / LATER)
    near = {row["pc4"] for row in read_csv(src / "groningen-pc4-centres.csv")}
    pc4_rows = read_csv(src / "groningen-pc4-wijk.csv")
    known = {row["pc4"] for row in pc4_rows}
    outside = {row["pc4"] for row in pc4_rows if not row["wijk_code_cbs2017"].strip()}
    records = []
    for rule in VILLAGES:
        inside = {pc4 for pc4 in near if rule.first_pc4 <= pc4 <= rule.last_pc4}
        city_only = {pc4 for pc4 in inside if pc4 in known and pc4 not in outside}
        if not inside or city_only:
            raise ValueError(
                f"{rule.name}: no postcode of the data in the range, or only city ones: {sorted(city_only)}"
            )
        row = pick_team_row(later, rule.team_name, "", LATER)
        if rule.street and rule.street not in row["address"]:
            raise ValueError(f"{rule.name}: street {rule.street!r} is not in the source address {row['address']!r}")
        records.append(
            {
                "name": rule.name,
                "first_pc4": rule.first_pc4,
                "last_pc4": rule.last_pc4,
                "team": rule.team_name,
                "street": rule.street,
                "city": row["city"].strip(),
                "served": row["wijken_served"].strip(),
                "as_of": row["as_of"].strip(),
                "source": row["source_urls"].strip(),
            }
        )
    return records


# --- areas and postcodes -------------------------------------------------------------------------


def build_districts(src: Path) -> list[dict]:
    records = []
    for row in read_csv(src / "groningen-wijken-2017.csv"):
        lat, lon = centre(row)
        records.append(
            {
                "code": row["wijk_code_cbs2017"],
                "name": row["wijk_name"],
                "inhabitants": row["inhabitants_cbs2017"],
                "lat": lat,
                "lon": lon,
            }
        )
    return records


def build_neighbourhoods(src: Path) -> list[dict]:
    records = []
    for row in read_csv(src / "groningen-buurten-2017.csv"):
        lat, lon = centre(row)
        records.append(
            {
                "code": row["buurt_code_cbs2017"],
                "name": row["buurt_name"],
                "district": row["wijk_code_cbs2017"],
                "team": team_slug(row["wij_team_2017"]) or "",
                "team_confidence": team_confidence(row["wij_team_2017"], row["wij_team_confidence"]),
                "inhabitants": row["inhabitants_cbs2017"],
                "lat": lat,
                "lon": lon,
                "most_common_pc4": row["most_common_pc4_cbs"],
                "team_source": row["wij_team_source"],
            }
        )
    return records


SHARE = re.compile(r"^(?P<name>.+?) \((?P<pct>\d+(?:\.\d+)?)%\)$")


def parse_shares(text: str) -> list[tuple[str, float]]:
    """'Harkstede GN (44%); Meerstad (4%)' -> [('Harkstede GN', 0.44), ('Meerstad', 0.04)]."""
    shares = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        match = SHARE.match(part)
        if not match:
            raise ValueError(f"cannot read the share {part!r}")
        shares.append((match["name"], round(float(match["pct"]) / 100, 4)))
    return shares


def build_postcodes(src: Path, neighbourhoods: list[dict]) -> list[dict]:
    codes = {(n["district"], n["name"]): n["code"] for n in neighbourhoods}
    shares: dict[tuple[str, str], float] = {}
    for row in read_csv(src / "groningen-pc4-wijk.csv"):
        for name, share in parse_shares(row["buurten_in_pc4_with_share"]):
            code = codes.get((row["wijk_code_cbs2017"], name))
            if code is None:
                raise ValueError(f"pc4 {row['pc4']}: no neighbourhood {name!r} in {row['wijk_code_cbs2017']}")
            shares[(row["pc4"], code)] = shares.get((row["pc4"], code), 0) + share
    placed = {code for _, code in shares}
    for hood in neighbourhoods:  # so that every neighbourhood can be found by a postcode
        if hood["code"] not in placed and hood["most_common_pc4"]:
            shares[(hood["most_common_pc4"], hood["code"])] = 0.0
    return [
        {"pc4": pc4, "neighbourhood": code, "share": f"{share:g}"}
        for (pc4, code), share in sorted(shares.items(), key=lambda item: (item[0][0], -item[1], item[0][1]))
    ]


# --- boundaries ----------------------------------------------------------------------------------


def build_boundaries(src: Path) -> list[dict]:
    records = []
    for filename, code_column, kind in (
        ("cbs-wijken-2017-boundaries.csv", "WK_CODE", "district"),
        ("cbs-buurten-2017-boundaries.csv", "BU_CODE", "neighbourhood"),
    ):
        for row in read_csv(src / filename):
            polygons = [
                [simplify_ring(ring, BOUNDARY_TOLERANCE) for ring in rings] for rings in parse_wkt(row["geometry"])
            ]
            records.append({"code": row[code_column], "kind": kind, "wkt": to_wkt(polygons)})
    return records


# --- main ---------------------------------------------------------------------------------------


def build(src: Path, out: Path = OUT) -> dict[str, int]:
    """Write teams, districts, neighbourhoods, postcodes and boundaries; return row counts."""
    src, out = Path(src), Path(out)
    districts = build_districts(src)
    neighbourhoods = build_neighbourhoods(src)
    teams = build_teams(src, neighbourhoods, {d["code"]: d for d in districts})
    postcodes = build_postcodes(src, neighbourhoods)
    boundaries = build_boundaries(src)
    files = {
        "teams.csv": (TEAM_COLUMNS, teams),
        "villages.csv": (VILLAGE_COLUMNS, build_villages(src)),
        "districts.csv": (DISTRICT_COLUMNS, districts),
        "neighbourhoods.csv": (NEIGHBOURHOOD_COLUMNS, neighbourhoods),
        "postcodes.csv": (POSTCODE_COLUMNS, postcodes),
        "boundaries.csv": (BOUNDARY_COLUMNS, boundaries),
    }
    for filename, (columns, rows) in files.items():
        write_csv(out / filename, columns, rows)
    return {filename: len(rows) for filename, (_, rows) in files.items()}


if __name__ == "__main__":  # pragma: no cover - a thin command line
    if len(sys.argv) != 2:
        sys.exit("usage: python -m portal.teams.data.build SRC_DIR")
    for name, count in build(Path(sys.argv[1])).items():
        print(f"{name}: {count} rows")
