"""Regenerate the compact reference files in this folder from the shared Groningen data.

    python -m portal.teams.data.build ../shared/data      (or: flask --app portal teams build-data DIR)

Plain Python, no third-party packages: the output is byte-for-byte reproducible. Nothing is
invented here: an address, phone number or e-mail that the sources do not give stays empty,
and every street written out is checked to occur in the source row it came from.
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


@dataclass(frozen=True)
class TeamRule:
    """How one of the eleven 2016-2017 teams is read from groningen-teams.csv."""

    slug: str
    name: str
    source_name: str  # the team_name column starts with this
    period: str  # the period_observed column starts with this: the 2016-2017 row
    street: str = ""  # only a street the source confirms; must occur in the row's address
    postcode: str = ""
    use_address: bool = True  # False: the only row is a later location, not 2016-2017


TEAMS = (
    TeamRule(
        "schilderswijk-centrum",
        "WIJ Schilderswijk/Centrum",
        "WIJ Schilderswijk/Centrum",
        "2017-2018",
        street="Oosterstraat",
    ),
    TeamRule("korrewegwijk", "WIJ Korrewegwijk", "WIJ Korrewegwijk", "2016-2018"),
    TeamRule("oosterparkwijk", "WIJ Oosterparkwijk", "WIJ Oosterparkwijk", "2016-2017"),
    # The postcode is that of the building (MFC De Stroming, Merwedestraat 54, same building).
    TeamRule(
        "rivierenbuurt",
        "WIJ Rivierenbuurt",
        "WIJ Rivierenbuurt",
        "vanaf 7 okt",
        street="Merwedestraat",
        postcode="9725 KE",
    ),
    TeamRule("de-wijert", "WIJ De Wijert", "WIJ De Wijert", "2015/2016"),
    TeamRule("corpus-den-hoorn", "WIJ Corpus den Hoorn", "WIJ Corpus den Hoorn", "2015/2016"),
    TeamRule("beijum", "WIJ Beijum", "WIJ Beijum", "feb 2016", street="Isebrandtsheerd"),
    TeamRule("lewenborg", "WIJ Lewenborg", "WIJ Lewenborg", "2016-"),
    TeamRule("vinkhuizen", "WIJ Vinkhuizen", "WIJ Vinkhuizen", "2020-2021", use_address=False),
    TeamRule("selwerd", "WIJ Selwerd", "WIJ Selwerd", "2016-"),
    TeamRule("hoogkerk", "WIJ Hoogkerk", "WIJ Hoogkerk", "start onbekend", use_address=False),
)

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


def pick_team_row(rows: list[dict[str, str]], rule: TeamRule) -> dict[str, str]:
    matches = [
        r for r in rows if r["team_name"].startswith(rule.source_name) and r["period_observed"].startswith(rule.period)
    ]
    if len(matches) != 1:
        raise ValueError(f"{rule.slug}: expected one {rule.period!r} row, found {len(matches)}")
    return matches[0]


def team_record(row: dict[str, str], rule: TeamRule) -> dict[str, str]:
    address = row["address"].strip()
    if rule.street and rule.street not in address:
        raise ValueError(f"{rule.slug}: street {rule.street!r} is not in the source address {address!r}")
    if rule.postcode and rule.postcode.replace(" ", "") not in row["postcode"].replace(" ", ""):
        raise ValueError(f"{rule.slug}: postcode {rule.postcode!r} is not in the source")
    confidence = row["confidence_notes"].strip()
    record = {
        "slug": rule.slug,
        "name": rule.name,
        "city": "Groningen",
        "source": row["source"].strip(),
        "phone": row["phone"].strip(),
        "email": "",
        "walk_in_hours": row["opening_hours"].strip(),
    }
    if rule.use_address:
        record.update(
            street=rule.street,
            postcode=rule.postcode,
            address_note=address,
            lat=row["lat"].strip(),
            lon=row["lon"].strip(),
        )
        if row["coord_quality"].strip():
            confidence += f" Coördinaat: {row['coord_quality'].strip()}."
    elif address:
        record["address_note"] = (
            f"Locatie in 2016-2017 niet gevonden. Alleen een latere locatie is bekend "
            f"({row['period_observed'].strip()}): {address}."
        )
    record["confidence"] = confidence
    return record


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
        nl.append(f"Ook bekend als {aka}.")
        en.append(f"Also known as {aka}.")
    if derived and len(derived) == served:
        nl.append("Welke buurten bij dit team horen, is afgeleid en niet door de gemeente gepubliceerd.")
        en.append("Which neighbourhoods belong to this team is derived, not published by the municipality.")
    elif derived:
        nl.append(
            f"Dat {_join(derived, 'en')} bij dit team horen, is afgeleid en niet door de gemeente bevestigd."
            if len(derived) > 1
            else f"Dat {derived[0]} bij dit team hoort, is afgeleid en niet door de gemeente bevestigd."
        )
        en.append(
            f"That {_join(derived, 'and')} belong{'' if len(derived) > 1 else 's'} to this team is "
            "derived, not confirmed by the municipality."
        )
    return " ".join(nl), " ".join(en)


def is_confirmed(label: str) -> bool:
    return label.startswith(("bevestigd", "hoog"))


def build_teams(src: Path, neighbourhoods: list[dict], districts: dict[str, dict]) -> list[dict]:
    rows = read_csv(src / "groningen-teams.csv")
    records = []
    for rule in TEAMS:
        record = team_record(pick_team_row(rows, rule), rule)
        served = [n for n in neighbourhoods if n["team"] == rule.slug]
        by_district: dict[str, list[str]] = defaultdict(list)
        for hood in sorted(served, key=lambda n: n["code"]):
            by_district[districts[hood["district"]]["name"]].append(hood["name"])
        derived = [n["name"] for n in served if not is_confirmed(n["team_confidence"])]
        aka = "WIJ De Wijert/Helpman" if rule.slug == "de-wijert" else ""
        inhabitants = sum(int(n["inhabitants"] or 0) for n in served)
        record["description_nl"], record["description_en"] = describe_team(
            rule.name, list(by_district.items()), inhabitants, derived, len(served), aka
        )
        records.append(record)
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
