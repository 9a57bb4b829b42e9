"""Domain errors and the friendly HTTP error pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.domain import DomainError

__all__ = ["DomainError", "apply_to_form", "commit_or_refuse", "init_app"]


def apply_to_form(form, error: DomainError) -> None:
    """Show a domain error next to its field (or at the top of the form)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def commit_or_refuse(form, change: Callable[[], object], fields: Mapping[str, str] | None = None) -> bool:
    """Run a service's change for ``form``: commit it, or roll it back and show the refusal on the form.

    ``fields`` maps a service's field names to the form's where they differ; a refusal for a field the
    form does not have is shown at the top of the form. Returns whether the change was committed.
    """
    from portal.extensions import db

    try:
        change()
    except DomainError as error:
        db.session.rollback()
        name = (fields or {}).get(error.field, error.field)
        apply_to_form(form, DomainError(error.message, name if name in form._fields else None))
        return False
    db.session.commit()
    return True


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
    @app.before_request
    def refuse_control_characters_in_the_query():
        """A NUL byte or another control character in a query string is junk: 400, before any view reads it."""
        from flask import abort, request

        from portal.forms import has_control_characters

        if any(
            has_control_characters(key) or has_control_characters(value)
            for key, value in request.args.items(multi=True)
        ):
            abort(400)

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
