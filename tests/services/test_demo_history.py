"""The demo's past (portal/demo/history.py): every team's dashboard has living figures for the last full month and
quarter, read from the stored daily counts; the past is finished work, so today's open work is what the feature
demos made; and the same day gives the same past."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.complaints.models import ANSWERED, CLOSED, Complaint
from portal.demo.history import HISTORY_DOMAIN, load_history_demo, plan_history
from portal.demo.history_texts_plans import INITIATIVES
from portal.extensions import db
from portal.help import queries as help_queries
from portal.help import queries_console
from portal.help.models import DONE, LIVE_MATCH, OPEN, HelpMatch, HelpOffer, HelpRequest
from portal.help.safety import suggests_crisis
from portal.inbox.queries import SHOWS, inbox_counts
from portal.indicators import compute, snapshots
from portal.indicators.periods import CITY_SCOPE, MONTH, QUARTER, TEAM, Period, Scope, local_day
from portal.initiatives import lifecycle, search
from portal.initiatives import queries as initiative_queries
from portal.initiatives.models import Initiative, StatusChange
from portal.overview.queries_today import today
from portal.projects.models import FINISHED
from portal.signals import queries as signal_queries
from portal.signals.models import DISMISSED, PROJECT, SignalCluster
from portal.teams.models import QUESTION_CLOSED, Team, TeamQuestion
from portal.timeutil import utcnow

DEMO = "demo.buurtportaal.example"


def _history(model, owner):
    """The rows of ``model`` whose ``owner`` column points at a resident of the past."""
    past = select(User.id).where(User.email.like(f"%@{HISTORY_DOMAIN}"))
    return list(db.session.scalars(select(model).where(owner.in_(past))))


def test_every_team_has_a_living_past_read_from_the_stored_counts(app):
    with app.test_request_context():
        from portal.demo.loader import load_demo

        load_demo()
        teams = list(db.session.scalars(select(Team).order_by(Team.id)))
        assert len(teams) == 11
        day = local_day(utcnow())
        month = Period.containing(day, MONTH).previous()
        quarter = Period.containing(day, QUARTER).previous()
        scopes = [Scope(TEAM, team.id) for team in teams]
        for period in (month, quarter):
            assert snapshots.is_stored(period)  # the dashboards read it from the nightly counts
            stored = snapshots.stored_figures_for(scopes, period)
            live = compute.figures_for(scopes, period)
            for team, scope in zip(teams, scopes, strict=True):
                figures = stored[scope]
                assert figures["help_found_neighbour"].base > 0, (team.slug, period)  # help requests closed
                assert figures["initiatives_realised"].base > 0, (team.slug, period)  # initiatives decided
                assert figures["questions_in_time"].base > 0, (team.slug, period)  # questions answered
                assert figures["residents_registered"].count > 0, (team.slug, period)
                for key in ("help_found_neighbour", "initiatives_realised", "questions_in_time", "signals_reported"):
                    assert (figures[key].count, figures[key].base) == (live[scope][key].count, live[scope][key].base)

        # Plausible for a city: most help finds a neighbour within days, most plans go ahead, most answers in time.
        city = snapshots.figures_from_snapshots(CITY_SCOPE, quarter)
        assert 0.6 <= city["help_found_neighbour"].share <= 0.8
        assert 1 <= city["help_days_to_match"].median_days <= 6 and city["help_days_to_match"].p90_days <= 14
        assert 0.5 <= city["initiatives_realised"].share <= 0.8
        assert 1 <= city["initiative_days_to_response"].median_days <= 8
        assert city["questions_in_time"].share >= 0.75
        assert city["complaints_filed"].count >= 5 and city["complaints_in_time"].share >= 0.6
        assert city["active_volunteers"].count >= 50 and city["signals_reported"].count >= 50
        assert city["help_offers_made"].count > 0 and city["initiatives_submitted"].count > 0
        year_ago = Period.containing(day - timedelta(days=365), QUARTER)
        assert snapshots.figures_from_snapshots(CITY_SCOPE, year_ago)["help_found_neighbour"].base > 0
        db.session.remove()


def test_the_past_is_finished_and_leaves_todays_open_work_as_it_was(app, monkeypatch):
    import portal.demo.loader as loader

    monkeypatch.setattr(loader, "load_history_demo", lambda: 0)
    monkeypatch.setattr(loader, "store_indicator_history", lambda: 0)
    with app.test_request_context():
        loader.load_demo()
        before = _open_work()
        assert load_history_demo() > 5000
        after = _open_work()
        for key, value in before.items():
            if key != "board":
                assert after[key] == value, key
        # The board's "open" view also lists the clusters of finished projects: the past adds only those.
        for team_id, clusters in after["board"].items():
            added = [cid for cid in clusters if cid not in before["board"][team_id]]
            assert [cid for cid in clusters if cid not in added] == before["board"][team_id]
            assert all(db.session.get(SignalCluster, cid).project.status == FINISHED for cid in added)
        assert load_history_demo() == 0  # loading twice adds nothing

        # Everything of the past is closed, in the states the services leave.
        now = utcnow()
        requests = _history(HelpRequest, HelpRequest.user_id)
        assert len(requests) > 500 and all(request.status != OPEN for request in requests)
        for request in requests:
            assert request.created_at < request.closed_at < now and not request.crisis
            assert not suggests_crisis(request.description)
        matches = db.session.scalars(select(HelpMatch).where(HelpMatch.request_id.in_([r.id for r in requests])))
        for match in matches:
            assert match.status not in LIVE_MATCH
            if match.status == DONE:
                assert match.requester_answer == match.helper_answer == "yes" and match.decided_at <= match.closed_at
                assert match.request.status == DONE and match.request.closed_at == match.closed_at
        offers = _history(HelpOffer, HelpOffer.user_id)
        assert offers and all(offer.load == 0 and (offer.paused or not offer.listed) for offer in offers)
        assert all(not suggests_crisis(offer.description) for offer in offers)

        initiatives = _history(Initiative, Initiative.initiator_id)
        assert initiatives and {initiative.status for initiative in initiatives} == set(lifecycle.FINAL)
        for initiative in initiatives:
            changes = list(
                db.session.scalars(
                    select(StatusChange).where(StatusChange.initiative_id == initiative.id).order_by(StatusChange.at)
                )
            )
            assert [change.to_status for change in changes][:2] == [lifecycle.DRAFT, lifecycle.SUBMITTED]
            assert changes[-1].to_status == initiative.status and changes[-1].at < now
            assert initiative.submitted_at == changes[1].at
            if initiative.status in (lifecycle.DECLINED, lifecycle.WITHDRAWN):
                assert changes[-1].reason
            texts = initiative.title, initiative.description, initiative.place, initiative.report
            assert initiative.search_terms == search.search_terms(*texts)
        titles = Counter((initiative.area.team_id, initiative.title) for initiative in initiatives)
        assert max(titles.values()) == 1  # no team has the same plan twice
        assert len({initiative.description for initiative in initiatives}) >= len(INITIATIVES) - 6  # varied
        assert not any("lorem" in initiative.description.lower() for initiative in initiatives)

        questions = _history(TeamQuestion, TeamQuestion.user_id)
        assert questions and all(
            question.status == QUESTION_CLOSED and question.access_digest for question in questions
        )
        for question in questions:
            replies = [m for m in question.messages if m.from_team and not m.internal]
            assert replies[0].created_at == question.answered_at < question.closed_at < now
        complaints = _history(Complaint, Complaint.user_id)
        assert complaints and all(complaint.status in (ANSWERED, CLOSED) for complaint in complaints)
        assert not any(complaint.is_overdue(now) for complaint in complaints)
        clusters = db.session.scalars(
            select(SignalCluster).where(SignalCluster.id.not_in([c for ids in before["board"].values() for c in ids]))
        )
        for cluster in clusters:
            assert cluster.status == DISMISSED or (cluster.status == PROJECT and cluster.project.status == FINISHED)
        db.session.remove()


def test_the_same_day_gives_the_same_past(app):
    with app.test_request_context():
        from portal.teams.loader import load_reference_data

        load_reference_data()
        db.session.flush()
        now = utcnow()
        first, second = plan_history(now), plan_history(now)
        assert first.count() == second.count() > 5000
        for model, rows in first.rows.items():
            others = second.rows[model]
            for row, other in zip(rows, others, strict=True):
                mine = {k: v for k, v in row.values.items() if k not in ("password_hash", "follow_token")}
                theirs = {k: v for k, v in other.values.items() if k not in ("password_hash", "follow_token")}
                assert mine.keys() == theirs.keys()
                for key, value in mine.items():
                    if not callable(value) and not hasattr(value, "values"):
                        assert theirs[key] == value, (model, key)
        db.session.rollback()


def _open_work() -> dict:
    """What workers and residents see as open work today, per screen."""
    teams = list(db.session.scalars(select(Team).order_by(Team.id)))
    coordinator = User.by_email(f"coordinator@{DEMO}")
    work: dict = {}
    for person in [coordinator] + [User.by_email(f"opbouwwerker.{team.slug}@{DEMO}") for team in teams]:
        sections = today(person).sections
        work[f"today {person.email}"] = [(s.kind, s.total, s.overdue, [i.id for i in s.items]) for s in sections]
    for team in teams:
        worker = User.by_email(f"opbouwwerker.{team.slug}@{DEMO}")
        counts = inbox_counts(team, worker)
        work[f"inbox {team.slug}"] = {show: counts[show] for show in SHOWS if show not in ("closed", "all")}
        areas = queries_console.area_ids_of([team], everything=False)
        work[f"console {team.slug}"] = (
            [request.id for request in queries_console.waiting_requests(areas)],
            [match.id for match in queries_console.live_matches(areas)],
            [offer.id for offer in queries_console.flagged_offers(areas)],
        )
        work[f"initiatives {team.slug}"] = (
            [item.initiative.id for item in initiative_queries.waiting_queue([team.id])],
            [initiative.id for initiative in initiative_queries.in_progress([team.id])],
        )
    work["board"] = {
        team.id: [
            cluster.id
            for cluster in db.session.scalars(signal_queries.board_query(team, signal_queries.Filters(slug=team.slug)))
        ]
        for team in teams
    }
    filters = help_queries.Filters()
    work["public requests"] = [r.id for r in db.session.scalars(help_queries.public_requests(filters))]
    work["public offers"] = [o.id for o in db.session.scalars(help_queries.public_offers(filters))]
    work["volunteers wanted"] = [role.id for role, _initiative in initiative_queries.volunteers_wanted(limit=100)]
    return work
