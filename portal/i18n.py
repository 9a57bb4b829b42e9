"""Language choice: a stored preference for residents, a cookie for visitors.

A language is "nl" or "en" everywhere in the portal (cookies, accounts, ``<html lang>``). Babel formats dates,
times and numbers by a *locale*: Dutch for "nl", and British English for "en", so that an English page reads
"4 December 2026, 18:41" and not Babel's American "12/4/26, 6:41 PM". ``babel_locale`` gives that locale for a
language; whoever switches the language for a mail (``force_locale``) passes it through too.
"""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user

from portal.extensions import babel

LANGUAGE_COOKIE = "lang"
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
BABEL_LOCALES = {"en": "en_GB"}  # the others are their own locale


def babel_locale(language: str) -> str:
    """The Babel locale that formats dates and numbers for ``language``: "en" → "en_GB", "nl" → "nl"."""
    return BABEL_LOCALES.get(language, language)


def select_locale() -> str:
    """The resident's stored language, else the visitor's cookie, else Dutch (the default), as a Babel locale."""
    languages = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():  # CLI commands and mails outside a request
        return babel_locale(default)
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return babel_locale(current_user.locale)
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return babel_locale(chosen)
    return babel_locale(default)


def current_language() -> str:
    """The language of the page or mail being made: "nl" or "en" (never the locale's region)."""
    locale = get_locale()
    return locale.language if locale is not None else current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
