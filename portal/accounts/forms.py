"""Forms of the accounts feature. Labels are translated lazily; rules live in services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional, ValidationError

from portal.accounts import passwords
from portal.accounts.services import password_message
from portal.forms import Form
from portal.i18n import LANGUAGE_NAMES
from portal.paging import id_or_none


def strip(value):
    return value.strip() if isinstance(value, str) else value


def int_or_none(value):
    """Coerce a submitted id; anything that is not a number, or no id can be, becomes None (no choice made)."""
    return id_or_none(value)


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def required(message):
    return InputRequired(message=message)


def new_password_rules(form, field) -> None:
    """Length and common-password rules, with the messages the services use."""
    email = getattr(getattr(form, "email", None), "data", "") or ""
    name = getattr(getattr(form, "name", None), "data", "") or ""
    problem = passwords.password_problem(field.data or "", email=email, name=name)
    if problem:
        raise ValidationError(password_message(problem))


NAME_RULES = [DataRequired(message=_l("Enter your name.")), Length(max=100, message=_l("Use at most 100 characters."))]
EMAIL_RULES = [
    required(_l("Enter your e-mail address.")),
    Length(max=254, message=_l("Use at most 254 characters.")),
    Email(message=_l("Enter an e-mail address such as name@example.nl."), check_deliverability=False),
]
POSTCODE_RULES = [
    required(_l("Enter your postcode.")),
    Length(max=10, message=_l("A postcode is at most 7 characters.")),
]


def new_password_fields(label=None):
    return (
        PasswordField(label or _l("Password"), validators=[required(_l("Choose a password.")), new_password_rules]),
        PasswordField(
            _l("Repeat the password"),
            validators=[
                required(_l("Repeat the password.")),
                EqualTo("password", message=_l("The two passwords are not the same.")),
            ],
        ),
    )


def language_choices() -> list[SelectChoice]:
    """Each language named in itself, marked with its language for screen readers (WCAG 3.1.2)."""
    return [
        SelectChoice(code, Markup('<span lang="{}">{}</span>').format(code, name))
        for code, name in LANGUAGE_NAMES.items()
    ]


def language_field():
    return RadioField(
        _l("Language"),
        choices=language_choices(),
        validators=[required(_l("Choose a language."))],
    )


def neighbourhood_field():
    return RadioField(_l("Your neighbourhood"), coerce=int_or_none, validate_choice=False, validators=[Optional()])


class HomeMixin:
    def offer_neighbourhoods(self, candidates: list) -> None:
        """Show the neighbourhood question, with the areas the postcode covers."""
        self.neighbourhood.choices = choices(
            (area.id, f"{area.name} ({area.team.name})" if area.team else area.name) for area in candidates
        )


class RegisterForm(HomeMixin, Form):
    name = StringField(_l("Name"), validators=NAME_RULES, filters=[strip])
    email = EmailField(_l("E-mail address"), validators=EMAIL_RULES, filters=[strip])
    password, confirm = new_password_fields()
    postcode = StringField(_l("Postcode of your home"), validators=POSTCODE_RULES, filters=[strip])
    neighbourhood = neighbourhood_field()
    language = language_field()
    consent = BooleanField(
        _l("I have read the privacy statement and agree that Buurtportaal stores my account details."),
        validators=[DataRequired(message=_l("Tick this box to create an account."))],
    )


class LoginForm(Form):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            required(_l("Enter your e-mail address.")),
            Length(max=254, message=_l("Use at most 254 characters.")),
        ],
        filters=[strip],
    )
    password = PasswordField(
        _l("Password"),
        validators=[required(_l("Enter your password.")), Length(max=passwords.MAX_LENGTH, message=_l("Too long."))],
    )
    remember = BooleanField(_l("Keep me logged in on this device"))
    next = HiddenField()


class ForgotPasswordForm(Form):
    email = EmailField(_l("E-mail address"), validators=EMAIL_RULES, filters=[strip])


class ResendConfirmationForm(Form):
    email = EmailField(_l("E-mail address"), validators=EMAIL_RULES, filters=[strip])


class SetPasswordForm(Form):
    password, confirm = new_password_fields(_l("New password"))


class ChangePasswordForm(Form):
    current_password = PasswordField(
        _l("Current password"),
        validators=[required(_l("Enter your current password.")), Length(max=passwords.MAX_LENGTH)],
    )
    password, confirm = new_password_fields(_l("New password"))


class ProfileForm(HomeMixin, Form):
    name = StringField(_l("Name"), validators=NAME_RULES, filters=[strip])
    postcode = StringField(_l("Postcode of your home"), validators=POSTCODE_RULES, filters=[strip])
    neighbourhood = neighbourhood_field()
    language = language_field()


class DeleteAccountForm(Form):
    password = PasswordField(
        _l("Your password"),
        validators=[required(_l("Enter your password to confirm.")), Length(max=passwords.MAX_LENGTH)],
    )
