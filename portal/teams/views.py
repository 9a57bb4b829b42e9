"""Team finder, team pages, the area map, "ask your team" and the list of a worker's team inboxes."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from wtforms.fields import SelectChoice

from portal import access
from portal.errors import DomainError, apply_to_form
from portal.extensions import db, limiter
from portal.htmx import is_fragment, render
from portal.i18n import current_language
from portal.page_cache import public_page, shared_html
from portal.submissions import Once, new_key
from portal.teams import finder, queries, sections, services
from portal.teams import map as city_map
from portal.teams.blueprint import bp
from portal.teams.forms import AskForm, FinderForm, NeighbourhoodForm
from portal.teams.postcodes import parse_postcode


def _rate_limits_off() -> bool:
    # One Limiter serves every app in the process (tests build several): ask this app's config.
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def _mails_nobody() -> bool:
    """Only a question with an e-mail address as its contact mails (a confirmation): the mail limit counts those."""
    return _rate_limits_off() or "@" not in (request.form.get("contact") or "")


@bp.get("/find")
@access.anyone
@public_page()
def find():
    form = FinderForm(request.args)
    result = finder_result(form, request.args.get("area")) if "postcode" in request.args else {}
    fragment = is_fragment()
    return render(
        "teams/find.html",
        "finder",
        form=form,
        finder_page=True,
        teams=queries.all_teams(),
        focus=fragment,
        municipality_phone=current_app.config["MUNICIPALITY_PHONE"],
        **result,
    )


def finder_result(form: FinderForm, area_code: str | None) -> dict:
    """What the finder answers for the typed postcode (and the chosen neighbourhood, if any)."""
    postcode = parse_postcode(form.postcode.data)
    if postcode is None:
        message = _("Enter a Dutch postcode, such as 9741 AB.") if form.postcode.data else _("Enter your postcode.")
        apply_to_form(form, DomainError(message, "postcode"))
        return {"searched": True}
    form.postcode.data = postcode
    placement = finder.place_postcode(postcode)
    if placement.status == finder.OUTSIDE:
        message = _(
            "We cannot find %(postcode)s among the postcodes of the city of Groningen. Check the postcode.",
            postcode=postcode,
        )
        apply_to_form(form, DomainError(message, "postcode"))
    chosen = placement.choose(area_code)
    choice = NeighbourhoodForm(formdata=None, area=chosen.code if chosen else None)
    choice.area.choices = [SelectChoice(area.code, area.name) for area in placement.neighbourhoods]
    if area_code and chosen is None:
        apply_to_form(choice, DomainError(_("Choose one of the neighbourhoods in the list."), "area"))
    area = chosen or (None if placement.status == finder.SPLIT else placement.default_area)
    team = area.team if area is not None else None
    served = queries.areas_served(team) if team else []
    return {"searched": True, "placement": placement, "area": area, "found": team, "served": served, "choice": choice}


@bp.get("/")
@access.anyone
@public_page()
def list_teams():
    teams = queries.teams_with_areas()
    return render_template(
        "teams/list.html",
        teams=teams,
        served={t.id: queries.areas_served(t) for t in teams},
        municipality_phone=current_app.config["MUNICIPALITY_PHONE"],
    )


# Where a visitor's shared team page (portal/page_cache.py) holds the question form's CSRF token and one-time
# key: each visitor's own are put in when the page is sent.
CSRF_MARKER, KEY_MARKER = "csrf-token-of-this-visitor", "form-key-of-this-visitor"


@bp.get("/<slug>")
@access.anyone
def show_team(slug: str):
    # The key of the shared page holds the slug: a kept page is sent without reading the team (an unknown slug
    # is a 404 while building, and nothing is kept).
    shell = shared_html(
        lambda: _render_team_page(queries.team_or_404(slug), _form_with_markers(), csrf_marker=CSRF_MARKER)
    )
    if shell is None:
        team = queries.team_or_404(slug)
        form = AskForm()
        if current_user.is_authenticated:
            form.name.data, form.contact.data = current_user.name, current_user.email
        return team_page(team, form)
    return shell.replace(CSRF_MARKER, generate_csrf(), 1).replace(KEY_MARKER, new_key(), 1)


def _form_with_markers() -> AskForm:
    """The question form of the shared page: no token of anyone's (made without CSRF), markers instead."""
    form = AskForm(meta={"csrf": False})
    form.form_key.data = KEY_MARKER
    return form


def team_page(team, form: AskForm, status: int = 200):
    return _render_team_page(team, form), status


def _render_team_page(team, form: AskForm, csrf_marker: str | None = None) -> str:
    return render_template(
        "teams/show.html",
        team=team,
        form=form,
        csrf_marker=csrf_marker,
        served=queries.areas_served(team),
        sections=sections.sections_for(team),
    )


@bp.post("/<slug>/ask")
@access.anyone
@limiter.limit("5 per minute; 30 per day", exempt_when=_rate_limits_off)
@limiter.limit(services.MAILS_PER_IP, exempt_when=_mails_nobody)
def ask_team(slug: str):
    team = queries.team_or_404(slug)
    form = AskForm()
    if form.validate_on_submit():
        ask = Once(
            form,
            lambda: services.ask_team(team, **_question(form), language=current_language(), user=_resident()),
            lambda _question: url_for("teams.show_team", slug=team.slug, _anchor="ask"),
        )
        try:
            question = ask()
        except DomainError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Thank you. Your question has been sent to %(team)s.", team=team.name), "success")
            flash(_ask_follow_up(question), "info")
            return redirect(url_for("teams.show_team", slug=team.slug, _anchor="ask"))
    return team_page(team, form, 422)


def _ask_follow_up(question) -> str:
    """How the asker hears back, with the reference they can quote."""
    number = queries.reference(question.id)
    if question.user_id is not None:
        return _(
            "Your reference is %(reference)s. You will find the answer under “My questions” in your account.",
            reference=number,
        )
    if "@" in question.contact:
        return _(
            "Your reference is %(reference)s. We have sent you an e-mail with a private link to your question, "
            "where you will read the answer.",
            reference=number,
        )
    return _("Your reference is %(reference)s. The team will call you with the answer.", reference=number)


def _question(form: AskForm) -> dict:
    return {"name": form.name.data, "contact": form.contact.data, "message": form.message.data}


def _resident():
    return current_user if current_user.is_authenticated else None


@bp.get("/map")
@access.anyone
@public_page()
def area_map():
    teams = queries.all_teams()
    return render_template(
        "teams/map.html",
        geometry=city_map.city_map(),
        colours=city_map.team_colours([team.slug for team in teams]),
        no_team_colour=city_map.NO_TEAM_COLOUR,
        teams=teams,
        hoods=queries.neighbourhoods_by_code(),
        districts=queries.districts_with_neighbourhoods(),
    )


@bp.get("/inbox")
@access.worker
def my_inboxes():
    """The worker's team inboxes with their counts (a worker of one team goes straight to its inbox, which the
    inbox feature serves at /teams/<slug>/inbox)."""
    teams = queries.inbox_teams(current_user)
    if len(teams) == 1 and not current_user.is_coordinator:
        return redirect(url_for("inbox.team_inbox", slug=teams[0].slug))
    counts = queries.question_counts([team.id for team in teams])
    return render_template("teams/my_inboxes.html", teams=teams, counts=counts)
