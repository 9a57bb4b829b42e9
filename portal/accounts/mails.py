"""Account mail: password links, in the recipient's own language, queued in the outbox."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from portal.accounts import tokens
from portal.outbox.services import queue_mail

ENDPOINTS = {tokens.RESET: "accounts.reset_password", tokens.WELCOME: "accounts.welcome"}


def external_url(endpoint: str, **values) -> str:
    """An absolute link on the public address (BASE_URL), also outside a request (the CLI)."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def max_age(purpose: str) -> int:
    """Seconds a link stays valid: an hour to reset, a week to accept an invitation."""
    if purpose == tokens.WELCOME:
        return current_app.config.get("WELCOME_LINK_MAX_AGE", 7 * 24 * 3600)
    return current_app.config["PASSWORD_RESET_MAX_AGE"]


def password_link(user, purpose: str) -> str:
    token = tokens.make_token(current_app.config["SECRET_KEY"], purpose, user.id, user.password_hash)
    return external_url(ENDPOINTS[purpose], token=token)


def queue_password_mail(user, purpose: str, inviter=None):
    """Queue a mail with a link to set the password, written in ``user``'s language."""
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        if purpose == tokens.RESET:
            subject, paragraphs = _("Choose a new password"), _reset_text(user)
        else:
            subject, paragraphs = _("Your account on Buurtportaal"), _welcome_text(user, inviter)
    return queue_mail(user.email, subject, "\n\n".join(paragraphs) + "\n")


# Mail texts are plain paragraphs in Python (not templates), so that extraction finds them and
# nothing in them is HTML-escaped.


def _reset_text(user) -> list[str]:
    hours = max_age(tokens.RESET) // 3600
    return [
        _("Hello %(name)s,", name=user.first_name),
        _(
            "Someone, probably you, asked to choose a new password for your account on Buurtportaal. "
            "Open this link to choose one:"
        ),
        password_link(user, tokens.RESET),
        ngettext("The link works once and for %(num)d hour.", "The link works once and for %(num)d hours.", hours),
        _("Did you not ask for this? Then you can ignore this mail; your password stays the same."),
        _("Buurtportaal"),
    ]


def _welcome_text(user, inviter) -> list[str]:
    days = max_age(tokens.WELCOME) // (24 * 3600)
    if inviter is not None:
        opening = _(
            "%(inviter)s has made an account for you on Buurtportaal, the portal of the WIJ-teams in Groningen.",
            inviter=inviter.name,
        )
    else:
        opening = _("An account has been made for you on Buurtportaal, the portal of the WIJ-teams in Groningen.")
    paragraphs = [_("Hello %(name)s,", name=user.first_name), opening]
    if user.teams:
        paragraphs.append(_("You work for: %(teams)s.", teams=", ".join(team.name for team in user.teams)))
    paragraphs += [
        _("Open this link to choose your password:"),
        password_link(user, tokens.WELCOME),
        ngettext("The link works once and for %(num)d day.", "The link works once and for %(num)d days.", days),
        _("After that you log in with your e-mail address %(email)s.", email=user.email),
        _("Buurtportaal"),
    ]
    return paragraphs
