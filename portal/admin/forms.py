"""Forms of the administration pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, Regexp

from portal.accounts.forms import EMAIL_RULES, choices, int_or_none, language_choices, strip
from portal.accounts.models import ROLE_COORDINATOR, ROLE_RESIDENT, ROLE_WORKER
from portal.forms import Form

ROLE_LABELS = {
    ROLE_RESIDENT: _l("Resident"),
    ROLE_WORKER: _l("Worker (opbouwwerker)"),
    ROLE_COORDINATOR: _l("Coordinator"),
}
TEAMS_HINT = _l("Hold Ctrl (Cmd on a Mac) to choose more than one team.")


def at_most(count: int):
    return Length(max=count, message=_l("Use at most %(max)d characters."))


class UserSearchForm(Form):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = SearchField(_l("Name or e-mail address"), validators=[at_most(100)], filters=[strip])
    role = SelectField(
        _l("Role"),
        choices=choices([("", _l("All roles")), *ROLE_LABELS.items()]),
        validate_choice=False,
    )


class StaffForm(Form):
    name = StringField(
        _l("Name"), validators=[DataRequired(message=_l("Enter a name.")), at_most(100)], filters=[strip]
    )
    email = EmailField(_l("E-mail address"), validators=EMAIL_RULES, filters=[strip])
    role = RadioField(
        _l("Role"),
        choices=choices([(ROLE_WORKER, ROLE_LABELS[ROLE_WORKER]), (ROLE_COORDINATOR, ROLE_LABELS[ROLE_COORDINATOR])]),
        default=ROLE_WORKER,
        validators=[InputRequired(message=_l("Choose a role."))],
    )
    teams = SelectMultipleField(_l("Teams"), validate_choice=False)
    language = RadioField(
        _l("Language of the welcome mail"),
        choices=language_choices(),
        default="nl",
        validators=[InputRequired(message=_l("Choose a language."))],
    )


class EditUserForm(Form):
    role = RadioField(
        _l("Role"), choices=choices(ROLE_LABELS.items()), validators=[InputRequired(message=_l("Choose a role."))]
    )
    teams = SelectMultipleField(_l("Teams"), validate_choice=False)
    active = BooleanField(_l("Active: this account can log in"))


PHONE = Regexp(r"^[0-9 +()\-]*$", message=_l("Use only digits, spaces and + ( ) -."))


class TeamForm(Form):
    street = StringField(_l("Street and house number"), validators=[at_most(200)], filters=[strip])
    postcode = StringField(_l("Postcode"), validators=[at_most(7)], filters=[strip])
    address_note = TextAreaField(_l("Note about the address"), validators=[at_most(1000)], filters=[strip])
    phone = StringField(_l("Phone"), validators=[at_most(30), PHONE], filters=[strip])
    email = EmailField(
        _l("E-mail address"),
        validators=[
            Optional(),
            at_most(254),
            Email(message=_l("Enter an e-mail address such as name@example.nl."), check_deliverability=False),
        ],
        filters=[strip],
    )
    walk_in_hours = TextAreaField(_l("Walk-in hours"), validators=[at_most(2000)], filters=[strip])
    description_nl = TextAreaField(
        _l("Description in Dutch"), validators=[at_most(5000)], filters=[strip], render_kw={"lang": "nl"}
    )
    description_en = TextAreaField(
        _l("Description in English"), validators=[at_most(5000)], filters=[strip], render_kw={"lang": "en"}
    )
    latitude = StringField(_l("Latitude"), validators=[at_most(20)], filters=[strip])
    longitude = StringField(_l("Longitude"), validators=[at_most(20)], filters=[strip])


class AssignNeighbourhoodForm(Form):
    neighbourhood = SelectField(
        _l("Neighbourhood"),
        coerce=int_or_none,
        validate_choice=False,  # the service checks the choice and says why it cannot be used
    )
