"""A small world of known events for the indicators' tests, with chosen timestamps (naive UTC).

November 2026 in Amsterdam is [2026-10-31 23:00, 2026-11-30 23:00) UTC (winter time, UTC+1). Items placed at
the edges: 2026-10-31 23:00 UTC is the first moment of 1 November (in), 2026-11-30 22:59 the last minute of
30 November (in), 2026-11-30 23:00 the first moment of 1 December (out).

Places: team A serves district DA with neighbourhoods N1 and N2; team B serves district DB with N3.
The expected figures are worked out by hand in the tests, from the comments here.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from portal.accounts.models import ROLE_WORKER
from portal.complaints.models import Complaint
from portal.extensions import db
from portal.help.models import ACCEPTED, CLOSED, DECLINED, DONE, EXPIRED, HelpMatch, HelpOffer, HelpRequest
from portal.initiatives import lifecycle
from portal.initiatives.models import Initiative, RoleSignup, StatusChange, VolunteerRole
from portal.projects.models import FINISHED, RUNNING, STARTING, Project, ProjectParticipant
from portal.signals.models import MERGED, OPEN, PROJECT, Signal, SignalCluster
from portal.teams.models import DISTRICT, TeamQuestion
from tests.factories.accounts import make_team, make_user
from tests.factories.initiatives import make_area

FIRST_OF_NOVEMBER = datetime(2026, 10, 31, 23, 0)  # 1 Nov 00:00 in Amsterdam
LAST_OF_NOVEMBER = datetime(2026, 11, 30, 22, 59)  # 30 Nov 23:59 in Amsterdam
FIRST_OF_DECEMBER = datetime(2026, 11, 30, 23, 0)  # 1 Dec 00:00 in Amsterdam
LONG_AGO = datetime(2026, 9, 1, 10, 0)


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute)


@dataclass
class World:
    team_a: object
    team_b: object
    district_a: object
    district_b: object
    n1: object
    n2: object
    n3: object
    helper_1: object
    helper_2: object
    volunteer_3: object
    volunteer_4: object
    requester: object


def _request(world, area, created, closed=None, status=CLOSED) -> HelpRequest:
    request = HelpRequest(
        user_id=world.requester.id,
        kind="groceries",
        description="Wie doet boodschappen?",
        area_id=area.id,
        created_at=created,
        expires_at=at(12, 31),
        status=status if closed else "open",
        closed_at=closed,
    )
    db.session.add(request)
    db.session.flush()
    return request


def _match(request, offer, status, decided, yes=True) -> HelpMatch:
    match = HelpMatch(
        request_id=request.id,
        offer_id=offer.id,
        status=status,
        decided_at=decided,
        requester_answer="yes" if yes else "no",
        helper_answer="yes" if yes else None,
        created_at=decided,
    )
    db.session.add(match)
    return match


def _initiative(world, area, submitted, responded=None, final=None, decided=None, initiator=None) -> Initiative:
    initiative = Initiative(
        title="Straatfeest",
        description="Een straatfeest voor iedereen.",
        category="meeting",
        search_terms="",
        initiator_id=(initiator or world.requester).id,
        area_id=area.id,
        status=final or lifecycle.SUBMITTED,
        submitted_at=submitted,
        first_response_at=responded,
        created_at=submitted or LONG_AGO,
    )
    db.session.add(initiative)
    db.session.flush()
    if final:
        db.session.add(StatusChange(initiative_id=initiative.id, from_status="planned", to_status=final, at=decided))
    return initiative


def build() -> World:
    """The world; flushed, not committed."""
    team_a, team_b = make_team("WIJ Team A"), make_team("WIJ Team B")
    district_a = make_area(team_a, "Wijk A", kind=DISTRICT)
    district_b = make_area(team_b, "Wijk B", kind=DISTRICT)
    n1 = make_area(team_a, "Buurt 1", parent=district_a)
    n2 = make_area(team_a, "Buurt 2", parent=district_a)
    n3 = make_area(team_b, "Buurt 3", parent=district_b)

    def resident(area, created=LONG_AGO):
        return make_user(area_id=area.id, created_at=created)

    world = World(
        team_a,
        team_b,
        district_a,
        district_b,
        n1,
        n2,
        n3,
        helper_1=resident(n1),
        helper_2=resident(n3),
        volunteer_3=resident(n1),
        volunteer_4=resident(n2),
        requester=resident(n1),
    )
    # Residents registered: one in N1 in November, one in N3 on 1 December; a worker never counts.
    resident(n1, at(11, 15))
    resident(n3, FIRST_OF_DECEMBER)
    make_user(ROLE_WORKER, teams=[team_a], created_at=at(11, 16))

    # Help offers: helper 1's on the first moment of November (N1), helper 2's in October (N3).
    offer_1 = HelpOffer(
        user_id=world.helper_1.id, description="Boodschappen", area_id=n1.id, created_at=FIRST_OF_NOVEMBER
    )
    offer_2 = HelpOffer(user_id=world.helper_2.id, description="Klussen", area_id=n3.id, created_at=at(10, 1))
    db.session.add_all([offer_1, offer_2])
    db.session.flush()

    # Help requests closed in November: R1 (N1, found in 2 days), R2 (N1, expired on the last minute, no match),
    # R3 (N2, found in 6 days, closed on the first moment of November), R5 (N3, the match was declined).
    # R4 (N3, found in 1 day) closed on the first moment of December. R6 (N1) is still open.
    r1 = _request(world, n1, at(11, 2), at(11, 10), DONE)
    _match(r1, offer_1, DONE, at(11, 4))
    _request(world, n1, at(11, 1), LAST_OF_NOVEMBER, EXPIRED)
    r3 = _request(world, n2, at(10, 20), FIRST_OF_NOVEMBER, DONE)
    _match(r3, offer_1, DONE, at(10, 26))
    r4 = _request(world, n3, at(11, 5), FIRST_OF_DECEMBER, DONE)
    _match(r4, offer_2, ACCEPTED, at(11, 6))
    r5 = _request(world, n3, at(11, 5), at(11, 15), CLOSED)
    _match(r5, offer_2, DECLINED, at(11, 7), yes=False)
    _request(world, n1, at(11, 20))

    # Initiatives: I1 (N1) done on 10 Nov, first response in October; I2 (N2) submitted 3 Nov 09:00, answered
    # 21:00 (half a day), declined 20 Nov; I3 (N3) submitted 1 Nov, answered 9 Nov 10:00 (8 days), withdrawn on
    # the first moment of December; I4 (N1) a draft withdrawn in November (never submitted); I5 (N1) submitted
    # 25 Nov, no response yet.
    i1 = _initiative(world, n1, at(10, 1), at(10, 3), lifecycle.DONE, at(11, 10))
    _initiative(world, n2, at(11, 3, 9), at(11, 3, 21), lifecycle.DECLINED, at(11, 20))
    _initiative(world, n3, at(11, 1, 10), at(11, 9, 10), lifecycle.WITHDRAWN, FIRST_OF_DECEMBER)
    _initiative(world, n1, None, None, lifecycle.WITHDRAWN, at(11, 5))
    _initiative(world, n1, at(11, 25))
    role = VolunteerRole(initiative_id=i1.id, title="Tafels", needed=3, taken=2)
    db.session.add(role)
    db.session.flush()
    # Signed up on 12 Nov: helper 1 (also active in help) and volunteer 3.
    db.session.add_all(
        [
            RoleSignup(role_id=role.id, user_id=world.helper_1.id, created_at=at(11, 12)),
            RoleSignup(role_id=role.id, user_id=world.volunteer_3.id, created_at=at(11, 12)),
        ]
    )

    # Projects: P1 (team A, N2) started 2 Nov; P2 (team B, no area) started in September, finished 20 Nov;
    # P3 (team A, no area) started in October and still running.
    p1 = Project(
        title="Samen eten", goal="Eten", team_id=team_a.id, area_id=n2.id, status=STARTING, created_at=at(11, 2)
    )
    p2 = Project(title="Speeltuin", goal="Spelen", team_id=team_b.id, status=FINISHED, created_at=LONG_AGO)
    p2.finished_at = at(11, 20)
    p3 = Project(title="Tuin", goal="Tuinieren", team_id=team_a.id, status=RUNNING, created_at=at(10, 1))
    db.session.add_all([p1, p2, p3])
    db.session.flush()
    # Joined P1: volunteer 4 on 3 Nov, volunteer 3 on 14 Nov.
    db.session.add_all(
        [
            ProjectParticipant(project_id=p1.id, user_id=world.volunteer_4.id, joined_at=at(11, 3)),
            ProjectParticipant(project_id=p1.id, user_id=world.volunteer_3.id, joined_at=at(11, 14)),
        ]
    )

    # Clusters: C1 (team A) recurring since 5 Nov, taken up in P1; C2 (team A) recurring since 10 Nov, open;
    # C3 (team A) recurring since 11 Nov but merged; C4 (team B) recurring since 30 Oct; C5 (team A) not recurring.
    def cluster(team, since, status=OPEN, project=None, recurring=True):
        db.session.add(
            SignalCluster(
                team_id=team.id,
                status=status,
                recurring=recurring,
                recurring_since=since,
                project_id=project.id if project else None,
                created_at=since or at(11, 1),
            )
        )

    cluster(team_a, at(11, 5), PROJECT, p1)
    cluster(team_a, at(11, 10))
    cluster(team_a, at(11, 11), MERGED)
    cluster(team_b, at(10, 30))
    cluster(team_a, None, recurring=False)

    # Signals: S1 (team A, N1) 5 Nov; S2 (team A, no area) 6 Nov; S3 (team B, N3) 7 Nov; S4 (team A, N2) 1 Dec.
    def signal(team, area, when):
        db.session.add(
            Signal(
                text="Er ligt afval op straat.",
                team_id=team.id,
                area_id=area.id if area else None,
                follow_token=secrets.token_urlsafe(16),
                created_at=when,
            )
        )

    signal(team_a, n1, at(11, 5))
    signal(team_a, None, at(11, 6))
    signal(team_b, n3, at(11, 7))
    signal(team_a, n2, FIRST_OF_DECEMBER)

    # Questions: Q1 (team A) 2 Nov 08:00, answer-by 4 Nov, answered 2 Nov 20:00 (half a day, in time);
    # Q2 (team A) 3 Nov 08:00, answer-by 5 Nov 08:00, answered 6 Nov 08:00 (3 days, late); Q3 (team B) 9 Nov 10:00
    # without an answer-by time, answered 10 Nov 10:00 (1 day); Q4 (team A) not answered.
    def question(team, created, due, answered):
        db.session.add(
            TeamQuestion(
                team_id=team.id,
                name="Bewoner",
                contact="b@example.org",
                message="Vraag",
                created_at=created,
                due_at=due,
                answered_at=answered,
            )
        )

    question(team_a, at(11, 2, 8), at(11, 4, 8), at(11, 2, 20))
    question(team_a, at(11, 3, 8), at(11, 5, 8), at(11, 6, 8))
    question(team_b, at(11, 9, 10), None, at(11, 10, 10))
    question(team_a, at(11, 20), at(11, 24), None)

    # Complaints: K1 (team A) 2 Nov, due 14 Dec, answered 20 Nov (in time); K2 (team A) 3 Nov, due 4 Nov, not
    # answered (due, not in time); K3 (team B) 28 Nov, due 9 Jan, not answered (not due yet on 5 Dec).
    def complaint(team, created, due, answered=None):
        db.session.add(
            Complaint(
                team_id=team.id,
                subject_kind="team",
                message="Klacht",
                created_at=created,
                due_at=due,
                answered_at=answered,
                status="answered" if answered else "new",
            )
        )

    complaint(team_a, at(11, 2), at(12, 14), at(11, 20))
    complaint(team_a, at(11, 3), at(11, 4))
    complaint(team_b, at(11, 28), datetime(2027, 1, 9, 10))
    db.session.flush()
    return world


NOW = datetime(2026, 12, 5, 10, 0)
