"""Account mail: password links, address confirmation, in the recipient's own language, queued in the outbox.

A mail to an address that is not confirmed yet (anyone could have typed it) has fixed text only: nothing
a visitor typed, not even the name, is echoed to it.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from portal.accounts import tokens
from portal.i18n import babel_locale
from portal.outbox.services import queue_mail
from portal.urls import external_url

ENDPOINTS = {
    tokens.RESET: "accounts.reset_password",
    tokens.WELCOME: "accounts.welcome",
    tokens.CONFIRM: "accounts.confirm_email",
}


def max_age(purpose: str) -> int:
    """Seconds a link stays valid: an hour to reset, two days to confirm an address, a week to accept an invitation."""
    if purpose == tokens.WELCOME:
        return current_app.config.get("WELCOME_LINK_MAX_AGE", 7 * 24 * 3600)
    if purpose == tokens.CONFIRM:
        return current_app.config.get("CONFIRM_LINK_MAX_AGE", 2 * 24 * 3600)
    return current_app.config["PASSWORD_RESET_MAX_AGE"]


def link_state(user, purpose: str) -> str:
    """What a link of ``purpose`` is bound to: using the link changes it, so the link works once.

    A password link is bound to the password hash; a confirmation link to the address and whether it is
    confirmed yet.
    """
    if purpose == tokens.CONFIRM:
        return f"{user.email}\n{'confirmed' if user.email_confirmed_at else 'unconfirmed'}"
    return user.password_hash


def link_for(user, purpose: str) -> str:
    """The absolute link for ``purpose`` (one of tokens.PURPOSES) that goes into the mail."""
    token = tokens.make_token(current_app.config["SECRET_KEY"], purpose, user.id, link_state(user, purpose))
    return external_url(ENDPOINTS[purpose], token=token)


def _language(user) -> str:
    return babel_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"])


def queue_password_mail(user, purpose: str, inviter=None):
    """Queue a mail with a link to set the password, written in ``user``'s language."""
    with force_locale(_language(user)):
        if purpose == tokens.RESET:
            subject, paragraphs = _("Choose a new password"), _reset_text(user)
        else:
            subject, paragraphs = _("Your account on Buurtportaal"), _welcome_text(user, inviter)
    return queue_mail(user.email, subject, "\n\n".join(paragraphs) + "\n")


def queue_confirmation_mail(user):
    """Queue the mail with the link that confirms a new account's address (fixed text: no typed name)."""
    with force_locale(_language(user)):
        subject = _("Confirm your e-mail address")
        paragraphs = _confirmation_text(user)
    return queue_mail(user.email, subject, "\n\n".join(paragraphs) + "\n")


def queue_registration_attempt_mail(user):
    """Tell the owner of a confirmed address that someone tried to register with it (no account was made)."""
    with force_locale(_language(user)):
        subject = _("Someone tried to register with your e-mail address")
        paragraphs = _registration_attempt_text(user)
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
        link_for(user, tokens.RESET),
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
        link_for(user, tokens.WELCOME),
        ngettext("The link works once and for %(num)d day.", "The link works once and for %(num)d days.", days),
        _("After that you log in with your e-mail address %(email)s.", email=user.email),
        _("Buurtportaal"),
    ]
    return paragraphs


def _confirmation_text(user) -> list[str]:
    days = max_age(tokens.CONFIRM) // (24 * 3600)
    return [
        _("Hello,"),
        _(
            "Someone, probably you, made an account on Buurtportaal with this e-mail address. "
            "Open this link to confirm that the address is yours:"
        ),
        link_for(user, tokens.CONFIRM),
        ngettext("The link works once and for %(num)d day.", "The link works once and for %(num)d days.", days),
        _("After that you log in with your e-mail address and the password you chose."),
        _(
            "Did you not make an account? Then you can ignore this mail; "
            "without confirmation the account cannot be used."
        ),
        _("Buurtportaal"),
    ]


def _registration_attempt_text(user) -> list[str]:
    return [
        _("Hello %(name)s,", name=user.first_name),
        _(
            "Someone, perhaps you, tried to make a new account on Buurtportaal with this e-mail address. "
            "You already have an account, so no new account was made."
        ),
        _("Was it you? Then log in with your e-mail address:"),
        external_url("accounts.login"),
        _("Forgot your password? Choose a new one here:"),
        external_url("accounts.forgot_password"),
        _("Was it not you? Then you can ignore this mail; nothing has changed in your account."),
        _("Buurtportaal"),
    ]
