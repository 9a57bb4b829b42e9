"""Forms of collective projects. Field checks here; the domain's own rules answer in services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, Optional, StopValidation

from portal.forms import Form, SubmitOnceForm
from portal.initiatives.forms import FIRST_YEAR, LAST_YEAR, clean
from portal.paging import MAX_ID
from portal.projects import services

_AT_MOST = _l("At most %(max)d characters.")


def _sensible_year(form, field) -> None:
    if field.data is not None and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise StopValidation(_l("Choose a date between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR))


def _optional_int(value):
    """A chosen id; None for the empty choice, anything that is not a number, or a number no id can be."""
    try:
        number = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    return number if number is not None and 0 < number <= MAX_ID else None


class ProjectForm(SubmitOnceForm):
    """A project's own fields; the team is chosen only when it starts."""

    team = SelectField(_l("Team"), validate_choice=False)
    title = StringField(
        _l("Title"),
        filters=[clean],
        validators=[InputRequired(_l("Give the project a title.")), Length(max=services.TITLE_MAX, message=_AT_MOST)],
    )
    goal = TextAreaField(
        _l("Goal"),
        filters=[clean],
        validators=[
            InputRequired(_l("Describe what the project wants to achieve.")),
            Length(max=services.GOAL_MAX, message=_AT_MOST),
        ],
    )
    area_id = SelectField(_l("Neighbourhood"), coerce=_optional_int, validate_choice=False)
    lead_worker_id = SelectField(_l("Lead worker"), coerce=_optional_int, validate_choice=False)
    cluster_id = HiddenField()


class StatusForm(Form):
    status = SelectField(_l("New status"), validate_choice=False)
    outcome = TextAreaField(
        _l("Outcome"), filters=[clean], validators=[Length(max=services.OUTCOME_MAX, message=_AT_MOST)]
    )


class UpdateForm(SubmitOnceForm):
    body = TextAreaField(
        _l("News"),
        filters=[clean],
        validators=[InputRequired(_l("Write the news.")), Length(max=services.UPDATE_MAX, message=_AT_MOST)],
    )


class ActivityForm(SubmitOnceForm):
    title = StringField(
        _l("What"),
        filters=[clean],
        validators=[InputRequired(_l("Give the activity a name.")), Length(max=150, message=_AT_MOST)],
    )
    day = DateField(_l("Date"), validators=[InputRequired(_l("Choose the date.")), _sensible_year])
    start = TimeField(_l("Starts at"), validators=[InputRequired(_l("Choose the time it starts."))])
    end = TimeField(_l("Ends at"), validators=[Optional()])
    place = StringField(
        _l("Place"),
        filters=[clean],
        validators=[InputRequired(_l("Say where it takes place.")), Length(max=services.PLACE_MAX, message=_AT_MOST)],
    )
    description = TextAreaField(
        _l("Description"),
        filters=[clean],
        validators=[Length(max=services.DESCRIPTION_MAX, message=_AT_MOST)],
    )

    def validate_end(self, field) -> None:
        if field.data and self.start.data and field.data <= self.start.data:
            raise StopValidation(_l("The end must be after the start."))


class InitiativeLinkForm(Form):
    initiative_id = SelectField(_l("Initiative"), coerce=_optional_int, validate_choice=False)

    def validate_initiative_id(self, field) -> None:
        if field.data is None:
            raise StopValidation(_l("Choose an initiative."))


class LeadMessageForm(SubmitOnceForm):
    """The lead's message to the project's participants (not "body": the news form on the same page has one)."""

    lead_message = TextAreaField(
        _l("Message to the participants"),
        filters=[clean],
        validators=[InputRequired(_l("Write the message.")), Length(max=3000, message=_AT_MOST)],
    )
