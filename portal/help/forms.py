"""Forms of neighbourly help: offer, request, respond, ask, answer and feedback for residents;
propose and a reason (flag, block, close) for the workers' console.

The forms check the shape of the input (lists, lengths, numbers, dates); the rules of help
(who may do what, in which order) stay in services and come back as DomainError.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, StopValidation
from wtforms.widgets import HiddenInput

from portal.forms import Form, SubmitOnceForm
from portal.help import matching, services
from portal.help.kinds import FREQUENCY_LABELS, KIND_LABELS, LANGUAGE_NAMES, PART_LABELS, URGENCY_LABELS
from portal.help.services_matches import contact_choices
from portal.initiatives.forms import clean
from portal.paging import MAX_ID

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_TEXT = 2000
MAX_MESSAGE = 1000
MAX_CONTACT = 200
MIN_TEXT = 10

WHERE_LABELS = {"own": _l("In my own neighbourhood"), "distance": _l("Up to a distance from my home")}
REGULAR_LABELS = {"once": _l("Now and then, one-off"), "regular": _l("Regularly")}
WHEN_LABELS = {
    "slots": _l("On certain days of the week"),
    "date": _l("On one date"),
    "period": _l("During a period"),
}
YES_NO = {"yes": _l("Yes"), "no": _l("No")}


def _text(required: str, maximum: int, minimum: int = MIN_TEXT) -> list:
    return [
        DataRequired(required),
        Length(min=minimum, max=maximum, message=_l("Use between %(min)d and %(max)d characters.")),
    ]


def _sensible_year(form, field) -> None:
    if field.data is not None and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise StopValidation(_l("Choose a date between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR))


class CheckboxesField(SelectMultipleField):
    """A group of checkboxes (written out by templates/help/_macros.html); unknown values are refused."""

    def pre_validate(self, form) -> None:
        known = {str(value) for value, *_rest in self.iter_choices()}
        if any(str(value) not in known for value in self.data or ()):
            raise StopValidation(_l("Choose from the list."))


class _DateField(DateField):
    """A date with a message in the resident's words when it cannot be read."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            self.data = None
            raise ValueError(_l("Enter a date, for example 2026-06-13.")) from error


def _finite(form, field) -> None:
    """Decimal accepts "NaN" and "Infinity"; a distance is neither."""
    if isinstance(field.data, Decimal) and not field.data.is_finite():
        raise StopValidation(_l("Fill in how far you can go, in km, for example 2 or 1.5."))


class KmField(DecimalField):
    """A distance in km that also accepts a decimal comma: "1,5"."""

    def process_formdata(self, valuelist) -> None:
        if valuelist:
            valuelist = [valuelist[0].replace(",", ".").strip()]
        super().process_formdata(valuelist)


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


def _slot_choices() -> list[SelectChoice]:
    return [SelectChoice(slot, slot) for slot in matching.SLOTS]  # labelled by the grid in the template


def _language_choices() -> list[SelectChoice]:
    return _choices(LANGUAGE_NAMES)


class OfferForm(SubmitOnceForm):
    kinds = CheckboxesField(_l("What can you help with?"), choices=_choices(KIND_LABELS))
    description = TextAreaField(
        _l("Describe what you offer"),
        filters=[clean],
        validators=_text(_l("Describe in a few words what you can do."), MAX_TEXT),
    )
    where = RadioField(_l("Where can you help?"), choices=_choices(WHERE_LABELS), default="own")
    radius_km = KmField(
        _l("Distance in km"),
        places=1,
        validators=[
            Optional(),
            _finite,
            NumberRange(
                min=0.2,
                max=services.MAX_RADIUS_KM,
                message=_l("Choose a distance between %(min)s and %(max)s km."),
            ),
        ],
    )
    slots = CheckboxesField(_l("When can you help?"), choices=_slot_choices())
    regular = RadioField(_l("How often?"), choices=_choices(REGULAR_LABELS), default="once")
    languages = CheckboxesField(_l("Languages you speak"), choices=_language_choices())
    capacity = IntegerField(
        _l("How many people can you help at the same time?"),
        default=1,
        validators=[
            InputRequired(_l("Fill in a number from 1 to %(max)d.", max=services.MAX_CAPACITY)),
            NumberRange(min=1, max=services.MAX_CAPACITY, message=_l("Choose between %(min)d and %(max)d people.")),
        ],
    )

    def validate_kinds(self, field) -> None:
        if not field.data:
            raise StopValidation(_l("Choose at least one kind of help."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.where.data == "distance" and self.radius_km.data is None and not self.radius_km.errors:
            self.radius_km.errors.append(_l("Fill in how far you can go, in km, for example 2 or 1.5."))
            valid = False
        return valid

    def to_input(self) -> services.OfferInput:
        distance = self.where.data == "distance" and self.radius_km.data is not None
        return services.OfferInput(
            kinds=list(self.kinds.data),
            description=self.description.data,
            radius_km=float(self.radius_km.data) if distance else None,
            slots=list(self.slots.data),
            regular=self.regular.data == "regular",
            languages=list(self.languages.data),
            capacity=self.capacity.data,
        )

    @classmethod
    def data_of(cls, offer) -> dict:
        return {
            "kinds": offer.kinds,
            "description": offer.description,
            "where": "own" if offer.radius_km is None else "distance",
            "radius_km": offer.radius_km,
            "slots": offer.slots,
            "regular": "regular" if offer.regular else "once",
            "languages": offer.languages,
            "capacity": offer.capacity,
        }


class RequestForm(SubmitOnceForm):
    kind = SelectField(_l("What do you need help with?"), choices=_choices(KIND_LABELS))
    description = TextAreaField(
        _l("Describe your question"),
        filters=[clean],
        validators=_text(_l("Describe in a few words what you need."), MAX_TEXT),
    )
    area_id = SelectField(_l("Neighbourhood"), coerce=int, validate_choice=True)
    when = RadioField(_l("When do you need help?"), choices=_choices(WHEN_LABELS), default="slots")
    slots = CheckboxesField(_l("Days and parts of the day"), choices=_slot_choices())
    on_date = _DateField(_l("Date"), validators=[Optional(), _sensible_year])
    from_date = _DateField(_l("First day"), validators=[Optional(), _sensible_year])
    until_date = _DateField(_l("Last day"), validators=[Optional(), _sensible_year])
    day_parts = CheckboxesField(_l("Part of the day"), choices=_choices(PART_LABELS))
    frequency = RadioField(_l("How often do you need this help?"), choices=_choices(FREQUENCY_LABELS), default="once")
    urgency = RadioField(_l("How urgent is it?"), choices=_choices(URGENCY_LABELS), default="normal")
    language = SelectField(
        _l("The language you speak best"),
        choices=[SelectChoice("", _l("Choose a language")), *_language_choices()],
        default="",
    )
    languages = CheckboxesField(_l("Other languages you speak"), choices=_language_choices())

    # Where a domain error about a date belongs, for each choice of "when".
    DATE_FIELDS = {"date": {"on_date": "on_date"}, "period": {"on_date": "from_date", "until_date": "until_date"}}

    def validate(self, extra_validators=None) -> bool:
        """The dates that belong to the chosen "when" are needed; the others are ignored."""
        valid = super().validate(extra_validators)
        needed = {
            "date": [(self.on_date, _l("Choose the date."))],
            "period": [(self.from_date, _l("Choose the first day.")), (self.until_date, _l("Choose the last day."))],
        }.get(self.when.data, [])
        for field, message in needed:
            if field.data is None and not field.errors:
                field.errors.append(message)
                valid = False
        first, last = self.from_date.data, self.until_date.data
        if self.when.data == "period" and first and last and last < first and not self.until_date.errors:
            self.until_date.errors.append(_l("The last day cannot be before the first day."))
            valid = False
        return valid

    def to_input(self, area) -> services.RequestInput:
        when = self.when.data
        first: date | None = self.on_date.data if when == "date" else self.from_date.data
        return services.RequestInput(
            kind=self.kind.data,
            description=self.description.data,
            area=area,
            when=when,
            on_date=first if when in ("date", "period") else None,
            until_date=self.until_date.data if when == "period" else None,
            slots=list(self.slots.data) if when == "slots" else [],
            day_parts=list(self.day_parts.data) if when in ("date", "period") else [],
            urgency=self.urgency.data,
            frequency=self.frequency.data,
            languages=self.spoken_languages(),
        )

    @classmethod
    def data_of(cls, help_request) -> dict:
        """The form filled in with ``help_request`` as it is, for its requester to change."""
        when = help_request.when
        dated = when in ("date", "period")
        parts = [part for part in matching.PARTS if any(slot.endswith("-" + part) for slot in help_request.slots or ())]
        languages = list(help_request.languages or ())
        return {
            "kind": help_request.kind,
            "description": help_request.description,
            "area_id": help_request.area_id,
            "when": when,
            "slots": [] if dated else list(help_request.slots or ()),
            "on_date": help_request.on_date if when == "date" else None,
            "from_date": help_request.on_date if when == "period" else None,
            "until_date": help_request.until_date if when == "period" else None,
            "day_parts": parts if dated else [],
            "frequency": help_request.frequency,
            "urgency": help_request.urgency,
            "language": languages[0] if languages else "",
            "languages": languages[1:],
        }

    def spoken_languages(self) -> list[str]:
        """The language spoken best first (matching prefers a helper who speaks it), then the others."""
        best = [self.language.data] if self.language.data else []
        return best + [code for code in self.languages.data or () if code not in best]

    def refusal_fields(self) -> dict[str, str]:
        """The form fields the service's refusals about dates belong to, for the "when" chosen."""
        return self.DATE_FIELDS.get(self.when.data, {})


class ContactMixin:
    """Which contact detail to share: the resident's e-mail, their phone, or something else."""

    def fill_contacts(self, user) -> None:
        choices = []
        for value in contact_choices(user):
            key = "email" if value == user.email else "phone"
            label = (
                _l("My e-mail address: %(value)s", value=value)
                if key == "email"
                else _l("My phone number: %(value)s", value=value)
            )
            choices.append(SelectChoice(key, label))
        choices.append(SelectChoice("other", _l("Something else")))
        self.contact.choices = choices
        self._contacts = {"email": user.email, "phone": user.phone}

    def validate_other_contact(self, field) -> None:
        if self.contact.data == "other" and not field.data and self._needs_contact():
            raise StopValidation(_l("Write how the other person can reach you."))

    def _needs_contact(self) -> bool:
        return True

    def chosen_contact(self) -> str:
        if self.contact.data == "other":
            return self.other_contact.data or ""
        return self._contacts.get(self.contact.data) or ""

    def contact_field(self) -> str:
        """The form field a refusal of the contact detail belongs to."""
        return "other_contact" if self.contact.data == "other" else "contact"


def _contact_fields():
    contact = RadioField(_l("How may the other person reach you?"), choices=[], default="email")
    other = StringField(
        _l("Other way to reach you"),
        filters=[clean],
        validators=[Length(max=MAX_CONTACT, message=_l("Use at most %(max)d characters."))],
    )
    return contact, other


class RespondForm(ContactMixin, SubmitOnceForm):
    """ "I can help": a message to the requester and the contact detail shared after two yeses."""

    message = TextAreaField(
        _l("Your message to your neighbour"),
        filters=[clean],
        validators=_text(_l("Write a short message."), MAX_MESSAGE),
    )
    contact, other_contact = _contact_fields()


class AskForm(ContactMixin, SubmitOnceForm):
    """ "I would like this help": the kind, a message to the helper, and a contact detail."""

    kind = RadioField(_l("What do you need help with?"), choices=[])
    message = TextAreaField(
        _l("Your message to your neighbour"),
        filters=[clean],
        validators=_text(_l("Write a short message."), MAX_MESSAGE),
    )
    contact, other_contact = _contact_fields()


class AnswerForm(ContactMixin, Form):
    """Yes (with the contact detail to share) or no to a proposed match."""

    answer = StringField(_l("Your answer"), validators=[InputRequired(_l("Choose yes or no."))])
    contact, other_contact = _contact_fields()

    def validate_answer(self, field) -> None:
        if field.data not in YES_NO:
            raise StopValidation(_l("Choose yes or no."))

    def validate(self, extra_validators=None) -> bool:
        self.contact.validate_choice = self.answer.data != "no"  # no contact is shared on a no
        return super().validate(extra_validators)

    def _needs_contact(self) -> bool:
        return self.answer.data == "yes"


class FeedbackForm(Form):
    worked = RadioField(
        _l("Did it work?"), choices=_choices(YES_NO), validators=[InputRequired(_l("Choose yes or no."))]
    )
    note = TextAreaField(
        _l("Anything you want to tell us (optional)"),
        filters=[clean],
        validators=[Length(max=MAX_MESSAGE, message=_l("Use at most %(max)d characters."))],
    )


# --------------------------------------------------------------------------- the workers' console


class ProposeForm(Form):
    """A worker proposes one of the suggested offers for a request, with a note to both sides."""

    offer_id = IntegerField(
        _l("Offer"),
        validators=[
            InputRequired(_l("Choose an offer from the list.")),
            NumberRange(1, MAX_ID, _l("Choose an offer from the list.")),
        ],
        widget=HiddenInput(),
    )
    note = TextAreaField(
        _l("A note to both (optional)"),
        validators=[Optional(), Length(max=1000, message=_l("Use at most %(max)d characters."))],
    )
    next = HiddenField()


class ReasonForm(Form):
    """The reason for flagging an offer, blocking a person or closing a request as the team."""

    reason = StringField(
        _l("Reason (other workers see it)"),
        validators=[
            DataRequired(_l("Give a reason; other workers of the team will see it.")),
            Length(max=300, message=_l("Use at most %(max)d characters.")),
        ],
    )
    next = HiddenField()
