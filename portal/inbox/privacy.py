"""The inbox's share of a person's data rights: the questions assigned to them and the messages they wrote.

The resident's own questions (with the conversation they can read: never the team's internal notes) are
exported by accounts (``questions_sent_to_teams``). Here: for a worker, the questions assigned to them and
the messages they wrote on questions (when, where, whether a reply or an internal note: not the text,
which is about a resident); for a resident, the answers back they wrote are in their questions' conversation
and listed here too.

Deleting an account (after accounts blanked the asker's questions): the answers back they wrote lose their
text and author, the team's replies and notes lose their author, assignments end; a blanked question's
private link stops working. The team's record stays readable without the person.
"""

from __future__ import annotations

from sqlalchemy import select, update

from portal import events
from portal.extensions import db
from portal.teams.models import TeamQuestion, TeamQuestionMessage
from portal.teams.queries import reference


def _when(value) -> str | None:
    return value.isoformat() + "Z" if value else None


@events.personal_data_requested.connect
def inbox_data(user, **_) -> dict:
    assigned = db.session.scalars(
        select(TeamQuestion).where(TeamQuestion.assigned_to_id == user.id).order_by(TeamQuestion.created_at)
    )
    written = db.session.scalars(
        select(TeamQuestionMessage)
        .where(TeamQuestionMessage.author_id == user.id)
        .order_by(TeamQuestionMessage.created_at, TeamQuestionMessage.id)
    )
    messages = []
    for message in written:
        entry = {
            "question": reference(message.question_id),
            "team": message.question.team.name,
            "written_at": _when(message.created_at),
            "kind": "internal_note" if message.internal else ("reply" if message.from_team else "answer_back"),
        }
        if not message.from_team:
            entry["text"] = message.body  # the resident's own words
        messages.append(entry)
    return {
        "questions_assigned_to_me_as_worker": [
            {
                "question": reference(question.id),
                "team": question.team.name,
                "status": question.status,
                "asked_at": _when(question.created_at),
            }
            for question in assigned
        ],
        "messages_written_on_questions": messages,
    }


@events.account_deleting.connect
def forget_person(user, **_) -> None:
    own = (TeamQuestionMessage.author_id == user.id) & TeamQuestionMessage.from_team.is_(False)
    db.session.execute(update(TeamQuestionMessage).where(own).values(author_id=None, body=""))
    db.session.execute(
        update(TeamQuestionMessage).where(TeamQuestionMessage.author_id == user.id).values(author_id=None)
    )
    db.session.execute(update(TeamQuestion).where(TeamQuestion.assigned_to_id == user.id).values(assigned_to_id=None))
    blanked = (TeamQuestion.user_id.is_(None)) & (TeamQuestion.name == "") & (TeamQuestion.contact == "")
    db.session.execute(update(TeamQuestion).where(blanked).values(access_digest=None))
    db.session.flush()
    db.session.expire_all()
