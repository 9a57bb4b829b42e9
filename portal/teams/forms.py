"""Forms of the teams feature: the postcode finder, the neighbourhood choice, "ask your team"."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.forms import Form, SubmitOnceForm

MAX_NAME = 100
MAX_CONTACT = 254
MAX_MESSAGE = 2000
_PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")
_PHONE = re.compile(r"(?:0[1-9][0-9]{8}|(?:\+|00)[1-9][0-9]{7,14})")


def strip(value):
    return value.strip() if isinstance(value, str) else value


class FinderForm(Form):
    class Meta:
        csrf = False  # a GET search form changes nothing

    postcode = StringField(_l("Your postcode"), filters=[strip])


class NeighbourhoodForm(Form):
    """Which neighbourhood the resident lives in, when their postcode covers several."""

    class Meta:
        csrf = False

    area = RadioField(_l("Which neighbourhood do you live in?"), choices=[], validate_choice=False)


def normalise_phone(text: str) -> str | None:
    """Digits of a Dutch or international phone number, or None if it does not look like one."""
    compact = _PHONE_SEPARATORS.sub("", text)
    return compact if _PHONE.fullmatch(compact) else None


def normalise_contact(text: str) -> str | None:
    """An e-mail address or phone number as the team will use it; None if it is neither."""
    text = text.strip()
    if "@" in text:
        try:
            return validate_email(text, check_deliverability=False).normalized
        except EmailNotValidError:
            return None
    return text if normalise_phone(text) else None


def contact_details(form, field) -> None:
    if field.data and normalise_contact(field.data) is None:
        raise ValidationError(
            _l("Enter an e-mail address such as name@example.nl or a phone number such as 06 12345678.")
        )


class AskForm(SubmitOnceForm):
    """A short question to a team: who asks, how to reach them, and the question."""

    name = StringField(
        _l("Your name"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter your name.")),
            Length(max=MAX_NAME, message=_l("Use at most %(max)d characters.")),
        ],
    )
    contact = StringField(
        _l("E-mail address or phone number"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter an e-mail address or phone number, so that the team can answer you.")),
            Length(max=MAX_CONTACT, message=_l("Use at most %(max)d characters.")),
            contact_details,
        ],
    )
    message = TextAreaField(
        _l("Your question"),
        filters=[strip],
        validators=[
            DataRequired(_l("Write your question.")),
            Length(max=MAX_MESSAGE, message=_l("Use at most %(max)d characters.")),
        ],
    )
