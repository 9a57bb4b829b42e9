"""Data rights: "download my data" holds everything the portal keeps about the person; deleting an account
leaves nothing of their mail in the outbox.

The completeness test walks the schema: every column that points at an account, or holds an e-mail
address, phone number or other contact details, must be shown by a section of the export (``COVERED``),
or be one of the few deliberate ``EXCEPTIONS``, each with its reason. A new table that refers to people
fails the test until its feature's privacy.py exports it (or the exception is argued here).
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

import pytest
from sqlalchemy import String, func, select

from portal.accounts import queries, services
from portal.accounts.models import ROLE_WORKER
from portal.audit import AuditEntry
from portal.complaints.models import Complaint
from portal.extensions import db
from portal.help.models import (
    BY_WORKER,
    DONE,
    HelpBlock,
    HelpCheckIn,
    HelpMatch,
    HelpOccurrence,
    HelpOffer,
    HelpRequest,
)
from portal.indicators.models import ExportToken
from portal.initiatives.models import (
    Initiative,
    InitiativeMessage,
    MessageReport,
    PrivateMessage,
    RoleSignup,
    StatusChange,
    Support,
    VolunteerRole,
)
from portal.notifications.models import Notification, NotificationPreference
from portal.outbox.models import OutboxMessage
from portal.outbox.services import queue_mail
from portal.projects.models import Project, ProjectInvitation, ProjectMessage, ProjectParticipant, ProjectUpdate
from portal.signals.models import ClusterEvent, Signal, SignalCluster
from portal.teams.models import TeamQuestion, TeamQuestionMessage
from portal.timeutil import utcnow
from tests.factories import TEST_PASSWORD, make_area, make_team, make_user

# Words in the name of a text column that mean it holds a way to reach someone.
CONTACT_WORDS = ("email", "phone", "contact", "recipient")

# (table, column) → the export section that shows it.
COVERED = {
    ("user_account", "email"): "account",
    ("user_account", "phone"): "account",
    ("team_worker", "user_id"): "account",
    ("audit_entry", "actor_id"): "changes_made_as_worker",
    ("team_question", "user_id"): "questions_sent_to_teams",
    ("team_question", "answered_by_id"): "questions_answered_as_worker",
    ("team_question", "contact"): "questions_sent_with_my_address",
    ("team_question", "assigned_to_id"): "questions_assigned_to_me_as_worker",
    ("team_question_message", "author_id"): "messages_written_on_questions",
    ("notification", "user_id"): "notifications",
    ("notification_preference", "user_id"): "notification_preferences",
    ("initiative", "initiator_id"): "initiatives_started",
    ("initiative", "worker_id"): "initiatives_guided_as_worker",
    ("status_change", "actor_id"): "initiative_status_changes_made",
    ("role_signup", "user_id"): "volunteer_tasks",
    ("support", "user_id"): "initiatives_supported",
    ("initiative_message", "author_id"): "messages_on_initiatives",
    ("message_report", "user_id"): "messages_reported",
    ("help_offer", "user_id"): "help_offers",
    ("help_request", "user_id"): "help_requests",
    ("help_match", "requester_contact"): "help_matches",
    ("help_match", "helper_contact"): "help_matches",
    ("help_match", "proposed_by_id"): "help_matches_proposed_as_worker",
    ("help_block", "user_id"): "blocked_from_help",
    ("help_match", "paused_by_id"): "help_matches",
    ("help_match", "ended_by_id"): "help_matches",
    ("help_occurrence", "recorded_by_id"): "help_matches",
    ("help_check_in", "user_id"): "help_check_ins",
    ("signal", "reporter_id"): "signals_reported",
    ("signal", "recorded_by_id"): "signals_recorded_as_worker",
    ("signal", "contact_name"): "signals_left_with_my_address",
    ("signal", "contact_email"): "signals_left_with_my_address",
    ("signal", "contact_phone"): "signals_left_with_my_address",
    ("cluster_event", "actor_id"): "changes_to_signal_groups",
    ("project", "lead_worker_id"): "projects_led_as_worker",
    ("project_participant", "user_id"): "projects_joined",
    ("project_invitation", "user_id"): "projects_invited_to",
    ("project_update", "author_id"): "project_news_written",
    ("complaint", "user_id"): "complaints_filed",
    ("complaint", "assigned_to_id"): "complaints_assigned_as_worker",
    ("complaint", "answered_by_id"): "complaints_answered_as_worker",
    ("project_message", "author_id"): "project_messages_written",
    ("initiative_private_message", "author_id"): "private_messages_on_initiatives",
    ("outbox_message", "recipient"): "mails_sent_to_me",
    ("export_token", "user_id"): "indicator_export_tokens",
}

EXCEPTIONS = {
    ("form_submission", "user_id"): (
        "a form's one-time key, a digest and the page it led to, kept only minutes against double posts "
        "(portal/submissions.py purges them); nothing the person typed, and removed with the account"
    ),
    ("help_block", "blocked_by_id"): "a worker's block is in changes_made_as_worker (audit action help.block)",
    ("help_check_in", "handled_by_id"): (
        "a worker's handling of a flagged check-in is in changes_made_as_worker (audit action help.checkin_handled)"
    ),
    ("help_request", "reviewed_by_id"): (
        "a worker's look at a held request is in changes_made_as_worker (audit actions help.release_request and "
        "help.keep_request)"
    ),
    ("team", "email"): "a WIJ-team's public address, not a person's",
    ("team", "phone"): "a WIJ-team's public phone number, not a person's",
}


def person_columns() -> set[tuple[str, str]]:
    """Every (table, column) of the schema that refers to a person or holds a way to reach one."""
    found = set()
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            points_at_account = any(key.column.table.name == "user_account" for key in column.foreign_keys)
            holds_contact = isinstance(column.type, String) and any(word in column.name for word in CONTACT_WORDS)
            if points_at_account or holds_contact:
                found.add((table.name, column.name))
    return found


def test_every_column_about_a_person_has_an_export_section_or_a_stated_reason(ctx):
    found = person_columns()
    unexplained = found - COVERED.keys() - EXCEPTIONS.keys()
    assert not unexplained, f"export these in the feature's privacy.py, or argue an exception: {sorted(unexplained)}"
    stale = (COVERED.keys() | EXCEPTIONS.keys()) - found
    assert not stale, f"no longer in the schema: {sorted(stale)}"


# --------------------------------------------------------------------------- one person, in every table


def _signal(team, cluster, **fields) -> Signal:
    signal = Signal(
        text="Losse stoeptegels bij de school",
        team_id=team.id,
        cluster_id=cluster.id,
        follow_token=secrets.token_urlsafe(24),
        features=[],
        **fields,
    )
    db.session.add(signal)
    return signal


def everything_about(person, team, area, neighbour) -> None:
    """One row in every table that can refer to ``person`` (a worker who is also a resident)."""
    now = utcnow()
    add = db.session.add_all
    add(
        [
            AuditEntry(actor_id=person.id, action="projects.update", subject="project:1"),
            AuditEntry(actor_id=neighbour.id, action="accounts.set_role", subject=f"user:{person.id}", detail="worker"),
            TeamQuestion(team_id=team.id, user_id=person.id, name="P", contact="06 1", message="Mijn vraag"),
            TeamQuestion(
                team_id=team.id,
                user_id=neighbour.id,
                name="N",
                contact="n",
                message="?",
                answered_at=now,
                answered_by_id=person.id,
            ),
            TeamQuestion(
                team_id=team.id,
                user_id=None,
                name="Anoniem",
                contact=f" {person.email.upper()} ",
                message="Iemands woorden",
            ),
            TeamQuestionMessage(
                question=TeamQuestion(
                    team_id=team.id, name="Q", contact="q@example.org", message="?", assigned_to_id=person.id
                ),
                author_id=person.id,
                from_team=True,
                body="Ons antwoord",
            ),
            Notification(user_id=person.id, kind="help_match_proposed", params={"kind": "groceries"}, link="/help"),
            NotificationPreference(user_id=person.id, kind="help_match_proposed", frequency="weekly"),
            HelpBlock(user_id=person.id, reason="Ongepast gedrag", blocked_by_id=neighbour.id),
            queue_mail(person.email, "Welkom", "Hallo, dit is je welkomstmail."),
        ]
    )
    initiative = Initiative(
        title="Buurtmoestuin",
        description="Samen groenten kweken",
        category="green",
        search_terms="",
        initiator_id=person.id,
        worker_id=person.id,
        area_id=area.id,
        status="submitted",
    )
    role = VolunteerRole(title="Gieter", needed=2)
    initiative.roles.append(role)
    db.session.add(initiative)
    db.session.flush()
    theirs = InitiativeMessage(initiative_id=initiative.id, author_id=neighbour.id, body="Onaardige woorden")
    add(
        [
            StatusChange(initiative_id=initiative.id, actor_id=person.id, to_status="submitted", reason="Klaar"),
            RoleSignup(role_id=role.id, user_id=person.id),
            Support(initiative_id=initiative.id, user_id=person.id),
            InitiativeMessage(initiative_id=initiative.id, author_id=person.id, body="Ik doe mee!"),
            theirs,
        ]
    )
    db.session.flush()
    db.session.add(MessageReport(message_id=theirs.id, user_id=person.id, reason="Dit is kwetsend"))

    expires = now + timedelta(days=30)
    offer = HelpOffer(user_id=person.id, description="Ik help graag", area_id=area.id, flagged_reason="Let op")
    their_offer = HelpOffer(user_id=neighbour.id, description="Ik ook", area_id=area.id)
    their_request = HelpRequest(
        user_id=neighbour.id, kind="groceries", description="Boodschappen?", area_id=area.id, expires_at=expires
    )
    my_request = HelpRequest(
        user_id=person.id, kind="walks", description="Wandelen?", area_id=area.id, expires_at=expires
    )
    add([offer, their_offer, their_request, my_request])
    db.session.flush()
    add(
        [
            HelpMatch(
                request_id=their_request.id,
                offer_id=offer.id,
                helper_contact="06 12345678",
                status=DONE,
                helper_feedback="worked",
                feedback_note="Helper: Fijn gedaan\nRequester: Top",
            ),
            HelpMatch(
                request_id=my_request.id,
                offer_id=their_offer.id,
                proposed_by_id=person.id,
                origin=BY_WORKER,
                note="Jullie wonen dichtbij",
            ),
        ]
    )
    helped = db.session.scalar(select(HelpMatch).where(HelpMatch.offer_id == offer.id))
    add(
        [
            HelpOccurrence(match_id=helped.id, on_date=now.date(), recorded_by_id=person.id),
            HelpCheckIn(
                match_id=helped.id, user_id=person.id, side="helper", stage="ended", happened=True, note="Goed"
            ),
        ]
    )

    project = Project(title="Schone straat", goal="Minder zwerfvuil", team_id=team.id, lead_worker_id=person.id)
    cluster = SignalCluster(team_id=team.id)
    add([project, cluster])
    db.session.flush()
    mine = _signal(team, cluster, reporter_id=person.id)
    _signal(team, cluster, recorded_by_id=person.id, source="gp", source_name="Huisarts")
    _signal(team, cluster, contact_name="Buurvrouw", contact_email=person.email, contact_phone="06 87654321")
    db.session.flush()
    add(
        [
            ClusterEvent(cluster_id=cluster.id, action="dismissed", actor_id=person.id, detail="Geen zaak voor ons"),
            ProjectParticipant(project_id=project.id, user_id=person.id),
            ProjectInvitation(project_id=project.id, user_id=person.id, signal_id=mine.id),
            ProjectUpdate(project_id=project.id, author_id=person.id, body="We beginnen zaterdag"),
            ProjectMessage(project_id=project.id, author_id=person.id, body="Neem handschoenen mee"),
            PrivateMessage(initiative_id=initiative.id, author_id=person.id, body="Kunnen we even bellen?"),
        ]
    )
    db.session.flush()
    add(
        [
            Complaint(team_id=team.id, user_id=person.id, subject_kind="team", message="Niet teruggebeld", due_at=now),
            Complaint(
                team_id=team.id,
                user_id=neighbour.id,
                subject_kind="team",
                message="Buurvrouws klacht",
                due_at=now,
                assigned_to_id=person.id,
                answered_by_id=person.id,
                answer="Excuses",
                answered_at=now,
            ),
            ExportToken(user_id=person.id, name="Power BI", digest="0" * 64),  # a coordinator's, in principle
        ]
    )
    db.session.flush()


@pytest.fixture
def person(ctx):
    team = make_team("WIJ Exportteam")
    area = make_area(team, "Exportbuurt")
    person = make_user(ROLE_WORKER, teams=[team], area_id=area.id, email_confirmed_at=utcnow(), phone="06 1")
    neighbour = make_user(area_id=area.id, name="Nina Buur")
    everything_about(person, team, area, neighbour)
    db.session.commit()
    return person


def test_the_export_has_a_filled_section_for_every_table_that_refers_to_the_person(person):
    export = queries.personal_data(person)
    empty = sorted(section for section in set(COVERED.values()) if not export.get(section))
    assert not empty, f"sections missing or empty: {empty}"
    assert export["changes_to_my_account"][0]["action"] == "accounts.set_role"
    json.dumps(export)  # the download is JSON


def test_the_export_holds_the_reasons_of_reported_messages_and_the_mails_sent(person):
    export = queries.personal_data(person)
    assert [report["reason"] for report in export["messages_reported"]] == ["Dit is kwetsend"]
    assert "Onaardige woorden" not in json.dumps(export)  # the reported words are the neighbour's
    [mail] = export["mails_sent_to_me"]
    assert (mail["subject"], mail["text"]) == ("Welkom", "Hallo, dit is je welkomstmail.")
    [notification] = export["notifications"]
    assert notification["link"] == "/help" and notification["text"]


def test_what_others_left_with_the_address_is_exported_without_their_words(person):
    export = queries.personal_data(person)
    [left] = export["signals_left_with_my_address"]
    assert left["contact_phone"] == "06 87654321" and "text" not in left
    [question] = export["questions_sent_with_my_address"]
    assert question["name"] == "Anoniem" and "message" not in question
    assert "Iemands woorden" not in json.dumps(export)


def test_nothing_left_with_an_address_is_exported_to_an_account_that_never_confirmed_it(person):
    person.email_confirmed_at = None
    export = queries.personal_data(person)
    assert export["signals_left_with_my_address"] == [] and export["questions_sent_with_my_address"] == []


def test_of_a_match_only_the_persons_own_feedback_note_is_exported(person):
    [match] = [match for match in queries.personal_data(person)["help_matches"] if match["my_side"] == "helper"]
    assert match["my_feedback_note"] == ["Helper: Fijn gedaan"]
    assert match["contact_i_shared"] == "06 12345678"


def test_of_complaints_only_the_persons_own_words_are_exported(person):
    export = queries.personal_data(person)
    [filed] = export["complaints_filed"]
    assert filed["complaint"] == "Niet teruggebeld" and filed["reference"].startswith("K-")
    [handled] = export["complaints_answered_as_worker"]
    assert handled["reference"] == export["complaints_assigned_as_worker"][0]["reference"]
    assert "Buurvrouws klacht" not in json.dumps(export)


# --------------------------------------------------------------------------- deleting an account


def _mails_to(address: str) -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id)).where(func.lower(OutboxMessage.recipient) == address))


def test_deleting_an_account_removes_its_mail_from_the_outbox_sent_or_not(ctx):
    resident = make_user(name="Anouk de Vries", email="anouk@example.org", email_confirmed_at=utcnow())
    queue_mail("anouk@example.org", "Welkom", "Hallo Anouk")
    queue_mail("Anouk@Example.org", "Nieuws", "Er is nieuws")
    sent = queue_mail("anouk@example.org", "Oud", "Al verstuurd")
    queue_mail("buurman@example.org", "Welkom", "Hallo buurman")
    db.session.flush()
    sent.sent_at = utcnow()
    db.session.commit()

    services.delete_account(resident, TEST_PASSWORD)
    db.session.commit()

    assert _mails_to("anouk@example.org") == 0
    assert not db.session.scalars(select(OutboxMessage).where(OutboxMessage.body.contains("Anouk"))).all()
    assert _mails_to("buurman@example.org") == 1
