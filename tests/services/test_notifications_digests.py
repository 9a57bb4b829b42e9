"""Daily and weekly digests: one mail per person, the notifications under a heading per subject, each
notification mailed once."""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.models import ROLE_WORKER
from portal.extensions import db
from portal.notifications import services
from portal.notifications.kinds import KINDS, heading, register
from portal.notifications.models import DAILY, WEEKLY, Notification
from portal.outbox.models import OutboxMessage
from tests.factories import make_user

WAITING, ACCEPTED, RECURRING = "help_team_waiting", "help_team_accepted", "signal_team_recurring"
PROPOSED, STATUS = "help_match_proposed", "initiative_status"


def _mails(user) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == user.email)))


def _worker_with_news():
    worker = make_user(ROLE_WORKER, name="Wendy Werker", locale="en")
    services.set_preferences(worker, {WAITING: DAILY, ACCEPTED: DAILY, RECURRING: DAILY, PROPOSED: WEEKLY})
    news = {"kind": "groceries", "area": "Selwerd"}
    services.notify(worker, RECURRING, {"theme": "loneliness", "area": "Selwerd", "signals": 3, "reporters": 2}, "/s/1")
    services.notify(worker, WAITING, {**news, "days": 4, "crisis": False}, "/help/console/requests/1")
    services.notify(worker, ACCEPTED, news, "/help/console/requests/2")
    services.notify(worker, PROPOSED, {"kind": "garden"}, "/help/matches/3")
    return worker


def test_the_daily_digest_groups_by_subject_and_leaves_the_weekly_ones(ctx):
    worker = _worker_with_news()
    assert _mails(worker) == []

    assert services.send_digests(DAILY) == 1
    [mail] = _mails(worker)
    assert mail.subject == "3 messages from Buurtportaal today"
    body = mail.body
    help_at, signals_at = body.index("Neighbourly help in your team\n---"), body.index("Signals in your team\n---")
    assert help_at < signals_at  # the features' order, not the order they happened in
    help_part = body[help_at:signals_at]
    assert "has waited 4 days for a proposal" in help_part and "goes ahead" in help_part
    assert help_part.index("waited 4 days") < help_part.index("goes ahead")  # oldest first within a subject
    assert "have become a recurring matter" in body[signals_at:]
    assert "help with garden" not in body  # waits for the weekly digest

    assert services.send_digests(DAILY) == 0  # never twice
    assert services.send_digests(WEEKLY) == 1
    weekly = _mails(worker)[-1]
    assert weekly.subject == "1 message from Buurtportaal this week"
    assert "Neighbourly help\n----------------" in weekly.body and "help with garden" in weekly.body
    assert "waited 4 days" not in weekly.body
    assert services.send_digests(WEEKLY) == 0
    due = db.session.scalars(select(Notification).where(Notification.digest_due.is_(True))).all()
    assert due == []


def test_the_weekly_digest_takes_what_a_daily_run_did_not(ctx):
    worker = _worker_with_news()
    assert services.send_digests(WEEKLY) == 1
    [mail] = _mails(worker)
    assert mail.subject == "4 messages from Buurtportaal this week"
    for title in ("Neighbourly help", "Neighbourly help in your team", "Signals in your team"):
        assert f"\n{title}\n{'-' * len(title)}\n" in mail.body
    assert services.send_digests(DAILY) == 0


def test_a_digest_is_worded_in_the_readers_language(ctx):
    worker = _worker_with_news()
    worker.locale = "nl"
    services.send_digests(DAILY)
    [mail] = _mails(worker)
    assert "Burenhulp in je team" in mail.body and "Signalen in je team" in mail.body


def test_a_kind_without_a_group_stands_under_its_own_label(ctx):
    register("test_plain", "Plain news", "A test kind.", lambda p: "Something plain happened.")
    try:
        user = make_user(locale="en")
        services.set_preferences(user, {"test_plain": DAILY, STATUS: DAILY})
        services.notify(user, "test_plain", {}, None)
        services.notify(user, STATUS, {"title": "Moestuin", "status": "planned"}, "/initiatives/1")
        assert heading("test_plain") == "Plain news"
        services.send_digests(DAILY)
        [mail] = _mails(user)
        assert "Plain news\n----------\n\n- Something plain happened." in mail.body
        assert mail.body.index("Progress of my initiatives") < mail.body.index("Plain news")  # registration order
    finally:
        KINDS.pop("test_plain", None)
