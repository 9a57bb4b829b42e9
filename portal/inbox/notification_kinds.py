"""The notifications the inbox feature sends, registered with the notifications registry.

The parameters carry the news itself: the team, the question's reference and (for a new question) its
answer-by time as an ISO string; never the resident's text, which stays in the portal.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.notifications import kinds

QUESTION_NEW = "inbox_question_new"  # params: team, reference, due (ISO, naive UTC)
QUESTION_ANSWER_BACK = "inbox_answer_back"  # params: team, reference
QUESTION_REPLIED = "inbox_question_replied"  # params: team, reference (for the resident)
QUESTION_ASSIGNED = "inbox_question_assigned"  # params: team, reference, by (who assigned it), due (ISO)


def _new(params: dict) -> str:
    return _(
        "New question %(reference)s in the inbox of %(team)s, to answer by %(due)s.",
        reference=params.get("reference", ""),
        team=params.get("team", ""),
        due=kinds.moment(params.get("due")),
    )


def register() -> None:
    group = _l("Team inbox")
    kinds.register(
        QUESTION_NEW,
        _l("New questions in my team's inbox"),
        _l("When a resident sends your team a question."),
        _new,
        audience=kinds.WORKERS,
        group=group,
    )
    kinds.register(
        QUESTION_ANSWER_BACK,
        _l("Answers back in my team's inbox"),
        _l("When a resident answers back on a question of your team."),
        lambda p: _(
            "The resident answered back on question %(reference)s to %(team)s.",
            reference=p.get("reference", ""),
            team=p.get("team", ""),
        ),
        audience=kinds.WORKERS,
        group=group,
    )
    kinds.register(
        QUESTION_ASSIGNED,
        _l("Questions given to me"),
        _l("When a colleague assigns a question of your team's inbox to you."),
        lambda p: _(
            "%(by)s gave you question %(reference)s in the inbox of %(team)s, to answer by %(due)s.",
            by=p.get("by", ""),
            reference=p.get("reference", ""),
            team=p.get("team", ""),
            due=kinds.moment(p.get("due")),
        ),
        audience=kinds.WORKERS,
        group=group,
    )
    kinds.register(
        QUESTION_REPLIED,
        _l("Answers to my questions"),
        _l("When your team answers a question you sent them."),
        lambda p: _(
            "%(team)s answered your question %(reference)s.", team=p.get("team", ""), reference=p.get("reference", "")
        ),
    )
