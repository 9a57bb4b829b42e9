"""The conversation: comments and updates, reports once per person, hiding and restoring."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.accounts.models import ROLE_WORKER
from portal.errors import DomainError
from portal.extensions import db
from portal.initiatives import conversation, lifecycle
from portal.initiatives.models import MessageReport
from portal.notifications.models import Notification
from tests.factories import make_team, make_user
from tests.factories.initiatives import make_initiative, make_place


@pytest.fixture
def ctx(app):
    """A request context: a DomainError words its message in the reader's language."""
    with app.test_request_context():
        yield
        db.session.remove()


def test_a_neighbour_comments_and_the_initiator_hears_of_it(ctx):
    _, area, _, resident = make_place()
    initiative = make_initiative(resident, area)
    neighbour = make_user(name="Jan Bakker")
    message = conversation.post_message(neighbour, initiative, "  Goed idee, ik help mee!  ")
    assert message.body == "Goed idee, ik help mee!" and message.kind == "comment"
    params = db.session.scalars(select(Notification.params).where(Notification.user_id == resident.id)).all()
    assert params == [{"title": initiative.title, "author": "Jan", "excerpt": "Goed idee, ik help mee!"}]
    conversation.post_message(resident, initiative, "Dank je!")
    assert db.session.scalar(select(func.count(Notification.id))) == 1  # not for one's own message


def test_updates_come_from_the_initiator_and_the_team_only(ctx):
    _, area, worker, resident = make_place()
    initiative = make_initiative(resident, area)
    assert conversation.post_message(resident, initiative, "De datum staat vast.", "update").kind == "update"
    assert conversation.post_message(worker, initiative, "Vergunning is aangevraagd.", "update").kind == "update"
    with pytest.raises(DomainError) as refused:
        conversation.post_message(make_user(), initiative, "Ik doe alsof", "update")
    assert refused.value.field == "kind"
    with pytest.raises(DomainError):
        conversation.post_message(resident, initiative, "   ")


def test_a_declined_initiative_is_closed_for_comments_of_neighbours(ctx):
    _, area, worker, resident = make_place()
    initiative = make_initiative(resident, area, status=lifecycle.DECLINED)
    with pytest.raises(DomainError):
        conversation.post_message(make_user(), initiative, "Jammer")
    conversation.post_message(worker, initiative, "We zoeken samen naar een andere plek.")


def test_three_reports_hide_a_message_until_a_worker_looks(ctx):
    _, area, worker, resident = make_place()
    initiative = make_initiative(resident, area)
    message = conversation.post_message(make_user(), initiative, "Iets onaardigs")
    reporters = [make_user() for _ in range(4)]
    conversation.report_message(reporters[0], message, "Grof")
    with pytest.raises(DomainError) as twice:
        conversation.report_message(reporters[0], message)
    assert twice.value.field == "reason"
    conversation.report_message(reporters[1], message)
    assert not message.hidden and message.report_count == 2
    conversation.report_message(reporters[2], message)
    assert message.hidden and message.hidden_reason == conversation.AUTO_HIDDEN and message.reviewed_at is None
    conversation.restore_message(worker, message)
    assert not message.hidden and message.reviewed_at is not None
    conversation.report_message(reporters[3], message)  # reviewed: a fourth report does not hide it again
    assert not message.hidden and message.report_count == 4
    assert db.session.scalar(select(func.count(MessageReport.id))) == 4


def test_one_cannot_report_ones_own_message(ctx):
    _, area, _, resident = make_place()
    initiative = make_initiative(resident, area)
    message = conversation.post_message(resident, initiative, "Mijn bericht")
    with pytest.raises(DomainError):
        conversation.report_message(resident, message)


def test_only_a_worker_of_the_team_hides_and_restores(ctx):
    _, area, worker, resident = make_place()
    initiative = make_initiative(resident, area)
    message = conversation.post_message(make_user(), initiative, "Reclame voor mijn bedrijf")
    other_worker = make_user(ROLE_WORKER, teams=[make_team("WIJ Elders")])
    for outsider in (resident, other_worker):
        with pytest.raises(DomainError):
            conversation.hide_message(outsider, message)
    conversation.hide_message(worker, message, "Reclame")
    assert message.hidden and message.hidden_reason == "Reclame" and message.reviewed_at is not None
    conversation.restore_message(worker, message)
    assert not message.hidden and message.hidden_reason is None
