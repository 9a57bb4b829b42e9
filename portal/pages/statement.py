"""The accessibility statement (toegankelijkheidsverklaring), read from a TOML file the municipality fills in.

The file follows the Dutch model statement (digitoegankelijk.nl, "Besluit digitale toegankelijkheid overheid"):
what the statement covers, the status A-D, when it was made, the research it rests on, who approved it ("gezien en
akkoord": a role and a date), how to report a problem and within how many working days the answer comes, and each
known deviation with the date it is to be fixed. ``ACCESSIBILITY_STATEMENT`` names the file; left empty, the portal's
own ``accessibility-statement.toml`` is used, which claims only what is true of this software (README, "Accessibility
statement"). Texts are either one string or a table with ``nl`` and ``en``.

Pure: no Flask, no database. ``problems`` lists what is wrong with a file; the pages feature refuses to start with
any, as the configuration check does for settings.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent / "accessibility-statement.toml"
STATUSES = ("A", "B", "C", "D")
RESEARCH_KINDS = ("audit", "self")  # an independent WCAG-EM audit, or the organisation's own checks
MAX_ANSWER_DAYS = 60


@dataclass(frozen=True)
class Text:
    """A text in Dutch and English (English falls back to Dutch)."""

    nl: str
    en: str

    def __call__(self, language: str) -> str:
        return self.en if language == "en" and self.en else self.nl


@dataclass(frozen=True)
class Research:
    on: date
    kind: str  # RESEARCH_KINDS
    by: Text
    method: Text
    report_url: str = ""


@dataclass(frozen=True)
class Deviation:
    criterion: Text  # "3.1.2 Taal van onderdelen" / "3.1.2 Language of Parts"
    what: Text
    consequence: Text
    fix_by: date


@dataclass(frozen=True)
class Statement:
    organisation: str
    scope: tuple[str, ...]  # addresses; empty: the portal's BASE_URL
    status: str  # STATUSES
    made_on: date
    research: tuple[Research, ...]
    approved_by: str  # the role of who approved it ("gezien en akkoord"); "" while nobody has
    approved_on: date | None
    contact_email: str  # also told of every report, through the outbox; "" for none
    contact_phone: str
    answer_days: int  # working days within which a report is answered
    deviations: tuple[Deviation, ...]
    register_url: str = ""  # the statement in the register of toegankelijkheidsverklaring.nl
    ombudsman: str = ""  # where to turn when the answer does not satisfy (name and address), "" to leave it out

    @property
    def audited(self) -> bool:
        return any(item.kind == "audit" for item in self.research)


def path_of(setting: str) -> Path:
    return Path(setting) if setting else DEFAULT


def problems(setting: str) -> list[str]:
    """What keeps the statement file named by ``setting`` from being used (empty: it is fine)."""
    try:
        load(setting)
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        return [f"ACCESSIBILITY_STATEMENT {str(path_of(setting))!r}: {error}"]
    return []


@cache
def load(setting: str) -> Statement:
    """The statement in the file ``setting`` names (the default file when empty); ValueError says what is wrong."""
    with path_of(setting).open("rb") as handle:
        data = tomllib.load(handle)
    statement = Statement(
        organisation=_string(data, "organisation", required=True),
        scope=tuple(_strings(data, "scope")),
        status=_string(data, "status", required=True).upper(),
        made_on=_date(data, "statement_date"),
        research=tuple(_research(item) for item in data.get("research", [])),
        approved_by=_string(data.get("approval", {}), "role"),
        approved_on=_date(data.get("approval", {}), "date", required=False),
        contact_email=_string(data.get("contact", {}), "email"),
        contact_phone=_string(data.get("contact", {}), "phone"),
        answer_days=int(data.get("contact", {}).get("answer_days", 0)),
        deviations=tuple(_deviation(item) for item in data.get("deviations", [])),
        register_url=_string(data, "register_url"),
        ombudsman=_string(data, "ombudsman"),
    )
    _check(statement)
    return statement


def _check(statement: Statement) -> None:
    if statement.status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}; it is {statement.status!r}")
    if statement.status in ("A", "B") and not statement.audited:
        raise ValueError(f"status {statement.status} needs research of kind 'audit' (an independent WCAG-EM audit)")
    if statement.status == "A" and statement.deviations:
        raise ValueError("status A (fully compliant) cannot have known deviations")
    if bool(statement.approved_by) != (statement.approved_on is not None):
        raise ValueError("approval needs both a role and a date, or neither")
    if not 1 <= statement.answer_days <= MAX_ANSWER_DAYS:
        raise ValueError(f"contact.answer_days must be 1 to {MAX_ANSWER_DAYS} working days")
    for address in (*statement.scope, statement.register_url):
        if address and not address.startswith("https://"):
            raise ValueError(f"{address!r} must be an https:// address")
    if statement.contact_email and "@" not in statement.contact_email:
        raise ValueError(f"contact.email {statement.contact_email!r} is not an e-mail address")


def _string(data: dict, key: str, required: bool = False) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise TypeError(f"{key} must be text")
    if required and not value.strip():
        raise KeyError(f"{key} is missing")
    return value.strip()


def _strings(data: dict, key: str) -> list[str]:
    values = data.get(key, [])
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise TypeError(f"{key} must be a list of texts")
    return [value.strip() for value in values if value.strip()]


def _date(data: dict, key: str, required: bool = True) -> date | None:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise KeyError(f"{key} is missing")
        return None
    if not isinstance(value, date):
        raise TypeError(f"{key} must be a date, like 2026-12-05 (without quotes)")
    return value


def _text(data: dict, key: str) -> Text:
    value = data.get(key, "")
    if isinstance(value, str):
        return Text(value.strip(), value.strip())
    if isinstance(value, dict) and isinstance(value.get("nl", ""), str) and isinstance(value.get("en", ""), str):
        return Text(value.get("nl", "").strip(), value.get("en", "").strip())
    raise TypeError(f"{key} must be text, or a table with nl and en")


def _research(data: dict) -> Research:
    kind = _string(data, "kind", required=True)
    if kind not in RESEARCH_KINDS:
        raise ValueError(f"research kind must be one of {', '.join(RESEARCH_KINDS)}; it is {kind!r}")
    return Research(
        on=_date(data, "date"),
        kind=kind,
        by=_text(data, "by"),
        method=_text(data, "method"),
        report_url=_string(data, "report_url"),
    )


def _deviation(data: dict) -> Deviation:
    criterion = _text(data, "criterion")
    if not criterion.nl:
        raise KeyError("a deviation's criterion is missing")
    return Deviation(
        criterion=criterion,
        what=_text(data, "what"),
        consequence=_text(data, "consequence"),
        fix_by=_date(data, "fix_by"),
    )
