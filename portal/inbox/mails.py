"""The mails of the team inbox to an asker's e-mail address, in the language they asked in.

Built in Python, not in .txt templates, so that every sentence is extracted for translation. A mail to the
address an asker typed never repeats what the asker typed (anyone may type any address): it carries the
reference, the private link and, for a reply, the team's own words.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.i18n import babel_locale
from portal.inbox.links import private_url
from portal.outbox.services import queue_mail
from portal.teams.models import TeamQuestion, TeamQuestionMessage
from portal.teams.queries import reference


def _emergency() -> str:
    return _(
        "In an emergency call 112. Worried about domestic violence or child abuse: Veilig Thuis 0800-2000. "
        "Thinking about suicide: 113 (0800-0113)."
    )


def _language(question: TeamQuestion) -> str:
    chosen = question.language or ""
    if chosen not in current_app.config["LANGUAGES"]:
        chosen = current_app.config["BABEL_DEFAULT_LOCALE"]
    return babel_locale(chosen)


def confirmation(question: TeamQuestion) -> None:
    """ "We have received your question", with the reference and the private link."""
    team, number = question.team.name, reference(question.id)
    with force_locale(_language(question)):
        subject = _("Your question to %(team)s (%(reference)s)", team=team, reference=number)
        paragraphs = [
            _("Hello,"),
            _(
                "We have received your question to %(team)s. Its reference is %(reference)s. Someone from the "
                "team will answer you; you will get an e-mail when they do.",
                team=team,
                reference=number,
            ),
            _(
                "Read the answer and write back on your question's private page. Keep this link to yourself: "
                "anyone who has it can read your question."
            ),
            private_url(question),
            _(
                "This is an automatic message; you do not need to reply. If you did not send a question, you can "
                "ignore this e-mail."
            ),
            _emergency(),
            _("Buurtportaal"),
        ]
    queue_mail(question.contact, subject, "\n\n".join(paragraphs) + "\n")


def reply(question: TeamQuestion, message: TeamQuestionMessage) -> None:
    """The team's reply, with the private link to read the whole conversation and write back."""
    team, number = question.team.name, reference(question.id)
    with force_locale(_language(question)):
        subject = _("%(team)s answered your question (%(reference)s)", team=team, reference=number)
        paragraphs = [
            _("Hello,"),
            _("%(team)s answered your question %(reference)s:", team=team, reference=number),
            message.body,
            _("Read the whole conversation and write back on your question's private page:"),
            private_url(question),
            _("Please do not reply to this e-mail; use the page above."),
            _emergency(),
            _("Buurtportaal"),
        ]
    queue_mail(question.contact, subject, "\n\n".join(paragraphs) + "\n")
