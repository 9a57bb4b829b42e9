"""The demo neighbourly help loads on top of the demo accounts, consistent with the services, once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.demo.help import load_help_demo
from portal.extensions import db
from portal.help import services, services_matches, services_suggestions
from portal.help.models import (
    ACCEPTED,
    DECLINED,
    DONE,
    LIVE_MATCH,
    OPEN,
    PROPOSED,
    WHEN_DATE,
    WHEN_PERIOD,
    WHEN_SLOTS,
    HelpMatch,
    HelpOffer,
    HelpRequest,
)
from portal.help.safety import suggests_crisis
from portal.teams.models import Area, Team
from portal.timeutil import utcnow

DEMO = "demo.buurtportaal.example"


def test_the_demo_help_is_consistent_alive_and_loads_once(app):
    with app.test_request_context():
        from portal.demo.loader import load_demo

        load_demo()  # reference data, demo accounts and every feature's demo content; commits
        offers = list(db.session.scalars(select(HelpOffer)))
        requests = list(db.session.scalars(select(HelpRequest)))
        matches = list(db.session.scalars(select(HelpMatch)))
        assert len(offers) >= 12 and len(requests) >= 12
        assert sum(offer.paused for offer in offers if offer.user.email.endswith(f"@{DEMO}")) == 1  # the past's: paused
        assert {PROPOSED, ACCEPTED, DONE, DECLINED} <= {match.status for match in matches}
        assert {WHEN_SLOTS, WHEN_DATE, WHEN_PERIOD} <= {request.when for request in requests}
        assert sum(request.status == OPEN for request in requests) >= 8
        assert any(request.urgency == "high" for request in requests)

        # Loads match the live matches; contact only where both said yes; feedback once done.
        for offer in offers:
            live = sum(match.offer_id == offer.id and match.status in LIVE_MATCH for match in matches)
            assert offer.load == live <= offer.capacity
        for match in matches:
            both_yes = match.requester_answer == "yes" and match.helper_answer == "yes"
            assert (match.status in (ACCEPTED, DONE)) == both_yes
            if both_yes:
                assert match.requester_contact and match.helper_contact
                assert services_matches.contact_of_other_side(match.request.user, match) == match.helper_contact
            if match.status == DONE:
                assert match.request.status == DONE
                assert match.requester_feedback and match.helper_feedback
            assert match.request.created_at <= match.created_at < utcnow()

        # A calm demo: nothing reads as a crisis. Ages in the past, expiry counted from creation.
        now = utcnow()
        for request in requests:
            assert not request.crisis and not suggests_crisis(request.description)
            assert request.created_at < now
            if request.user.email.endswith(f"@{DEMO}"):  # today's stories; portal/demo/history.py adds the past
                assert now - timedelta(days=21) < request.created_at
            if request.when == WHEN_SLOTS:
                assert request.expires_at - request.created_at == services.REQUEST_LIFETIME
            if request.status == OPEN:
                assert request.expires_at > now
        assert not any(suggests_crisis(offer.description) for offer in offers)

        # The demo resident has a proposed match to answer; the Selwerd console has suggestions.
        resident = User.by_email(f"bewoner@{DEMO}")
        waiting = [m for m in matches if m.request.user_id == resident.id and m.status == PROPOSED]
        assert waiting and waiting[0].requester_answer is None and waiting[0].helper_answer == "yes"
        worker = User.by_email(f"opbouwwerker.selwerd@{DEMO}")
        selwerd = db.session.scalar(select(Team).where(Team.slug == "selwerd"))
        areas = list(db.session.scalars(select(Area.id).where(Area.team_id == selwerd.id)))
        open_here = list(db.session.scalars(services_suggestions.open_requests(areas)))
        assert len(open_here) >= 3
        assert all(services_matches.may_match_for(worker, request) for request in open_here)
        assert sum(bool(services_suggestions.suggestions(request)) for request in open_here) >= 3

        assert load_help_demo() == 0
        assert db.session.scalar(select(func.count(HelpOffer.id))) == len(offers)
        db.session.remove()
