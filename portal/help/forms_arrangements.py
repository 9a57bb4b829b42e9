"""Forms of help that lasts: "help given this time", the next planned day, the check-in, and a worker marking a
flagged answer handled. The rules (who, when, which days) stay in services_arrangements."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, RadioField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional

from portal.forms import Form
from portal.help.forms import MAX_MESSAGE, YES_NO, _choices, _DateField, _sensible_year
from portal.initiatives.forms import clean
from portal.paging import MAX_ID

RATING_LABELS = {"good": _l("Good"), "mixed": _l("So-so"), "bad": _l("Not good")}


class OccurrenceForm(Form):
    on_date = _DateField(_l("On which day?"), validators=[Optional(), _sensible_year])


class NextDateForm(Form):
    next_on = _DateField(_l("Next planned day"), validators=[Optional(), _sensible_year])


class CheckInForm(Form):
    stage = HiddenField(validators=[AnyOf(("started", "ended", "stale"), message=_l("Choose from the list."))])
    happened = RadioField(
        _l("Did the help happen?"), choices=_choices(YES_NO), validators=[InputRequired(_l("Choose yes or no."))]
    )
    rating = RadioField(_l("How did it go?"), choices=_choices(RATING_LABELS), validators=[Optional()])
    note = TextAreaField(
        _l("Anything you want to tell the team (optional)"),
        filters=[clean],
        validators=[Length(max=MAX_MESSAGE, message=_l("Use at most %(max)d characters."))],
    )
    flagged = BooleanField(_l("Something went wrong: I would like the team to get in touch"))


class HandledForm(Form):
    checkin_id = IntegerField(
        validators=[InputRequired(_l("Choose from the list.")), NumberRange(min=1, max=MAX_ID)],
    )
