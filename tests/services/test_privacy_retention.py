"""Retention: `flask --app portal privacy purge` removes personal data past its configured period.

Each case puts rows just past and just inside a period and checks that only the first go: anonymous
reporters' contact details (counted from the matter's close: dismissed, or its project finished), closed
help requests' free text, unconfirmed accounts, delivered mail. A second run removes nothing more, and two
runs at the same moment remove everything once.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.accounts import privacy
from portal.accounts.models import ROLE_WORKER, User
from portal.extensions import db
from portal.help.models import CLOSED, DONE, EXPIRED, OPEN, HelpMatch, HelpOffer, HelpRequest
from portal.outbox.models import OutboxMessage
from portal.outbox.services import MAX_ATTEMPTS, queue_mail
from portal.projects import services as projects
from portal.projects.models import FINISHED, RUNNING
from portal.signals import services_board
from portal.signals.models import Signal, SignalCluster
from portal.timeutil import utcnow
from tests.factories import make_area, make_team, make_user
from tests.factories.signals import DAMP, LONELY, make_signal_place, report

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


# --------------------------------------------------------------------------- when a matter closes


@pytest.fixture
def place(ctx):
    return make_signal_place()


def test_dismissing_a_matter_closes_it_and_reopening_opens_it_again(place):
    cluster = report(None, place.area, DAMP, contact_email="buur@example.org").cluster
    when = utcnow() - 3 * DAY
    services_board.dismiss(place.worker, cluster, "Dit is een zaak voor de woningcorporatie.", now=when)
    assert cluster.closed_at == when
    services_board.reopen(place.worker, cluster)
    assert cluster.closed_at is None


def test_finishing_a_project_closes_its_matters_and_releasing_one_opens_it(place):
    cluster = report(place.residents[0], place.area, LONELY[0]).cluster
    data = projects.ProjectInput(
        title="Samen eten", goal="Minder eenzaamheid in de buurt", area=None, lead_worker=place.worker
    )
    project = projects.create_project(place.worker, place.team, data, [cluster])
    projects.set_status(place.worker, project, RUNNING)
    assert cluster.closed_at is None
    when = utcnow() - DAY
    projects.set_status(place.worker, project, FINISHED, "Elke week eten twintig buren samen.", now=when)
    assert project.status == FINISHED and cluster.closed_at == when
    projects.release_cluster(place.worker, project, cluster)
    assert cluster.closed_at is None


# --------------------------------------------------------------------------- what the purge removes


@pytest.fixture
def periods(app, monkeypatch):
    """Short, distinct periods, to show the settings are read (not the defaults)."""
    values = {
        "SIGNAL_CONTACT_RETENTION_DAYS": 300,
        "HELP_TEXT_RETENTION_DAYS": 60,
        "UNCONFIRMED_ACCOUNT_DAYS": 10,
        "OUTBOX_RETENTION_DAYS": 20,
    }
    for name, days in values.items():
        monkeypatch.setitem(app.config, name, days)
    return {name: timedelta(days=days) for name, days in values.items()}


def _anonymous_signal(place, text: str, closed_ago: timedelta | None) -> Signal:
    signal = report(
        None, place.area, text, contact_name="Buurvrouw", contact_email="buur@example.org", contact_phone="06 12345678"
    )
    if closed_ago is not None:
        signal.cluster.closed_at = utcnow() - closed_ago
    db.session.flush()
    return signal


def test_anonymous_reporters_contact_details_go_a_period_after_the_matter_closed(place, periods):
    period = periods["SIGNAL_CONTACT_RETENTION_DAYS"]
    old = _anonymous_signal(place, DAMP, closed_ago=period + HOUR)
    recent = _anonymous_signal(place, LONELY[0], closed_ago=period - HOUR)
    still_open = _anonymous_signal(place, "Hondenpoep op het speelveld bij de school", closed_ago=None)
    assert len({old.cluster_id, recent.cluster_id, still_open.cluster_id}) == 3

    counts = privacy.purge_expired()

    assert counts["signal_contacts_removed"] == 1
    assert (old.contact_name, old.contact_email, old.contact_phone) == (None, None, None)
    assert old.text == DAMP  # the matter itself stays, for the neighbourhood's counts
    assert recent.contact_email == "buur@example.org" and still_open.contact_phone == "06 12345678"


def _help_place():
    team = make_team("WIJ Hulp")
    area = make_area(team)
    return area, make_user(area_id=area.id), make_user(area_id=area.id)


def _request(user, area, status: str, closed_ago: timedelta | None, text: str) -> HelpRequest:
    now = utcnow()
    request = HelpRequest(
        user_id=user.id,
        kind="groceries",
        description=text,
        area_id=area.id,
        status=status,
        expires_at=now,
        closed_at=now - closed_ago if closed_ago else None,
    )
    db.session.add(request)
    db.session.flush()
    return request


def _match(request, offer, **fields) -> HelpMatch:
    match = HelpMatch(
        request_id=request.id,
        offer_id=offer.id,
        note="Jullie wonen dichtbij",
        requester_contact="06 11112222",
        helper_contact="helper@example.org",
        feedback_note="Helper: fijn",
        **fields,
    )
    db.session.add(match)
    db.session.flush()
    return match


def test_closed_help_requests_lose_their_free_text_after_a_period(ctx, periods):
    period = periods["HELP_TEXT_RETENTION_DAYS"]
    area, requester, helper = _help_place()
    offer = HelpOffer(user_id=helper.id, description="Ik doe boodschappen", area_id=area.id)
    one_off = HelpOffer(user_id=helper.id, description="Ik kan je dinsdag helpen", area_id=area.id, listed=False)
    db.session.add_all([offer, one_off])
    old = {
        status: _request(requester, area, status, period + HOUR, f"Oud {status}") for status in (DONE, CLOSED, EXPIRED)
    }
    recent = _request(requester, area, CLOSED, period - HOUR, "Net gesloten")
    still_open = _request(requester, area, OPEN, None, "Nog open")
    old_match = _match(old[DONE], one_off, status="done")
    recent_match = _match(recent, offer, status="cancelled")

    counts = privacy.purge_expired()

    assert [request.description for request in old.values()] == ["", "", ""]
    assert (recent.description, still_open.description) == ("Net gesloten", "Nog open")
    assert (old_match.note, old_match.requester_contact, old_match.helper_contact, old_match.feedback_note) == (
        None,
        None,
        None,
        None,
    )
    assert recent_match.note == "Jullie wonen dichtbij"
    assert one_off.description == "" and offer.description == "Ik doe boodschappen"
    assert (old[DONE].kind, old[DONE].status) == ("groceries", DONE)  # what, and how it ended, stays
    assert counts["help_request_texts_removed"] == 3 and counts["help_match_texts_removed"] == 1


def test_accounts_never_confirmed_are_deleted_after_a_period_with_their_mail(ctx, periods):
    period = periods["UNCONFIRMED_ACCOUNT_DAYS"]
    old = utcnow() - period - HOUR
    stale = make_user(email="nooit@example.org", created_at=old, email_confirmed_at=None)
    queue_mail("nooit@example.org", "Bevestig je adres", "Open deze link")
    kept = {
        "recent": make_user(created_at=utcnow() - period + HOUR, email_confirmed_at=None),
        "confirmed": make_user(created_at=old, email_confirmed_at=old),
        "staff": make_user(ROLE_WORKER, created_at=old, email_confirmed_at=None),
    }
    stale_id = stale.id
    db.session.commit()

    counts = privacy.purge_expired()
    db.session.commit()

    assert counts["unconfirmed_accounts_deleted"] == 1
    assert db.session.get(User, stale_id) is None
    assert all(db.session.get(User, user.id) is not None for user in kept.values())
    assert db.session.scalar(select(func.count()).where(OutboxMessage.recipient == "nooit@example.org")) == 0


def _mail(subject: str, sent_ago: timedelta | None = None, attempts: int = 0, tried_ago: timedelta | None = None):
    mail = queue_mail("buur@example.org", subject, "Tekst")
    db.session.flush()
    now = utcnow()
    mail.sent_at = now - sent_ago if sent_ago is not None else None
    mail.attempts = attempts
    mail.next_attempt_at = now - tried_ago if tried_ago is not None else now
    return mail


def test_delivered_mail_is_deleted_after_a_period_and_queued_mail_is_kept(ctx, periods):
    period = periods["OUTBOX_RETENTION_DAYS"]
    _mail("oud", sent_ago=period + HOUR)
    _mail("opgegeven", attempts=MAX_ATTEMPTS, tried_ago=period + HOUR)
    _mail("recent", sent_ago=period - HOUR)
    _mail("wacht", attempts=3, tried_ago=period + HOUR)  # still being retried
    _mail("nieuw")
    db.session.commit()

    counts = privacy.purge_expired()
    db.session.commit()

    assert counts["outbox_mails_deleted"] == 2
    assert sorted(db.session.scalars(select(OutboxMessage.subject))) == ["nieuw", "recent", "wacht"]


def test_a_second_purge_removes_nothing_more(place, periods):
    _anonymous_signal(place, DAMP, closed_ago=periods["SIGNAL_CONTACT_RETENTION_DAYS"] + DAY)
    _mail("oud", sent_ago=periods["OUTBOX_RETENTION_DAYS"] + DAY)
    db.session.commit()
    first = privacy.purge_expired()
    db.session.commit()
    assert first["signal_contacts_removed"] == 1 and first["outbox_mails_deleted"] == 1
    second = privacy.purge_expired()
    assert set(second.values()) == {0}


def test_two_purges_at_the_same_moment_remove_everything_once(app, periods):
    with app.app_context():
        place = make_signal_place()
        for number in range(3):
            _anonymous_signal(
                place, f"{DAMP} nummer {number}", closed_ago=periods["SIGNAL_CONTACT_RETENTION_DAYS"] + DAY
            )
            _mail(f"oud {number}", sent_ago=periods["OUTBOX_RETENTION_DAYS"] + DAY)
        stale = make_user(created_at=utcnow() - periods["UNCONFIRMED_ACCOUNT_DAYS"] - DAY, email_confirmed_at=None)
        stale_id = stale.id
        db.session.commit()
        db.session.remove()
    barrier, results, errors = threading.Barrier(2), [], []

    def purge() -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                results.append(privacy.purge_expired())
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=purge) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    totals = {what: sum(result[what] for result in results) for what in results[0]}
    assert totals["signal_contacts_removed"] == 3
    assert totals["outbox_mails_deleted"] == 3
    assert totals["unconfirmed_accounts_deleted"] == 1
    with app.app_context():
        assert db.session.get(User, stale_id) is None
        assert db.session.scalar(select(func.count()).where(Signal.contact_email.is_not(None))) == 0
        db.session.remove()


# --------------------------------------------------------------------------- the command


def test_the_command_reports_what_it_removed(app, runner, periods):
    with app.app_context():
        _mail("oud", sent_ago=periods["OUTBOX_RETENTION_DAYS"] + DAY)
        db.session.commit()
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "outbox_mails_deleted: 1" in result.output
    assert "unconfirmed_accounts_deleted: 0" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_the_command_refuses_a_negative_period(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "HELP_TEXT_RETENTION_DAYS", -1)
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 1
    assert "HELP_TEXT_RETENTION_DAYS must be a number of days of 0 or more" in result.output


def test_a_cluster_without_a_close_keeps_its_contacts_however_old(place, periods):
    signal = _anonymous_signal(place, DAMP, closed_ago=None)
    signal.created_at = utcnow() - 10 * periods["SIGNAL_CONTACT_RETENTION_DAYS"]
    assert privacy.purge_expired()["signal_contacts_removed"] == 0
    assert db.session.get(SignalCluster, signal.cluster_id).closed_at is None


# --------------------------------------------------------------------------- the privacy page states it


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_privacy_page_states_the_periods_the_controller_and_where_to_complain(app, client, monkeypatch, language):
    settings = {
        "UNCONFIRMED_ACCOUNT_DAYS": 11,
        "OUTBOX_RETENTION_DAYS": 22,
        "SIGNAL_CONTACT_RETENTION_DAYS": 333,
        "HELP_TEXT_RETENTION_DAYS": 44,
        "CONTROLLER_NAME": "Gemeente Proefstad",
    }
    for name, value in settings.items():
        monkeypatch.setitem(app.config, name, value)
    client.set_cookie("lang", language)
    page = client.get("/privacy")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    for days in (11, 22, 333, 44):
        assert f" {days} " in html
    assert "Gemeente Proefstad" in html
    assert "Autoriteit Persoonsgegevens" in html
    assert 'href="https://autoriteitpersoonsgegevens.nl"' in html


def test_the_controller_is_the_municipality_of_groningen_unless_configured(app):
    assert app.config["CONTROLLER_NAME"] == "Gemeente Groningen"
    assert app.config["SIGNAL_CONTACT_RETENTION_DAYS"] == 365


def test_the_daily_purge_removes_form_keys_older_than_a_day(app, ctx):
    from datetime import timedelta

    from portal.accounts.privacy import purge_expired
    from portal.submissions import FormSubmission
    from portal.timeutil import utcnow

    now = utcnow()
    db.session.add_all(
        [
            FormSubmission(key="old-key", created_at=now - timedelta(days=2)),
            FormSubmission(key="new-key", created_at=now - timedelta(hours=2)),
        ]
    )
    db.session.commit()
    counts = purge_expired(now)
    db.session.commit()
    assert counts["form_keys_deleted"] == 1
    assert [row.key for row in db.session.scalars(select(FormSubmission))] == ["new-key"]
