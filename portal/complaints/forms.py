"""Forms of the complaints feature: filing one, and the coordinator's assign, status and answer forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from portal.complaints import services
from portal.forms import Form, SubmitOnceForm
from portal.paging import id_or_none


def _strip(value):
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


class ComplaintForm(SubmitOnceForm):
    message = TextAreaField(
        _l("Your complaint"),
        filters=[_strip],
        validators=[
            InputRequired(_l("Write what your complaint is about.")),
            Length(
                min=services.MIN_MESSAGE,
                max=services.MAX_MESSAGE,
                message=_l("Use between %(min)d and %(max)d characters."),
            ),
        ],
    )


class AssignForm(Form):
    assignee = SelectField(_l("Handled by"), coerce=id_or_none, validate_choice=False)


class StatusForm(Form):
    status = HiddenField()


class AnswerForm(SubmitOnceForm):
    answer = TextAreaField(
        _l("The answer to the resident"),
        filters=[_strip],
        validators=[
            InputRequired(_l("Write the answer.")),
            Length(max=services.MAX_ANSWER, message=_l("Use at most %(max)d characters.")),
        ],
    )
