"""The workers of a cluster's team are told, once, when its signals become a recurring matter.

Placing the signal that makes it recur tells each worker of the team once (with the theme, the neighbourhood
and the counts, linked to the cluster's page); more signals, a signal moved out and back, or the same report
placed twice at the same moment never tell them again; workers of other teams and residents hear nothing.
"""

from __future__ import annotations

import multiprocessing

from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.models import ROLE_WORKER
from portal.extensions import db
from portal.notifications.kinds import describe
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from portal.signals import services_board
from portal.signals.models import SignalCluster
from portal.signals.notification_kinds import SIGNAL_TEAM_RECURRING
from tests.factories import make_user
from tests.factories.signals import DAMP, LONELY, make_signal_place, report

MORE_LONELY = "Mijn moeder is eenzaam, ze ziet bijna nooit iemand en zit de hele dag alleen."


def told(user) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id, Notification.kind == SIGNAL_TEAM_RECURRING)
        )
    )


def _place():
    where = make_signal_place()
    where.second_worker = make_user(ROLE_WORKER, teams=[where.team], name="Willem Twee", locale="en")
    return where


def test_the_signal_that_makes_a_matter_recur_tells_each_worker_of_the_team_once(app):
    with app.app_context():
        place = _place()
        report(place.residents[0], place.area, LONELY[0], theme="loneliness")
        second = report(place.residents[1], place.area, LONELY[1], theme="loneliness")
        assert told(place.worker) == [] and second.cluster.recurring_since is None
        third = report(None, place.area, LONELY[2], theme="loneliness")
        cluster = third.cluster
        assert cluster.recurring and cluster.recurring_since is not None

        for worker in (place.worker, place.second_worker):
            [notification] = told(worker)
            assert notification.params == {"theme": "loneliness", "area": "Zonnebuurt", "signals": 3, "reporters": 3}
            assert notification.link == f"/signals/clusters/{cluster.id}"
        for outsider in (place.other_worker, *place.residents):
            assert told(outsider) == []

        since = cluster.recurring_since
        report(place.residents[2], place.area, MORE_LONELY, theme="loneliness")  # stays recurring: no news
        assert cluster.signal_count == 4 and cluster.recurring_since == since
        assert [len(told(worker)) for worker in (place.worker, place.second_worker)] == [1, 1]
        db.session.rollback()


def test_the_mail_names_the_theme_and_the_neighbourhood_in_the_workers_language(app):
    with app.app_context():
        place = _place()  # the first worker reads Dutch, the second English
        for index, text in enumerate(LONELY):
            report(place.residents[index], place.area, text, theme="loneliness")
        mails = {mail.recipient: mail for mail in db.session.scalars(select(OutboxMessage))}
        english, dutch = mails[place.second_worker.email], mails[place.worker.email]
        assert english.subject == "Signals about loneliness in Zonnebuurt have become a recurring matter."
        assert "recurring matter. 3 signals from 3 different reporters." in english.body
        notification = told(place.second_worker)[0]
        assert f"/notifications/{notification.id}/open" in english.body  # opens the cluster's page, marked read
        assert dutch.subject == "Signalen over eenzaamheid in Zonnebuurt zijn een terugkerend onderwerp geworden."
        assert "terugkerend onderwerp geworden. 3 signalen van 3 verschillende melders." in dutch.body
        subjects = {mail.recipient for mail in mails.values()}
        assert place.other_worker.email not in subjects
        db.session.rollback()


def test_without_a_theme_the_notification_names_the_neighbourhood(app):
    with app.app_context():
        place = _place()
        for index, text in enumerate(LONELY):
            report(place.residents[index], place.area, text)
        [notification] = told(place.second_worker)
        with force_locale("en"):
            assert describe(notification.kind, notification.params).startswith(
                "Signals in Zonnebuurt have become a recurring matter. 3 signals"
            )
        db.session.rollback()


def test_a_merge_that_makes_a_matter_recur_tells_the_other_workers_and_keeps_the_earliest_moment(app):
    with app.app_context():
        place = _place()
        lonely = [report(place.residents[i], place.area, LONELY[i]) for i in range(2)]
        damp = report(place.residents[2], place.area, DAMP)
        target = services_board.merge(place.worker, lonely[0].cluster, damp.cluster)
        assert target.recurring and target.recurring_since is not None
        assert told(place.worker) == []  # the worker who merged knows
        assert len(told(place.second_worker)) == 1 and told(place.other_worker) == []

        since = target.recurring_since
        services_board.move_out(place.worker, damp)  # no longer recurring: the moment is kept
        assert not target.recurring and target.recurring_since == since
        services_board.merge(place.worker, target, damp.cluster)  # recurring again: not news again
        assert target.recurring and target.recurring_since == since
        assert len(told(place.second_worker)) == 1
        db.session.rollback()


def test_merging_a_matter_the_team_knew_into_another_tells_nobody_again(app):
    with app.app_context():
        place = _place()
        recurring = [report(place.residents[i], place.area, LONELY[i]) for i in range(3)][0].cluster
        assert len(told(place.second_worker)) == 1
        damp = report(place.residents[0], place.area, DAMP).cluster
        target = services_board.merge(place.worker, damp, recurring)
        assert target.recurring_since == recurring.recurring_since
        assert len(told(place.second_worker)) == 1
        db.session.rollback()


def _report_at_once(database_uri: str, area_id: int, reporter_id: int, text: str, barrier, results) -> None:
    """One app process reports ``text`` as soon as the other is ready too."""
    from portal import create_app
    from portal.accounts.models import User
    from portal.signals import services
    from portal.teams.models import Area

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_uri, "TESTING": True, "MAIL_SERVER": ""})
    with app.test_request_context():
        area, reporter = db.session.get(Area, area_id), db.session.get(User, reporter_id)
        area.team.slug  # noqa: B018 - loaded before the race starts
        barrier.wait(timeout=30)
        try:
            signal = services.report(reporter, services.SignalInput(text=text, area=area, theme="loneliness"))
            db.session.commit()
            results.put(signal.cluster_id)
        except Exception as error:  # reported to the test, which fails with it
            db.session.rollback()
            results.put(f"error: {error!r}")
        finally:
            db.session.remove()
            db.engine.dispose()


def test_the_same_report_placed_twice_at_the_same_moment_tells_the_team_once(app):
    with app.app_context():
        place = _place()
        report(place.residents[0], place.area, LONELY[0], theme="loneliness")
        report(place.residents[0], place.area, LONELY[1], theme="loneliness")  # two signals, one reporter
        db.session.commit()
        ids = {
            "area": place.area.id,
            "reporter": place.residents[1].id,
            "workers": [place.worker.id, place.second_worker.id],
        }
        db.session.remove()

    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(2), spawn.Queue()
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    processes = [
        spawn.Process(target=_report_at_once, args=(uri, ids["area"], ids["reporter"], LONELY[2], barrier, results))
        for _ in range(2)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=30)

    assert all(isinstance(outcome, int) for outcome in outcomes), outcomes
    assert len(set(outcomes)) == 1  # both in the one cluster, which now recurs
    with app.app_context():
        cluster = db.session.get(SignalCluster, outcomes[0])
        assert cluster.recurring and cluster.signal_count == 4
        for worker_id in ids["workers"]:
            kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == worker_id)).all()
            assert kinds == [SIGNAL_TEAM_RECURRING]
        db.session.remove()
