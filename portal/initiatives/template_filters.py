"""What the initiatives feature adds to every template: its filters and the ``may_manage_photos`` test.

``blueprint.init_app`` registers them on the application under these names; the templates of other
features use the time filters too.
"""

from __future__ import annotations

from babel import numbers as babel_numbers
from flask import Flask
from flask_babel import get_locale
from flask_login import current_user

from portal.initiatives import permissions, times


def euros(value) -> str:
    """An amount in euros in the reader's language, e.g. "€ 82,50"."""
    return babel_numbers.format_currency(value, "EUR", locale=get_locale()) if value is not None else ""


def may_manage_photos(initiative) -> bool:
    """Whether the current user may add and remove the initiative's photos."""
    return permissions.may_manage_photos(current_user, initiative)


FILTERS = {
    "local_datetime": times.local_datetime,
    "local_period": times.local_period,
    "local_day": times.local_day,
    "agenda_datetime": times.agenda_datetime,
    "agenda_time": times.agenda_time,
    "agenda_day": times.local_day,
    "euros": euros,
}


def register(app: Flask) -> None:
    """Add the filters and ``may_manage_photos`` to the application's templates."""
    for name, function in FILTERS.items():
        app.add_template_filter(function, name)
    app.add_template_global(may_manage_photos, "may_manage_photos")
