"""Forms of the team inbox: reply, note, assign, status, answer back, the team's settings and templates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from portal.forms import Form, SubmitOnceForm
from portal.inbox.services import MAX_BODY
from portal.inbox.services_settings import MAX_DAYS, MAX_TEMPLATE, MAX_TITLE, MIN_DAYS
from portal.teams.models import (
    QUESTION_ANSWERED,
    QUESTION_CLOSED,
    QUESTION_IN_PROGRESS,
    QUESTION_NEW,
    QUESTION_STATUSES,
)

STATUS_LABELS = {
    QUESTION_NEW: _l("New"),
    QUESTION_IN_PROGRESS: _l("In progress"),
    QUESTION_ANSWERED: _l("Answered"),
    QUESTION_CLOSED: _l("Closed"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def strip(value):
    return value.strip() if isinstance(value, str) else value


def _body(label, required_message, html_id: str):
    return TextAreaField(
        label,
        id=html_id,  # the reply and the note share a page: each textarea needs an id of its own
        filters=[strip],
        validators=[
            DataRequired(required_message),
            Length(max=MAX_BODY, message=_l("Use at most %(max)d characters.")),
        ],
    )


class ReplyForm(SubmitOnceForm):
    """The team's reply to the resident (they read it on their page and by mail)."""

    body = _body(_l("Your reply to the resident"), _l("Write your reply."), "reply-body")


class NoteForm(SubmitOnceForm):
    """A note only the team's workers read."""

    body = _body(_l("Internal note"), _l("Write the note."), "note-body")


class AnswerBackForm(SubmitOnceForm):
    """The asker writes back to the team."""

    body = _body(_l("Your answer to the team"), _l("Write your answer."), "answer-body")


class AssignForm(Form):
    """Who handles the question ("" is nobody); the choices are the team's workers, set by the view."""

    worker = SelectField(_l("Assigned to"), choices=[], validate_choice=False)


class StatusForm(Form):
    status = SelectField(
        _l("Status"), choices=[SelectChoice(status, STATUS_LABELS[status]) for status in QUESTION_STATUSES]
    )


class TemplateChoiceForm(Form):
    """Start a reply from a template: a GET form ("use") that works without JavaScript."""

    class Meta:
        csrf = False

    template = SelectField(_l("Start from a template"), choices=[], validate_choice=False)


class AnswerDaysForm(Form):
    answer_days = IntegerField(
        _l("Answer within (working days)"),
        validators=[
            InputRequired(_l("Enter a number of working days.")),
            NumberRange(min=MIN_DAYS, max=MAX_DAYS, message=_l("Choose a number from %(min)s to %(max)s.")),
        ],
    )


def _template_fields(cls):
    cls.title = StringField(
        _l("Title"),
        filters=[strip],
        validators=[
            DataRequired(_l("Give the template a title.")),
            Length(max=MAX_TITLE, message=_l("Use at most %(max)d characters.")),
        ],
    )
    cls.body = TextAreaField(
        _l("Text"),
        filters=[strip],
        validators=[
            DataRequired(_l("Write the template's text.")),
            Length(max=MAX_TEMPLATE, message=_l("Use at most %(max)d characters.")),
        ],
    )
    return cls


@_template_fields
class NewTemplateForm(SubmitOnceForm):
    """A new reply template of the team."""


@_template_fields
class TemplateForm(Form):
    """A reply template changed."""
