"""The base of every form: Flask-WTF's CSRF protection, and no control characters in any text.

A NUL byte or another control character (other than tab, newline and carriage return) cannot be stored
by PostgreSQL or means nothing to a reader; instead of a database error, the field says what is wrong and
keeps the rest of what was typed. Every form of the portal derives from :class:`Form`.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_MESSAGE = _l("Remove the special characters that cannot be stored.")


def has_control_characters(value) -> bool:
    """Whether a submitted value (text, or a list of texts) holds a control character."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.search(value) is not None
    if isinstance(value, list | tuple):
        return any(has_control_characters(item) for item in value)
    return False


class Form(FlaskForm):
    """A Flask-WTF form whose every field refuses control characters, next to the field."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if has_control_characters(field.data):
                if not isinstance(field.errors, list):
                    field.errors = list(field.errors)
                if CONTROL_MESSAGE not in field.errors:
                    field.errors.append(CONTROL_MESSAGE)
                valid = False
        return valid
