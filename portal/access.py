"""Access rules. Every view states who may use it with exactly one of these decorators.

The rule is recorded on the view function (``view.access``) so that a test can walk the
URL map and insist that every route has a rule and that each rule is tested for each role.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import wraps

from flask import abort, redirect, url_for
from flask_login import current_user

from portal.extensions import login_manager

ANYONE = "anyone"
VISITOR = "visitor"  # only people who are not logged in (log-in and registration pages)
RESIDENT = "resident"  # any logged-in account
WORKER = "worker"  # a worker or coordinator; team checks happen in the view
TEAM_WORKER = "team_worker"  # a worker of the team named in the URL, or a coordinator
COORDINATOR = "coordinator"
# The resident who owns the object (e.g. an initiative's initiator), the workers of the team
# concerned, and coordinators. The decorator requires a log-in; the view loads the object and
# calls ensure_owner_or_team().
OWNER_OR_TEAM = "owner_or_team"

RULES = (ANYONE, VISITOR, RESIDENT, WORKER, TEAM_WORKER, COORDINATOR, OWNER_OR_TEAM)


def _mark(view: Callable, rule: str) -> Callable:
    view.access = rule
    return view


def anyone(view: Callable) -> Callable:
    """Open to everybody, logged in or not."""
    return _mark(view, ANYONE)


def visitors_only(view: Callable) -> Callable:
    """For people who are not logged in; a logged-in user is sent to their own overview ("Vandaag" for workers,
    "Mijn buurt" for residents: the overview feature's pages, named by endpoint)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_user.is_authenticated:
            return redirect(url_for("overview.today" if current_user.is_worker else "overview.my_neighbourhood"))
        return view(*args, **kwargs)

    return _mark(wrapper, VISITOR)


def _require(predicate: Callable[..., bool], rule: str) -> Callable[[Callable], Callable]:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not predicate(**kwargs):
                abort(403)
            return view(*args, **kwargs)

        return _mark(wrapper, rule)

    return decorator


def resident(view: Callable) -> Callable:
    """Any logged-in account."""
    return _require(lambda **_: True, RESIDENT)(view)


def worker(view: Callable) -> Callable:
    """Workers and coordinators."""
    return _require(lambda **_: current_user.is_worker, WORKER)(view)


def coordinator(view: Callable) -> Callable:
    """Coordinators only."""
    return _require(lambda **_: current_user.is_coordinator, COORDINATOR)(view)


def team_worker(view: Callable) -> Callable:
    """Workers of the team whose ``slug`` is in the URL, and coordinators."""

    def allowed(**kwargs) -> bool:
        return current_user.works_for(kwargs.get("slug"))

    return _require(allowed, TEAM_WORKER)(view)


def team_worker_of(argument: str, teams_of: Mapping[str, Callable[[int], str | Iterable[str] | None]]) -> Callable:
    """TEAM_WORKER for the object the URL ``argument`` names: workers of its team(s), and coordinators.

    ``teams_of[argument]`` loads the object (404 when it does not exist) and gives its team's slug, or the
    slugs of all teams concerned.
    """

    def allowed(**kwargs) -> bool:
        if not current_user.is_worker:
            return False
        slugs = teams_of[argument](kwargs[argument])
        if slugs is None or isinstance(slugs, str):
            slugs = (slugs,)
        return current_user.is_coordinator or any(current_user.works_for(slug) for slug in slugs)

    return _require(allowed, TEAM_WORKER)


def owner_or_team(view: Callable) -> Callable:
    """Logged in; the view must call ensure_owner_or_team() on the object it loads."""
    return _require(lambda **_: True, OWNER_OR_TEAM)(view)


def ensure_owner_or_team(owner_id: int | None, team_slug: str | None) -> None:
    """403 unless the current user owns the object or works for the team (coordinators may)."""
    if owner_id is not None and current_user.id == owner_id:
        return
    if current_user.works_for(team_slug):
        return
    abort(403)
