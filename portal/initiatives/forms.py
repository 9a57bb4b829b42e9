"""Every form of the initiatives feature: proposing, a lifecycle step, the conversation, photos and the
list's filters."""

from __future__ import annotations

import re
from decimal import Decimal

import wtforms
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    DateTimeLocalField,
    DecimalField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, StopValidation
from wtforms.widgets import TextInput

from portal.forms import Form, SubmitOnceForm
from portal.initiatives import lifecycle
from portal.initiatives.categories import CATEGORIES
from portal.initiatives.services_photos import CONTENT_TYPES

MAX_ROLES = 12
EMPTY_ROLE_ROWS = 3
MAX_BUDGET_EUROS = 25_000
MAX_PEOPLE = 100
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Control characters (other than tab and newline) have no place in text and PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(value):
    """Strip surrounding space and control characters from submitted text."""
    if isinstance(value, str):
        return _CONTROL.sub("", value.replace("\r\n", "\n")).strip()
    return value


def _sensible_year(form, field) -> None:
    """A date in year 1 or 9999 is a typing error (and too close to the edge of time zones)."""
    if field.data is not None and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise StopValidation(_l("Choose a date between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR))


def _finite(form, field) -> None:
    """Decimal accepts "NaN" and "Infinity"; a budget is neither."""
    if isinstance(field.data, Decimal) and not field.data.is_finite():
        raise StopValidation(_l("Enter an amount in euros, for example 150 or 82.50."))


class EuroField(DecimalField):
    """An amount in euros that also accepts the Dutch way of writing it: "€ 1.250,50"."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        if valuelist:
            value = valuelist[0].replace("€", "").replace(" ", "").strip()
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
            valuelist = [value]
        super().process_formdata(valuelist)


PERMIT_LABELS = {
    "unknown": _l("I don't know yet"),
    "no": _l("No"),
    "maybe": _l("Maybe"),
    "yes": _l("Yes"),
}
MESSAGE_KINDS = {"comment": _l("Comment"), "update": _l("Update on the initiative")}


def choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class RoleForm(wtforms.Form):  # one row of a FieldList: the outer form carries CSRF
    """One row of volunteer roles; a row left empty is ignored."""

    role_id = HiddenField(filters=[clean])
    title = StringField(
        _l("Task"), filters=[clean], validators=[Length(max=200, message=_l("At most %(max)d characters."))]
    )
    needed = IntegerField(
        _l("How many people"),
        validators=[Optional(), NumberRange(min=1, max=MAX_PEOPLE, message=_l("Between %(min)d and %(max)d people."))],
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.title.data and self.needed.data is None:
            self.needed.errors.append(_l("Say how many people this task needs."))
            return False
        if self.needed.data is not None and not self.title.data:
            self.title.errors.append(_l("Describe the task these people will do."))
            return False
        return True


class InitiativeForm(SubmitOnceForm):
    title = StringField(
        _l("Title"),
        filters=[clean],
        validators=[
            DataRequired(_l("Give your initiative a title.")),
            Length(min=3, max=120, message=_l("Between %(min)d and %(max)d characters.")),
        ],
    )
    description = TextAreaField(
        _l("Description"),
        filters=[clean],
        validators=[
            DataRequired(_l("Describe your idea.")),
            Length(min=10, max=5000, message=_l("Between %(min)d and %(max)d characters.")),
        ],
    )
    category = SelectField(_l("Category"), choices=choices(CATEGORIES), default="meeting")
    area_id = SelectField(_l("Neighbourhood"), coerce=int, validate_choice=True)
    place = StringField(
        _l("Place"), filters=[clean], validators=[Length(max=200, message=_l("At most %(max)d characters."))]
    )
    proposed_from = DateField(_l("Proposed date (or first day)"), validators=[Optional(), _sensible_year])
    proposed_until = DateField(_l("Last day (for a period)"), validators=[Optional(), _sensible_year])
    proposed_time = StringField(
        _l("Time of day"), filters=[clean], validators=[Length(max=100, message=_l("At most %(max)d characters."))]
    )
    roles = FieldList(FormField(RoleForm), _l("Volunteer roles"), min_entries=EMPTY_ROLE_ROWS, max_entries=MAX_ROLES)
    add_role = SubmitField(_l("Add a role"))
    budget = EuroField(
        _l("Budget request in euros"),
        places=2,
        validators=[
            Optional(),
            _finite,
            NumberRange(min=0, max=MAX_BUDGET_EUROS, message=_l("Between %(min)s and %(max)s euros.")),
        ],
    )
    budget_breakdown = TextAreaField(
        _l("What the money is for"),
        filters=[clean],
        validators=[Length(max=2000, message=_l("At most %(max)d characters."))],
    )
    materials = TextAreaField(
        _l("Materials you need"),
        filters=[clean],
        validators=[Length(max=2000, message=_l("At most %(max)d characters."))],
    )
    permit = RadioField(_l("Might a permit be needed?"), choices=choices(PERMIT_LABELS), default="unknown")
    save = SubmitField(_l("Save"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self._summarise_role_errors()
        return valid

    def _summarise_role_errors(self) -> None:
        """Row errors stay next to their fields; the summary at the top names the row."""
        if not self.roles.errors:
            return
        for number, entry in enumerate(self.roles.entries, 1):
            for messages in entry.form.errors.values():
                for message in messages:
                    self.form_errors.append(_l("Role %(number)d: %(error)s", number=number, error=message))
        self.roles.errors = []

    def validate_proposed_until(self, field) -> None:
        if field.data and self.proposed_from.data and field.data < self.proposed_from.data:
            raise StopValidation(_l("The last day cannot be before the first day."))
        if field.data and not self.proposed_from.data:
            raise StopValidation(_l("Fill in the first day as well."))

    def validate_budget_breakdown(self, field) -> None:
        if self.budget.data and not field.data:
            raise StopValidation(_l("Tell briefly what the money is for."))

    def wants_another_role(self) -> bool:
        """The "add a role" button was pressed: show one more empty row instead of saving."""
        return bool(self.add_role.data)

    def add_role_row(self) -> None:
        if len(self.roles.entries) < MAX_ROLES:
            self.roles.append_entry()


class StepForm(Form):
    """One step in the lifecycle, with what that step needs."""

    to = HiddenField(filters=[clean], validators=[InputRequired(_l("Choose a step."))])
    reason = TextAreaField(
        _l("Reason"), filters=[clean], validators=[Length(max=2000, message=_l("At most %(max)d characters."))]
    )
    planned_start = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[Optional(), _sensible_year])
    planned_end = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[Optional(), _sensible_year])
    place = StringField(
        _l("Place"), filters=[clean], validators=[Length(max=200, message=_l("At most %(max)d characters."))]
    )
    report = TextAreaField(
        _l("Short report"), filters=[clean], validators=[Length(max=5000, message=_l("At most %(max)d characters."))]
    )

    def validate_to(self, field) -> None:
        if field.data not in lifecycle.STATUSES:
            raise StopValidation(_l("Choose a step."))

    def validate_planned_end(self, field) -> None:
        if field.data and self.planned_start.data and field.data < self.planned_start.data:
            raise StopValidation(_l("The end cannot be before the start."))


class ScheduleForm(Form):
    """Change the date or place of a planned initiative."""

    planned_start = DateTimeLocalField(
        _l("Starts"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(_l("Choose the date and time it starts.")), _sensible_year],
    )
    planned_end = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[Optional(), _sensible_year])
    place = StringField(
        _l("Place"), filters=[clean], validators=[Length(max=200, message=_l("At most %(max)d characters."))]
    )

    def validate_planned_end(self, field) -> None:
        if field.data and self.planned_start.data and field.data < self.planned_start.data:
            raise StopValidation(_l("The end cannot be before the start."))


class MessageForm(SubmitOnceForm):
    body = TextAreaField(
        _l("Your message"),
        filters=[clean],
        validators=[
            DataRequired(_l("Write a message.")),
            Length(max=2000, message=_l("At most %(max)d characters.")),
        ],
    )
    kind = RadioField(
        _l("Kind of message"),
        choices=choices(MESSAGE_KINDS),
        default="comment",
    )


class PrivateMessageForm(SubmitOnceForm):
    """A message in the private conversation between the initiator and the team."""

    body = TextAreaField(
        _l("Your message"),
        filters=[clean],
        validators=[
            DataRequired(_l("Write a message.")),
            Length(max=3000, message=_l("At most %(max)d characters.")),
        ],
    )


class ReportForm(SubmitOnceForm):
    reason = StringField(
        _l("Why is this inappropriate? (optional)"),
        filters=[clean],
        validators=[Length(max=300, message=_l("At most %(max)d characters."))],
    )


class RoleChoiceForm(Form):
    """Sign up for (or leave) one volunteer role."""

    role_id = IntegerField(validators=[InputRequired(_l("Choose a role."))])


class PhotoForm(Form):
    photo = FileField(
        _l("Photo"),
        validators=[FileRequired(_l("Choose a photo to upload."))],
        render_kw={"accept": ",".join(CONTENT_TYPES.values())},
    )
    alt_text = StringField(
        _l("What can be seen in the photo"),
        validators=[DataRequired(_l("Describe the photo for people who cannot see it.")), Length(max=200)],
    )


class RemoveForm(Form):
    photo_id = IntegerField()


class FilterForm(Form):
    """The filters above the list of initiatives."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    q = SearchField(_l("Words"), validators=[Optional(), Length(max=200)])
    area = SelectField(_l("Area"), validate_choice=False)
    category = SelectField(_l("Category"))
    status = SelectField(_l("Status"))


def filter_form(args, viewer) -> FilterForm:
    """The filter form filled from the query string ``args``; drafts are a choice for logged-in viewers."""
    form = FilterForm(args)
    form.area.choices = []  # written out with option groups in the template
    form.category.choices = [SelectChoice("", _l("All categories"))] + [
        SelectChoice(value, label) for value, label in CATEGORIES.items()
    ]
    statuses = [status for status in lifecycle.STATUSES if status != lifecycle.DRAFT or viewer.is_authenticated]
    form.status.choices = [SelectChoice("", _l("Current and realised"))] + [
        SelectChoice(status, lifecycle.STATUS_LABELS[status]) for status in statuses
    ]
    return form
