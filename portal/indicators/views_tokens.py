"""Export tokens: the coordinator's page that lists, makes and revokes them, and how a token stands in for a log-in
on the CSV routes.

``export_token_stands_in`` is the one way a token is accepted. It goes on a CSV route *above* its access rule
(``access.coordinator`` or ``access.team_worker``), which stays as it is for a logged-in session: with an
``Authorization`` header the request acts as the token's owner for that request only (no session, no cookie);
a wrong, revoked or orphaned token is a plain-text 401 with ``WWW-Authenticate: Bearer``, never a redirect to
log in. Failed attempts are rate-limited per client address (``token_failures_limited``). The routes that take a
token carry ``accepts_export_token = True`` (``tests/web/test_access_rules.py`` lists them).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Response, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import access
from portal.errors import commit_or_refuse
from portal.extensions import db, limiter
from portal.indicators import tokens
from portal.indicators.blueprint import bp
from portal.indicators.forms import ExportTokenForm
from portal.indicators.models import ExportToken
from portal.paging import get_or_404
from portal.submissions import Once
from portal.urls import external_url

BEARER = "bearer"
# Failed token requests per client address (a key cannot be guessed; this stops a tool hammering with a wrong one).
FAILED_TOKENS_PER_IP = "10 per minute; 100 per day"


def _no_token_or_limits_off() -> bool:
    return "Authorization" not in request.headers or not current_app.config.get("RATELIMIT_ENABLED", True)


def _refused(response: Response) -> bool:
    return response.status_code == 401


def token_failures_limited(view: Callable) -> Callable:
    """Put this outermost (just under the route): refused token requests count towards one shared limit."""
    return limiter.shared_limit(
        FAILED_TOKENS_PER_IP, "export-token", deduct_when=_refused, exempt_when=_no_token_or_limits_off
    )(view)


def _key(header: str) -> str | None:
    scheme, _space, key = header.strip().partition(" ")
    return key.strip() if scheme.lower() == BEARER and key.strip() else None


def _unauthorized() -> Response:
    message = _(
        "This export token does not work: it is unknown or revoked, or its owner is no longer a coordinator. "
        "Send a working token as the header “Authorization: Bearer <token>”."
    )
    return Response(
        message + "\n",
        status=401,
        mimetype="text/plain",
        headers={"WWW-Authenticate": 'Bearer realm="indicators", error="invalid_token"'},
    )


def _act_as(user) -> None:
    """``user`` is the current user for this request only: Flask-Login's own per-request slot, the session is
    never touched (so no cookie is set and nothing outlives the request)."""
    g._login_user = user


def export_token_stands_in(view: Callable) -> Callable:
    """Let a valid export token stand in for a log-in on a CSV route (see the module's docstring)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization")
        if header is None:
            return view(*args, **kwargs)
        owner = tokens.owner_for_key(_key(header) or "")
        if owner is None:
            db.session.rollback()
            return _unauthorized()
        db.session.commit()  # last_used_at
        _act_as(owner)
        return view(*args, **kwargs)

    wrapper.accepts_export_token = True
    return wrapper


# --------------------------------------------------------------------------- the coordinator's page


def _export_urls() -> dict[str, str]:
    """The CSV routes on the public address; a team's with ``<team>`` where its slug goes."""
    placeholder = "team-slug-here"
    return {
        "figures": external_url("indicators.dashboard_csv"),
        "items": external_url("indicators.dashboard_items_csv"),
        "team_figures": external_url("indicators.team_dashboard_csv", slug=placeholder).replace(placeholder, "<team>"),
        "team_items": external_url("indicators.team_items_csv", slug=placeholder).replace(placeholder, "<team>"),
    }


def _page(form: ExportTokenForm, *, made: tuple[ExportToken, str] | None = None, status: int = 200):
    response = current_app.make_response(
        (
            render_template(
                "indicators/tokens.html",
                form=form,
                tokens=tokens.tokens_of(current_user),
                made=made and made[0],
                key=made and made[1],
                urls=_export_urls(),
                most=tokens.MOST_WORKING,
            ),
            status,
        )
    )
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/tokens", methods=["GET", "POST"])
@access.coordinator
def export_tokens():
    """The coordinator's export tokens; POST makes one and shows its key, this once."""
    form = ExportTokenForm()
    if request.method == "GET":
        return _page(form)
    if form.validate_on_submit():
        make = Once(form, lambda: tokens.make_token(current_user, form.name.data), lambda _made: request.path)
        if commit_or_refuse(form, make):
            return _page(ExportTokenForm(formdata=None), made=make.result)
    return _page(form, status=422)


@bp.post("/tokens/<id:token_id>/revoke")
@access.coordinator
def revoke_export_token(token_id: int):
    """Revoke one of the coordinator's own tokens (another's is not there for them: 404)."""
    token = get_or_404(ExportToken, token_id)
    if token.user_id != current_user.id:
        abort(404)
    if tokens.revoke_token(current_user, token):
        db.session.commit()
        flash(_("The token “%(name)s” is revoked: it no longer works.", name=token.name), "success")
    else:
        flash(_("This token was already revoked."), "info")
    return redirect(url_for("indicators.export_tokens"), 303)
