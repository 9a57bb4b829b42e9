"""Forms of signals: reporting a signal, and the workers' board (merge two groups, dismiss one, plain buttons).

The report form checks the shape of each field with the rules of `portal.signals.services` (so the
messages are the same wherever a signal is reported) and shows every problem at once; which
neighbourhood a postcode means is decided in the view, the remaining rules in the services.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from portal.errors import DomainError
from portal.forms import Form, SubmitOnceForm
from portal.initiatives.forms import clean
from portal.paging import MAX_ID
from portal.signals import services
from portal.signals.models import RESIDENT
from portal.signals.scrub import scrub
from portal.signals.services import SignalInput
from portal.signals.services_board import MAX_REASON
from portal.signals.themes import SOURCE_LABELS, THEME_LABELS
from portal.teams.postcodes import MAX_INPUT


def optional_id(value) -> int | None:
    """A select's value as an id; None for the empty choice, anything that is not a number, or cannot be an id.

    Numbers beyond MAX_ID are no ids: the databases refuse to compare them (OverflowError, DataError).
    """
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


class IdField(IntegerField):
    """An optional id sent by the browser; what cannot be an id is taken as absent, never as an error."""

    def process_formdata(self, valuelist) -> None:
        self.data = optional_id(valuelist[0]) if valuelist else None


def theme_choices() -> list[SelectChoice]:
    return [SelectChoice("", _l("I don't know")), *(SelectChoice(key, label) for key, label in THEME_LABELS.items())]


def source_choices() -> list[SelectChoice]:
    return [SelectChoice(key, label) for key, label in SOURCE_LABELS.items()]


def _check(check) -> None:
    """Run one of the services' checks; its refusal becomes the field's error."""
    try:
        check()
    except DomainError as error:
        raise ValidationError(str(error.message)) from None


class ReportForm(SubmitOnceForm):
    text = TextAreaField(_l("What do you notice?"), filters=[clean])
    theme = SelectField(_l("Theme"), choices=theme_choices, default="", validate_choice=False)
    postcode = StringField(_l("Postcode"), filters=[clean])
    area_id = SelectField(_l("Neighbourhood"), coerce=optional_id, validate_choice=False)
    place = StringField(
        _l("Where exactly? (optional)"),
        filters=[clean],
        validators=[Length(max=200, message=_l("Use at most %(max)d characters."))],
    )
    contact_name = StringField(
        _l("Your name (optional)"),
        filters=[clean],
        validators=[Length(max=100, message=_l("Use at most %(max)d characters."))],
    )
    contact_email = StringField(_l("E-mail address (optional)"), filters=[clean])
    contact_phone = StringField(_l("Phone number (optional)"), filters=[clean])
    # Only for workers: whom they record the signal for.
    source = SelectField(_l("Who noticed it?"), choices=source_choices, default=RESIDENT, validate_choice=False)
    source_name = StringField(
        _l("Name of the organisation"),
        filters=[clean],
        validators=[Length(max=120, message=_l("Use at most %(max)d characters."))],
    )
    # "Is this it?": the suggested group the reporter adds theirs to (radio buttons in the suggestions).
    # Kept only when it is among the suggestions for the typed text and area (see queries_suggestions.suggestions_for).
    join_cluster_id = IdField(validators=[Optional()])

    def validate_text(self, field) -> None:
        _check(lambda: services.check_text(field.data))

    def validate_theme(self, field) -> None:
        _check(lambda: services._check_theme(field.data))

    def validate_postcode(self, field) -> None:
        if field.data and len(field.data) > MAX_INPUT:
            raise ValidationError(_l("Enter a Dutch postcode, such as 9741 AB or 9741."))

    def validate_contact_email(self, field) -> None:
        _check(lambda: services._check_contact(SignalInput(text="", area=None, contact_email=field.data)))

    def validate_contact_phone(self, field) -> None:
        _check(lambda: services._check_contact(SignalInput(text="", area=None, contact_phone=field.data)))

    def to_input(self, area, locale: str, partner: bool, anonymous: bool) -> SignalInput:
        """What the services store; contact details only for a report without an account.

        A resident's description is scrubbed of personal details before it is stored (neighbours may be
        told what it is about); a partner's note, which never leaves the team, is kept as the worker wrote it.
        """
        return SignalInput(
            text=(self.text.data or "") if partner else scrub(self.text.data),
            area=area,
            theme=self.theme.data or None,
            place=self.place.data,
            contact_name=self.contact_name.data if anonymous else None,
            contact_email=self.contact_email.data if anonymous else None,
            contact_phone=self.contact_phone.data if anonymous else None,
            source=self.source.data or RESIDENT,
            source_name=self.source_name.data if partner else None,
            join_cluster_id=self.join_cluster_id.data,
            locale=locale,
        )


# --------------------------------------------------------------------------- the board


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


class MergeForm(Form):
    """Merge another group of the team into this one; the choices are set by the view."""

    other = GroupField(_l("Group to merge into this one"), coerce=int, choices=[])


class DismissForm(Form):
    reason = TextAreaField(
        _l("Why is this not taken up?"),
        validators=[
            DataRequired(_l("Say in a sentence why, so the residents who reported it understand.")),
            Length(max=MAX_REASON, message=_l("Use at most %(max)d characters.")),
        ],
    )


class ActionForm(Form):
    """A button without fields (move a signal out, reopen a group): only the CSRF token."""
