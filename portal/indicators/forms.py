"""The indicators feature's forms: making an export token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from portal.forms import SubmitOnceForm
from portal.indicators.tokens import NAME_LENGTH


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ExportTokenForm(SubmitOnceForm):
    name = StringField(
        _l("Name of the token"),
        validators=[
            DataRequired(message=_l("Give the token a name, for example the BI tool that uses it.")),
            Length(max=NAME_LENGTH, message=_l("Use at most %(max)d characters.")),
        ],
        filters=[_strip],
    )
