"""Verbs of neighbourly help, first part: a resident offers help or asks for it.

The other verbs live beside this module: suggesting offers for requests (services_suggestions),
the steps of a match (services_matches), closing and expiring (services_closing), and the workers'
blocks and flags (services_safety). Every function flushes and never commits; bad input raises
DomainError with a message for the resident, naming the form field it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _

from portal.errors import DomainError
from portal.extensions import db
from portal.help import matching
from portal.help.kinds import LANGUAGE_NAMES
from portal.help.models import URGENCIES, WHEN_DATE, WHEN_PERIOD, WHEN_SLOTS, HelpOffer, HelpRequest
from portal.help.notification_kinds_privacy import HELP_TEAM_HELD
from portal.help.places import place_of
from portal.help.safety import sensitive_topics, suggests_crisis
from portal.notifications.services import notify_team_workers
from portal.teams.models import Area
from portal.timeutil import utcnow

REQUEST_LIFETIME = timedelta(days=30)  # an open request without a date expires after this
MAX_CAPACITY = 10
MAX_RADIUS_KM = 25.0
LANGUAGES = tuple(LANGUAGE_NAMES)


@dataclass
class OfferInput:
    """What a resident fills in to offer help (see save_offer)."""

    kinds: list[str]
    description: str
    radius_km: float | None = None
    slots: list[str] = field(default_factory=list)
    regular: bool = False
    languages: list[str] = field(default_factory=list)
    capacity: int = 1


@dataclass
class RequestInput:
    """What a resident fills in to ask for help (see create_request)."""

    kind: str
    description: str
    area: object | None = None  # a neighbourhood; None: the resident's own
    when: str = WHEN_SLOTS
    on_date: date | None = None
    until_date: date | None = None
    slots: list[str] = field(default_factory=list)
    urgency: str = "normal"
    languages: list[str] = field(default_factory=list)  # the one spoken best first
    frequency: str = matching.ONCE  # once, weekly or several times
    day_parts: list[str] = field(default_factory=list)  # for a date or a period; none: any part of the day


def is_ended(offer: HelpOffer) -> bool:
    """An offer its helper withdrew (services_editing.end_offer): paused and unlisted, so no list or match finds
    it; it stays for the history of its past matches."""
    return offer.withdrawn_at is not None


def _check_slots(slots: list[str], field_name: str = "slots") -> list[str]:
    known = {f"{day}-{part}" for day in matching.DAYS for part in matching.PARTS}
    if any(slot not in known for slot in slots):
        raise DomainError(_("Choose the times from the list."), field_name)
    return sorted(set(slots), key=lambda slot: (matching.DAYS.index(slot[:3]), matching.PARTS.index(slot[4:])))


def _check_languages(languages: list[str]) -> list[str]:
    if any(code not in LANGUAGES for code in languages):
        raise DomainError(_("Choose the languages from the list."), "languages")
    return list(dict.fromkeys(languages))


def check_text(text: str, field_name: str, limit: int = 2000) -> str:
    """``text`` stripped, refused when it is shorter than 10 characters or longer than ``limit``."""
    text = (text or "").strip()
    if len(text) < 10:
        raise DomainError(_("Describe it in a few words (at least 10 characters)."), field_name)
    if len(text) > limit:
        raise DomainError(_("Use at most %(max)d characters.", max=limit), field_name)
    return text


def save_offer(user, data: OfferInput, offer: HelpOffer | None = None) -> HelpOffer:
    """Create ``user``'s offer, or change it; the place is the centre of their postcode."""
    if offer is not None and offer.user_id != user.id:
        raise DomainError(_("This is not your offer."), None)
    if offer is not None and is_ended(offer):
        raise DomainError(_("You withdrew this offer. Make a new one to offer help again."), None)
    if not data.kinds or any(kind not in matching.KINDS for kind in data.kinds):
        raise DomainError(_("Choose at least one kind of help from the list."), "kinds")
    if not 1 <= data.capacity <= MAX_CAPACITY:
        raise DomainError(_("Choose between 1 and %(max)d people.", max=MAX_CAPACITY), "capacity")
    if data.radius_km is not None and not 0.2 <= data.radius_km <= MAX_RADIUS_KM:
        raise DomainError(_("Choose a distance between 0.2 and %(max)d km.", max=int(MAX_RADIUS_KM)), "radius_km")
    if user.area is None:
        raise DomainError(_("Add your home postcode to your account first, so neighbours nearby find you."), None)
    description = check_text(data.description, "description")
    slots = _check_slots(data.slots)
    languages = _check_languages(data.languages)
    if offer is not None and data.capacity < offer.load:
        raise DomainError(
            _("You are helping %(num)d people now; choose at least that many.", num=offer.load), "capacity"
        )
    area, lat, lon = place_of(user)  # before a new offer joins the session: the lookup may flush
    if offer is None:
        offer = HelpOffer(user_id=user.id, load=0, paused=False)
        db.session.add(offer)
    offer.kinds = data.kinds
    offer.description = description
    offer.radius_km = data.radius_km
    offer.slots = slots
    offer.regular = data.regular
    offer.languages = languages
    offer.capacity = data.capacity
    offer.area_id, offer.latitude, offer.longitude = area.id, lat, lon
    db.session.flush()
    return offer


def set_paused(user, offer: HelpOffer, paused: bool) -> HelpOffer:
    """Pause ``user``'s own offer (out of the lists and of matching) or resume it."""
    if offer.user_id != user.id:
        raise DomainError(_("This is not your offer."), None)
    if is_ended(offer):
        raise DomainError(_("You withdrew this offer. Make a new one to offer help again."), None)
    offer.paused = paused
    db.session.flush()
    return offer


def expiry_of(data: RequestInput, now: datetime) -> datetime:
    last_day = data.until_date or data.on_date
    if last_day is not None:
        return datetime.combine(last_day + timedelta(days=1), datetime.min.time())
    return now + REQUEST_LIFETIME


def checked_request(data: RequestInput, now: datetime) -> dict:
    """The fields of a request from ``data``, checked (DomainError naming the field otherwise); no area yet."""
    if data.kind not in matching.KINDS:
        raise DomainError(_("Choose a kind of help from the list."), "kind")
    if data.urgency not in URGENCIES:
        raise DomainError(_("Choose how urgent it is."), "urgency")
    if data.frequency not in matching.FREQUENCIES:
        raise DomainError(_("Choose how often you need the help."), "frequency")
    if any(part not in matching.PARTS for part in data.day_parts):
        raise DomainError(_("Choose the parts of the day from the list."), "day_parts")
    description = check_text(data.description, "description")
    slots, on_date, until_date = [], None, None
    if data.when == WHEN_SLOTS:
        slots = _check_slots(data.slots)
    elif data.when == WHEN_DATE:
        if data.on_date is None:
            raise DomainError(_("Choose the date."), "on_date")
        on_date = data.on_date
    elif data.when == WHEN_PERIOD:
        if data.on_date is None or data.until_date is None:
            raise DomainError(_("Choose the first and the last day."), "until_date")
        if data.until_date < data.on_date:
            raise DomainError(_("The last day comes after the first day."), "until_date")
        on_date, until_date = data.on_date, data.until_date
    else:
        raise DomainError(_("Choose when you need the help."), "when")
    if on_date is not None and on_date < now.date():
        raise DomainError(_("Choose a day from today on."), "on_date")
    if on_date is not None:  # the stated parts of the day, as slots of its weekdays
        slots = matching.date_slots(on_date, until_date, data.day_parts)
    return {
        "kind": data.kind,
        "description": description,
        "when": data.when,
        "on_date": on_date,
        "until_date": until_date,
        "slots": slots,
        "languages": _check_languages(data.languages),
        "urgency": data.urgency,
        "frequency": data.frequency,
    }


def request_place(user, data: RequestInput) -> tuple:
    area, lat, lon = place_of(user, data.area)
    if area is None:
        raise DomainError(_("Choose the neighbourhood where the help is needed."), "area")
    return area, lat, lon


def hold_if_sensitive(request: HelpRequest, now: datetime) -> bool:
    """Hold ``request`` for the team when its text touches a sensitive matter (safety.sensitive_topics).

    A held request is seen by its requester and the team's workers only, until a worker releases it
    (services_safety.release_request). Returns whether it was newly held (the team is then told).
    """
    request.sensitive_topics = sensitive_topics(request.description)
    if not request.sensitive_topics:
        return False
    already_waiting = request.held_at is not None and request.reviewed_at is None
    request.held_at, request.reviewed_at, request.reviewed_by_id = now, None, None
    return not already_waiting


def create_request(user, data: RequestInput, now: datetime | None = None) -> HelpRequest:
    """Store ``user``'s request. One whose text suggests a crisis is kept for the team only; one whose text
    touches a sensitive matter (debts, health, …) is held until a worker of the team has looked at it."""
    now = now or utcnow()
    fields = checked_request(data, now)
    area, lat, lon = request_place(user, data)
    request = HelpRequest(
        user_id=user.id,
        area_id=area.id,
        latitude=lat,
        longitude=lon,
        crisis=suggests_crisis(fields["description"]),
        created_at=now,
        **fields,
    )
    request.expires_at = expiry_of(data, now)
    held = hold_if_sensitive(request, now)
    db.session.add(request)
    db.session.flush()
    if held or request.crisis:
        tell_team_held(request)
    return request


def tell_team_held(request: HelpRequest) -> list:
    """Tell the workers of the request's team that it waits for them (held, or a crisis), never its words."""
    area = db.session.get(Area, request.area_id)
    if area is None or area.team is None:
        return []
    params = {"kind": request.kind, "area": area.name, "crisis": bool(request.crisis)}
    return notify_team_workers(area.team, HELP_TEAM_HELD, params, f"/help/teams/{area.team.slug}/held")
