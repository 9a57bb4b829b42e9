"""Notifications: always in the app; by mail at once, in the weekly digest, or never."""

from __future__ import annotations

from flask_babel import force_locale, get_locale
from sqlalchemy import select

from portal.extensions import db
from portal.notifications import queries, services
from portal.notifications.models import NEVER, WEEKLY, Notification
from portal.outbox.models import OutboxMessage
from tests.factories import make_user

STATUS = "initiative_status"
COMMENT = "initiative_comment"


def _mails() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_immediately_is_the_default_and_queues_a_mail_at_once(ctx, app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://buurtportaal.example")
    user = make_user(name="Anouk de Vries", locale="en")
    notification = services.notify(user, STATUS, {"title": "Moestuin", "status": "planned"}, "/initiatives/7")

    assert notification.emailed_at is not None and not notification.digest_due
    [mail] = _mails()
    assert mail.recipient == user.email
    assert mail.subject == 'Your initiative "Moestuin" is now: Planned.'
    assert "Hello Anouk," in mail.body
    assert f"https://buurtportaal.example/notifications/{notification.id}/open" in mail.body  # marks it read too
    assert "https://buurtportaal.example/notifications/preferences" in mail.body


def test_the_mail_is_worded_in_the_recipients_language(app, monkeypatch):
    """Whatever language the sender uses, each mail is written in its recipient's."""
    monkeypatch.setattr(services, "describe", lambda kind, params: f"language={get_locale()}")
    with app.test_request_context(headers={"Cookie": "lang=en"}), force_locale("en"):
        dutch, english = make_user(locale="nl"), make_user(locale="en")
        services.notify(dutch, COMMENT, {"title": "Buurtfeest", "author": "Kees"}, "/initiatives/1")
        services.notify(english, COMMENT, {"title": "Buurtfeest", "author": "Kees"}, "/initiatives/1")
        assert [mail.subject for mail in _mails()] == ["language=nl", "language=en_GB"]  # British English
        assert str(get_locale()) == "en"  # the sender's language is back afterwards
        db.session.rollback()


def test_weekly_waits_for_the_digest(ctx):
    user = make_user()
    services.set_preferences(user, {COMMENT: WEEKLY})
    notification = services.notify(user, COMMENT, {"title": "Buurtfeest", "author": "Kees"}, "/initiatives/1")

    assert _mails() == []
    assert notification.digest_due and notification.emailed_at is None


def test_never_sends_no_mail_but_the_notification_is_in_the_app(ctx):
    user = make_user()
    services.set_preferences(user, {STATUS: NEVER})
    services.notify(user, STATUS, {"title": "Schaakclub", "status": "declined"}, "/initiatives/2")

    assert _mails() == []
    assert queries.unread_count(user) == 1
    [stored] = db.session.scalars(queries.notifications_of(user))
    assert not stored.digest_due and stored.emailed_at is None


def test_preferences_are_per_kind(ctx):
    user = make_user()
    services.set_preferences(user, {STATUS: NEVER, COMMENT: WEEKLY, "unknown": WEEKLY, "initiative_changed": "hourly"})
    chosen = services.preferences_for(user)
    assert (chosen[STATUS], chosen[COMMENT]) == (NEVER, WEEKLY)
    assert "unknown" not in chosen
    assert all(chosen[kind] == "immediately" for kind in chosen if kind not in (STATUS, COMMENT))
    services.notify(user, "initiative_cancelled", {"title": "Barbecue"}, "/initiatives/3")
    assert len(_mails()) == 1


def test_digest_sends_one_mail_per_person_with_the_weeks_items(ctx):
    weekly, other, immediate = make_user(locale="en"), make_user(), make_user()
    for user in (weekly, other):
        services.set_preferences(user, {COMMENT: WEEKLY, "initiative_changed": WEEKLY})
    services.notify(weekly, COMMENT, {"title": "Moestuin", "author": "Kees"}, "/initiatives/1")
    services.notify(weekly, "initiative_changed", {"title": "Burendag"}, "/initiatives/2")
    services.notify(other, COMMENT, {"title": "Speeltuin", "author": "Fatima"}, "/initiatives/3")
    services.notify(immediate, COMMENT, {"title": "Moestuin", "author": "Kees"}, "/initiatives/1")
    assert len(_mails()) == 1  # only the immediate one so far

    assert services.send_digests() == 2
    digests = {mail.recipient: mail for mail in _mails()[1:]}
    assert set(digests) == {weekly.email, other.email}
    assert digests[weekly.email].subject == "2 messages from Buurtportaal this week"
    body = digests[weekly.email].body
    assert "Kees reacted to your initiative" in body and 'The date or place of "Burendag" has changed.' in body

    assert services.send_digests() == 0  # nothing twice
    assert db.session.scalar(select(Notification).where(Notification.digest_due.is_(True))) is None


def test_nobody_to_tell(ctx):
    closed = make_user(active=False)
    assert services.notify(None, STATUS, {"title": "x", "status": "done"}, None) is None
    assert services.notify(closed, STATUS, {"title": "x", "status": "done"}, None) is None
    assert _mails() == []


def test_notify_all_tells_each_person_once(ctx):
    one, two = make_user(), make_user()
    sent = services.notify_all([one, two, one, None], "initiative_cancelled", {"title": "Barbecue"}, "/initiatives/4")
    assert [n.user_id for n in sent] == [one.id, two.id]


def test_mark_read_only_touches_the_users_own_notifications(ctx):
    owner, stranger = make_user(), make_user()
    services.set_preferences(owner, {STATUS: NEVER})
    first = services.notify(owner, STATUS, {"title": "a", "status": "done"}, None)
    services.notify(owner, STATUS, {"title": "b", "status": "done"}, None)

    assert services.mark_read(stranger, first.id) is False
    assert services.mark_read(owner, first.id) is True
    assert services.mark_read(owner, first.id) is False  # already read
    assert queries.unread_count(owner) == 1
    assert services.mark_all_read(owner) == 1
    assert queries.unread_count(owner) == 0


def test_a_mail_subject_is_short_and_ends_at_a_sentence_or_a_word():
    from portal.notifications.services import subject_of

    assert subject_of("Kort bericht.") == "Kort bericht."
    long_first = 'Wat jou opviel, hoort nu bij het collectieve project "Schoon speelveld". ' + "Je bent welkom. " * 10
    assert subject_of(long_first) == 'Wat jou opviel, hoort nu bij het collectieve project "Schoon speelveld".'
    words = "woord " * 40
    cut = subject_of(words)
    assert len(cut) <= 100 and cut.endswith("…") and not cut.endswith(" …")
