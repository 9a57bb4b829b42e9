"""The demo team inbox: questions in every status across the teams, some overdue, conversations that make sense,
templates for every team, and every question with its private link."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.demo.loader import load_demo
from portal.extensions import db
from portal.inbox.queries import is_overdue
from portal.teams.models import ReplyTemplate, Team, TeamQuestion, TeamQuestionMessage


def test_the_demo_inbox_is_lived_in(ctx):
    load_demo()
    questions = list(db.session.scalars(select(TeamQuestion)))
    assert {"new", "in_progress", "answered", "closed"} <= {question.status for question in questions}
    assert len({question.team_id for question in questions}) >= 6
    assert sum(is_overdue(question) for question in questions) >= 2
    assert all(question.due_at and question.access_digest for question in questions)
    for question in questions:
        replies = [m for m in question.messages if m.from_team and not m.internal]
        if question.status in ("answered", "closed"):
            assert replies and question.answered_at == replies[0].created_at
        if question.assigned_to is not None:
            assert question.assigned_to.works_for(question.team.slug)
    assert db.session.scalar(select(func.count()).where(TeamQuestionMessage.internal.is_(True))) >= 3
    assert db.session.scalar(select(func.count()).where(TeamQuestionMessage.from_team.is_(False))) >= 3
    teams = db.session.scalar(select(func.count(Team.id)))
    per_team = db.session.execute(select(ReplyTemplate.team_id, func.count()).group_by(ReplyTemplate.team_id)).all()
    assert len(per_team) == teams and all(2 <= number <= 3 for _team, number in per_team)
