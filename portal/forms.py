"""The base of every form: Flask-WTF's CSRF protection, and no control characters in any text.

A NUL byte or another control character (other than tab, newline and carriage return) cannot be stored
by PostgreSQL or means nothing to a reader; instead of a database error, the field says what is wrong and
keeps the rest of what was typed. Every form of the portal derives from :class:`Form`; a form that creates
something derives from :class:`SubmitOnceForm`, which carries a one-time key (see :mod:`portal.submissions`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, FieldList, FormField, HiddenField

from portal import submissions

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_MESSAGE = _l("Remove the special characters that cannot be stored.")


def has_control_characters(value) -> bool:
    """Whether a submitted value (text, or a list of texts) holds a control character."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.search(value) is not None
    if isinstance(value, list | tuple):
        return any(has_control_characters(item) for item in value)
    return False


def _leaves(fields) -> Iterator[Field]:
    """The fields that hold values, also those inside a list of subforms (the rows of a FieldList)."""
    for field in fields:
        if isinstance(field, FieldList):
            yield from _leaves(field.entries)
        elif isinstance(field, FormField):
            yield from _leaves(field.form)
        else:
            yield field


class Form(FlaskForm):
    """A Flask-WTF form whose every field refuses control characters, next to the field."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        top = {id(field) for field in self}
        for field in _leaves(self):
            if has_control_characters(field.data):
                if not isinstance(field.errors, list):
                    field.errors = list(field.errors)
                if CONTROL_MESSAGE not in field.errors:
                    field.errors.append(CONTROL_MESSAGE)
                if id(field) not in top and CONTROL_MESSAGE not in self.form_errors:
                    # A row of a list of subforms keeps its errors to itself: say it on top of the form too.
                    self.form_errors.append(CONTROL_MESSAGE)
                valid = False
        self._errors = None  # form.errors is gathered again, with these messages
        return valid


class FormKeyField(HiddenField):
    """The one-time key of a form that creates: fresh when the form is shown anew, the sent one when it is
    shown again with its errors. A sent value that is no key is replaced by a fresh one (that post is then
    simply not recognised as a repeat)."""

    def __init__(self, label=None, **kwargs) -> None:
        kwargs.setdefault("default", submissions.new_key)
        super().__init__(label, **kwargs)

    def process_formdata(self, valuelist) -> None:
        if valuelist and submissions.is_key(valuelist[0]):
            self.data = valuelist[0]

    def __call__(self, **kwargs):
        kwargs.setdefault("id", False)  # no id: a page may hold several such forms, ids must stay unique
        return super().__call__(**kwargs)


class SubmitOnceForm(Form):
    """A form that creates something (a signal, an initiative, a message …): posted twice, it stores once.

    ``form.hidden_tag()`` renders its key, as the CSRF token; a form written by hand renders ``form.form_key()``.
    The view stores through ``portal.submissions.Once(form, change, result_url)``.
    """

    form_key = FormKeyField()
