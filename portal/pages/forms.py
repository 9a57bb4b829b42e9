"""Forms of the site's own pages: reporting a problem with the accessibility of the portal."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.forms import SubmitOnceForm
from portal.teams.forms import contact_details, strip

MAX_PAGE = 300
MAX_PROBLEM = 2000
MAX_CONTACT = 254


class AccessibilityReportForm(SubmitOnceForm):
    """Which page, what went wrong, and (if the reporter wants an answer) how to reach them."""

    page = StringField(
        _l("Which page was it? (optional)"),
        filters=[strip],
        validators=[Optional(), Length(max=MAX_PAGE, message=_l("Use at most %(max)d characters."))],
    )
    problem = TextAreaField(
        _l("What went wrong?"),
        filters=[strip],
        validators=[
            DataRequired(_l("Tell us what went wrong.")),
            Length(max=MAX_PROBLEM, message=_l("Use at most %(max)d characters.")),
        ],
    )
    contact = StringField(
        _l("Your e-mail address or phone number (optional)"),
        filters=[strip],
        validators=[
            Optional(),
            Length(max=MAX_CONTACT, message=_l("Use at most %(max)d characters.")),
            contact_details,
        ],
    )
