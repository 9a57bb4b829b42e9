"""Forms of the workers' cluster board: merge two groups, dismiss one with a reason, and the plain buttons."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, StopValidation

from portal.signals.services import MAX_REASON


class GroupField(SelectField):
    """A choice of group by id; anything else than one of the listed ids gets one clear message."""

    def process_formdata(self, valuelist):
        try:
            self.data = int(valuelist[0]) if valuelist and valuelist[0] else None
        except ValueError:
            self.data = None

    def pre_validate(self, form):
        if self.data is None or self.data not in {value for value, _label in self.choices or ()}:
            raise StopValidation(str(_l("Choose a group from the list.")))


class MergeForm(FlaskForm):
    """Merge another group of the team into this one; the choices are set by the view."""

    other = GroupField(_l("Group to merge into this one"), coerce=int, choices=[])


class DismissForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is this not taken up?"),
        validators=[
            DataRequired(_l("Say in a sentence why, so the residents who reported it understand.")),
            Length(max=MAX_REASON, message=_l("Use at most %(max)d characters.")),
        ],
    )


class ActionForm(FlaskForm):
    """A button without fields (move a signal out, reopen a group): only the CSRF token."""
