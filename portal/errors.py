"""Domain errors and the friendly HTTP error pages."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.domain import DomainError

__all__ = ["DomainError", "apply_to_form", "init_app"]


def apply_to_form(form, error: DomainError) -> None:
    """Show a domain error next to its field (or at the top of the form)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    413: _l("The file or text you sent is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
}


def _render(code: int, detail=None):
    return render_template("errors/error.html", code=code, title=TITLES.get(code, TITLES[500]), detail=detail), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, _l("The form had expired or was sent from elsewhere. Please try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code not in TITLES:
            return error
        return _render(error.code)

    @app.errorhandler(500)
    def server_error(error):
        from portal.extensions import db

        db.session.rollback()
        return _render(500)
