"""The inbox's verbs called directly: who is told of a new question (exactly the team's workers, in their
language), what a reply records for the indicators, and what deleting an account leaves of the team's record."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from portal import workdays
from portal.accounts import queries as account_queries
from portal.accounts import services as account_services
from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER
from portal.extensions import db
from portal.inbox import links, queries, services
from portal.inbox.notification_kinds import QUESTION_NEW
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from portal.teams import services as team_services
from portal.teams.models import TeamQuestion, TeamQuestionMessage
from portal.timeutil import utcnow
from tests.factories import make_team, make_user


def _setup():
    team, other = make_team("WIJ Zonnewijk", slug="zonnewijk"), make_team("WIJ Maanwijk", slug="maanwijk")
    people = {
        "dutch": make_user(ROLE_WORKER, teams=[team], name="Dirk Werker", locale="nl"),
        "english": make_user(ROLE_WORKER, teams=[team], name="Emma Worker", locale="en"),
        "both": make_user(ROLE_WORKER, teams=[team, other], locale="nl"),
        "other": make_user(ROLE_WORKER, teams=[other]),
        "coordinator": make_user(ROLE_COORDINATOR),
        "resident": make_user(),
        "blocked": make_user(ROLE_WORKER, teams=[team], active=False),
    }
    return team, other, people


def _ask(team, user=None, contact="vrager@example.org"):
    return team_services.ask_team(
        team, name="Vrager", contact=contact, message="Waar vind ik hulp bij mijn post?", language="nl", user=user
    )


def _told(user, kind=QUESTION_NEW) -> list[Notification]:
    return list(
        db.session.scalars(select(Notification).where(Notification.user_id == user.id, Notification.kind == kind))
    )


def test_a_new_question_tells_each_active_worker_of_the_team_once_and_nobody_else(ctx):
    team, _other, people = _setup()
    question = _ask(team)
    for key in ("dutch", "english", "both"):
        [notification] = _told(people[key])
        assert notification.params["reference"] == f"V-{question.id:06d}"
        assert notification.params["team"] == "WIJ Zonnewijk"
        assert notification.link == f"/teams/zonnewijk/inbox/{question.id}"
    for key in ("other", "coordinator", "resident", "blocked"):
        assert _told(people[key]) == []


def test_the_workers_mail_is_in_their_language_with_the_answer_by_time(ctx):
    team, _other, people = _setup()
    question = _ask(team)
    mails = {mail.recipient: mail for mail in db.session.scalars(select(OutboxMessage))}
    number = f"V-{question.id:06d}"
    english, dutch = mails[people["english"].email], mails[people["dutch"].email]
    assert english.subject.startswith(f"New question {number} in the inbox of WIJ Zonnewijk, to answer by ")
    [told] = _told(people["english"])
    assert told.link == f"/teams/zonnewijk/inbox/{question.id}" and f"/notifications/{told.id}/open" in english.body
    assert dutch.subject.startswith(f"Nieuwe vraag {number} in de inbox van WIJ Zonnewijk, te beantwoorden vóór ")
    assert "Waar vind ik hulp" not in english.body + dutch.body
    assert people["other"].email not in mails


def test_the_answer_by_time_follows_the_teams_working_days(ctx):
    team, _other, _people = _setup()
    team.answer_days = 3
    question = _ask(team)
    assert question.due_at == workdays.due_at(question.created_at, 3) and question.status == "new"


def test_answered_in_time_is_the_first_reply_before_the_answer_by_time(ctx):
    team, _other, people = _setup()
    question = _ask(team)
    services.reply(question, people["dutch"], "Eerste antwoord")
    first = question.answered_at
    assert question.answered_by == people["dutch"] and first <= question.due_at
    assert question.assigned_to == people["dutch"]  # the one who replied took it
    services.answer_back(question, "Nog een vraag")
    services.reply(question, people["english"], "Tweede antwoord")
    assert question.answered_at == first and question.answered_by == people["dutch"]
    assert question.status == "answered"


def test_an_answer_back_tells_the_team_when_nobody_is_assigned(ctx):
    team, _other, people = _setup()
    question = _ask(team)
    services.answer_back(question, "Ik heb nog iets vergeten")
    assert question.status == "in_progress"
    for key in ("dutch", "english", "both"):
        assert len(_told(people[key], "inbox_answer_back")) == 1
    assert _told(people["other"], "inbox_answer_back") == []


def test_an_answer_back_gets_its_own_answer_by_time_and_keeps_the_first_norm(ctx):
    team, _other, people = _setup()
    question = _ask(team)
    first_due = question.due_at
    services.reply(question, people["dutch"], "Eerste antwoord")
    question.due_at = question.answered_at = utcnow() - timedelta(days=20)  # an old question, answered in time
    services.answer_back(question, "Nog een vraag")
    assert question.due_at != first_due and question.reply_due_at > utcnow()  # the new norm runs from now
    assert question.answer_by == question.reply_due_at
    assert not queries.is_overdue(question)  # writing back does not make the question late at once
    late = db.session.scalars(queries.inbox_query(team, queries.OVERDUE, people["dutch"])).all()
    assert question not in late
    assert question.answered_at <= question.due_at  # the first reply still counts as in time


def test_the_worker_who_is_given_a_question_is_told_and_nobody_else(ctx):
    team, _other, people = _setup()
    question = _ask(team)
    services.assign(question, people["dutch"], people["english"])
    assert len(_told(people["english"], "inbox_question_assigned")) == 1
    assert _told(people["both"], "inbox_question_assigned") == []
    services.assign(question, people["dutch"], people["dutch"])  # taking it yourself tells nobody
    assert _told(people["dutch"], "inbox_question_assigned") == []


def test_the_private_link_is_the_same_in_every_mail_and_only_its_digest_is_stored(ctx):
    team, _other, people = _setup()
    question = _ask(team)
    secret = links.secret_for(question)
    assert len(secret) == 32 and secret not in (question.access_digest or "")
    assert question.access_digest == links.digest(secret)
    assert links.question_for_secret(secret) is question
    assert links.question_for_secret(secret.swapcase()) is None
    services.reply(question, people["dutch"], "Antwoord")
    bodies = [
        mail.body
        for mail in db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "vrager@example.org"))
    ]
    assert len(bodies) == 2 and all(f"/questions/link/{secret}" in body for body in bodies)


def test_the_residents_export_has_the_conversation_but_never_internal_notes(ctx):
    team, _other, people = _setup()
    resident = people["resident"]
    question = _ask(team, user=resident, contact=resident.email)
    services.note(question, people["dutch"], "Intern: bekende van het team")
    services.reply(question, people["dutch"], "Kom langs bij de inloop")
    services.answer_back(question, "Dank je")
    exported = account_queries.personal_data(resident)
    [mine] = exported["questions_sent_to_teams"]
    assert mine["reference"] == f"V-{question.id:06d}"
    assert [(m["from"], m["text"]) for m in mine["conversation"]] == [
        ("team", "Kom langs bij de inloop"),
        ("me", "Dank je"),
    ]
    assert "bekende van het team" not in str(exported)
    worker_export = account_queries.personal_data(people["dutch"])
    kinds = [m["kind"] for m in worker_export["messages_written_on_questions"]]
    assert kinds == ["internal_note", "reply"] and "bekende van het team" not in str(worker_export)
    assert worker_export["questions_assigned_to_me_as_worker"][0]["question"] == f"V-{question.id:06d}"


def test_deleting_the_askers_account_keeps_the_teams_record_without_them(ctx):
    team, _other, people = _setup()
    resident = people["resident"]
    question = _ask(team, user=resident, contact=resident.email)
    secret = links.secret_for(question)
    services.reply(question, people["dutch"], "Het antwoord van het team")
    services.answer_back(question, "Mijn persoonlijke reactie")
    services.note(question, people["dutch"], "Interne notitie")
    db.session.commit()
    account_services.erase_account(resident)
    db.session.commit()
    kept = db.session.get(TeamQuestion, question.id)
    assert (kept.user_id, kept.name, kept.contact, kept.message) == (None, "", "", "")
    bodies = [m.body for m in db.session.scalars(select(TeamQuestionMessage).order_by(TeamQuestionMessage.id))]
    assert bodies == ["Het antwoord van het team", "", "Interne notitie"]
    assert kept.answered_at is not None and kept.due_at is not None  # still counts for the indicators
    assert links.question_for_secret(secret) is None


def test_deleting_a_workers_account_ends_their_assignments_and_keeps_their_replies(ctx):
    team, _other, people = _setup()
    question = _ask(team)
    services.assign(question, people["coordinator"], people["english"])
    services.reply(question, people["english"], "Antwoord van Emma")
    db.session.commit()
    account_services.erase_account(people["english"])
    db.session.commit()
    kept = db.session.get(TeamQuestion, question.id)
    assert kept.assigned_to_id is None and kept.answered_by_id is None
    [message] = kept.messages
    assert message.author_id is None and message.body == "Antwoord van Emma"


def test_the_end_of_tuesday_for_a_friday_question(ctx):
    team, _other, _people = _setup()
    friday = datetime(2026, 12, 4, 15, 0)
    question = TeamQuestion(team=team, name="V", contact="06 12345678", message="?", created_at=friday)
    question.due_at = workdays.due_at(friday, team.answer_days)
    assert workdays.local_date(question.due_at) == datetime(2026, 12, 8).date()
