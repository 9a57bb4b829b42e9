"""The match flow of neighbourly help: propose, answer, contact after two yeses, done, feedback.

Every out-of-order step is refused with a message, and nothing changes when it is.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.errors import DomainError
from portal.extensions import db
from portal.help import services_closing, services_matches, services_safety, services_suggestions
from portal.help.models import ACCEPTED, CANCELLED, CLOSED, DECLINED, DONE, EXPIRED, MATCHED, OPEN, PROPOSED
from portal.notifications.models import Notification
from portal.timeutil import utcnow
from tests.factories import make_user
from tests.factories.help import make_help_place, make_offer, make_request


@pytest.fixture
def place(ctx):
    return make_help_place()


def kinds_of_notifications(user) -> list[str]:
    return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id)))


def test_the_full_flow_shares_contact_only_after_two_yeses_and_asks_for_feedback(place):
    offer = make_offer(place.helper)
    request = make_request(place.requester)

    match = services_matches.propose(place.worker, request, offer, "Hamid woont twee straten verder.")
    assert match.status == PROPOSED and offer.load == 1
    assert "help_match_proposed" in kinds_of_notifications(place.requester)
    assert "help_match_proposed" in kinds_of_notifications(place.helper)
    assert services_matches.contact_of_other_side(place.requester, match) is None

    services_matches.answer(place.requester, match, True, place.requester.phone)
    assert match.status == PROPOSED  # one yes is not enough
    assert services_matches.contact_of_other_side(place.requester, match) is None
    assert services_matches.contact_of_other_side(place.helper, match) is None

    services_matches.answer(place.helper, match, True, place.helper.email)
    assert match.status == ACCEPTED and request.status == MATCHED
    assert services_matches.contact_of_other_side(place.requester, match) == place.helper.email
    assert services_matches.contact_of_other_side(place.helper, match) == "06 11112222"
    assert services_matches.contact_of_other_side(place.worker, match) is None  # workers are not a side
    assert "help_contact_shared" in kinds_of_notifications(place.helper)

    services_matches.finish(place.requester, match)
    assert match.status == DONE and request.status == DONE and offer.load == 0
    assert "help_feedback" in kinds_of_notifications(place.helper)
    services_matches.give_feedback(place.requester, match, True, "Heel fijn, dank je!")
    services_matches.give_feedback(place.helper, match, False)
    assert (match.requester_feedback, match.helper_feedback) == ("worked", "not")
    assert "Heel fijn" in match.feedback_note


def test_a_no_declines_gives_the_place_back_and_opens_the_request_again(place):
    offer = make_offer(place.helper)
    request = make_request(place.requester)
    match = services_matches.propose(place.worker, request, offer)
    services_matches.answer(place.helper, match, False)
    assert match.status == DECLINED and offer.load == 0 and request.status == OPEN
    assert "help_match_declined" in kinds_of_notifications(place.requester)
    again = services_matches.propose(place.worker, request, offer)
    assert again.status == PROPOSED


@pytest.mark.parametrize(
    "step",
    [
        "answer_twice",
        "answer_someone_elses",
        "answer_after_decline",
        "finish_before_accept",
        "feedback_before_done",
        "feedback_twice",
        "propose_twice",
        "propose_other_team",
        "resident_proposes",
        "own_offer",
        "yes_without_contact",
    ],
)
def test_out_of_order_steps_are_refused(place, step):
    offer = make_offer(place.helper)
    request = make_request(place.requester)
    stranger = make_user(area_id=place.area.id, name="Sjaak Vreemd")
    match = services_matches.propose(place.worker, request, offer)
    if step in ("feedback_twice",):
        services_matches.answer(place.requester, match, True, "r@example.org")
        services_matches.answer(place.helper, match, True, "h@example.org")
        services_matches.finish(place.worker, match)
        services_matches.give_feedback(place.requester, match, True)
    before = (match.status, match.requester_answer, match.helper_answer, offer.load, request.status)
    actions = {
        "answer_twice": lambda: (
            services_matches.answer(place.requester, match, True, "r@example.org"),
            services_matches.answer(place.requester, match, False),
        ),
        "answer_someone_elses": lambda: services_matches.answer(stranger, match, True, "s@example.org"),
        "answer_after_decline": lambda: (
            services_matches.answer(place.helper, match, False),
            services_matches.answer(place.requester, match, True, "r@example.org"),
        ),
        "finish_before_accept": lambda: services_matches.finish(place.requester, match),
        "feedback_before_done": lambda: services_matches.give_feedback(place.helper, match, True),
        "feedback_twice": lambda: services_matches.give_feedback(place.requester, match, False),
        "propose_twice": lambda: services_matches.propose(place.worker, request, make_offer(stranger)),
        "propose_other_team": lambda: services_matches.propose(place.other_worker, make_request(stranger), offer),
        "resident_proposes": lambda: services_matches.propose(stranger, make_request(place.helper), offer),
        "own_offer": lambda: services_matches.respond_to_request(place.requester, request, "Ik help mezelf wel.", "x"),
        "yes_without_contact": lambda: services_matches.answer(place.requester, match, True, "  "),
    }
    with pytest.raises(DomainError):
        actions[step]()
    if step not in ("answer_twice", "answer_after_decline"):  # their first step was allowed
        assert (match.status, match.requester_answer, match.helper_answer, offer.load, request.status) == before


def test_an_offer_is_never_matched_beyond_its_capacity(place):
    offer = make_offer(place.helper, capacity=1)
    first = make_request(place.requester)
    second = make_request(make_user(area_id=place.area.id, name="Kees Twee"))
    services_matches.propose(place.worker, first, offer)
    with pytest.raises(DomainError, match="full|vol"):
        services_matches.propose(place.worker, second, offer)
    assert offer.load == 1


def test_a_resident_responds_to_a_request_and_the_requester_decides(place):
    request = make_request(place.requester)
    match = services_matches.respond_to_request(
        place.helper, request, "Ik kan dinsdag met je mee naar de Jumbo.", place.helper.phone
    )
    assert match.helper_answer == "yes" and match.requester_answer is None
    assert match.offer.user_id == place.helper.id and match.offer.capacity == 1  # a one-off offer for this
    assert services_matches.contact_of_other_side(place.requester, match) is None
    services_matches.answer(place.requester, match, True, place.requester.email)
    assert match.status == ACCEPTED
    assert services_matches.contact_of_other_side(place.requester, match) == "06 33334444"


def test_a_resident_asks_for_help_from_an_offer(place):
    offer = make_offer(place.helper, kinds=("groceries", "lift"))
    match = services_matches.respond_to_offer(
        place.requester, offer, "lift", "Kun je me donderdag naar het ziekenhuis brengen?", place.requester.email
    )
    assert match.request.kind == "lift" and match.requester_answer == "yes" and match.helper_answer is None
    assert "help_match_proposed" in kinds_of_notifications(place.helper)


def test_a_crisis_request_waits_for_the_team_and_is_never_matched(place):
    offer = make_offer(place.helper)
    request = make_request(
        place.requester, description="Ik kan niet meer, mijn man slaat me en ik durf niet naar huis."
    )
    assert request.crisis
    with pytest.raises(DomainError):
        services_matches.propose(place.worker, request, offer)
    assert services_suggestions.best_set([place.area.id]) == []


def test_blocked_people_and_flagged_offers_are_not_suggested(place):
    offer = make_offer(place.helper)
    request = make_request(place.requester)
    assert [o.id for o, _s in services_suggestions.suggestions(request)] == [offer.id]
    services_safety.flag_offer(place.worker, offer, "Klachten van buren")
    assert services_suggestions.suggestions(request) == []
    services_safety.flag_offer(place.worker, offer, None)
    services_safety.block_person(place.worker, place.helper, "Niet komen opdagen, twee keer")
    assert services_suggestions.suggestions(request) == []
    services_safety.unblock_person(place.worker, place.helper)
    assert len(services_suggestions.suggestions(request)) == 1


def test_closing_a_request_cancels_its_match_and_frees_the_place(place):
    offer = make_offer(place.helper)
    request = make_request(place.requester)
    match = services_matches.propose(place.worker, request, offer)
    services_closing.close_request(place.requester, request)
    assert request.status == CLOSED and match.status == CANCELLED and offer.load == 0
    with pytest.raises(DomainError):
        services_closing.close_request(place.requester, request)


def test_open_requests_get_a_reminder_then_expire(place):
    request = make_request(place.requester)
    now = utcnow()
    assert services_closing.expire_requests(now) == (0, 0)
    assert services_closing.expire_requests(request.expires_at - timedelta(days=1)) == (1, 0)
    assert "help_request_expiring" in kinds_of_notifications(place.requester)
    assert services_closing.expire_requests(request.expires_at - timedelta(hours=12)) == (0, 0)  # reminded once
    assert services_closing.expire_requests(request.expires_at + timedelta(minutes=1)) == (0, 1)
    assert request.status == EXPIRED


def test_bad_input_is_refused_with_the_field_it_belongs_to(place):
    cases = [
        (lambda: make_offer(place.helper, kinds=()), "kinds"),
        (lambda: make_offer(place.helper, kinds=("juggling",)), "kinds"),
        (lambda: make_offer(place.helper, capacity=0), "capacity"),
        (lambda: make_offer(place.helper, radius_km=80.0), "radius_km"),
        (lambda: make_offer(place.helper, slots=["mon-night"]), "slots"),
        (lambda: make_offer(place.helper, description="hoi"), "description"),
        (lambda: make_request(place.requester, kind="juggling"), "kind"),
        (lambda: make_request(place.requester, description="x" * 2001), "description"),
        (lambda: make_request(place.requester, when="date", slots=[]), "on_date"),
    ]
    for action, field in cases:
        with pytest.raises(DomainError) as refused:
            action()
        assert refused.value.field == field


def test_the_expire_command_reminds_and_expires(app, runner):
    with app.app_context():
        place = make_help_place()
        request = make_request(place.requester)
        request.expires_at = utcnow() + timedelta(days=1)
        db.session.commit()
        request_id = request.id
    result = runner.invoke(args=["help", "expire"])
    assert result.exit_code == 0 and "Reminded 1 requester(s); 0 request(s) expired;" in result.output
    with app.app_context():
        from portal.help.models import HelpRequest

        db.session.get(HelpRequest, request_id).expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    result = runner.invoke(args=["help", "expire"])
    assert "; 1 request(s) expired;" in result.output


def test_a_response_is_private_its_offer_and_request_are_not_listed(place):
    from portal.help import queries

    request = make_request(place.requester)
    match = services_matches.respond_to_request(
        place.helper, request, "Ik woon op Herestraat 12a, kom maar langs.", "x"
    )
    assert not match.offer.listed and not queries.offer_is_public(match.offer)
    services_matches.answer(place.requester, match, False)
    assert match.offer not in db.session.scalars(services_suggestions.available_offers("groceries")).all()

    offer = make_offer(place.helper, kinds=("lift",), capacity=3)
    asked = services_matches.respond_to_offer(
        place.requester, offer, "lift", "Sleutel ligt onder de mat, Vismarkt 3.", "y"
    )
    assert not asked.request.listed and not queries.request_is_public(asked.request)


def test_one_neighbour_cannot_take_every_place_of_an_offer(place):
    offer = make_offer(place.helper, kinds=("lift",), capacity=3)
    services_matches.respond_to_offer(place.requester, offer, "lift", "Kun je me dinsdag naar de markt brengen?", "r")
    with pytest.raises(DomainError):
        services_matches.respond_to_offer(place.requester, offer, "lift", "En woensdag naar de bakker?", "r")
    assert offer.load == 1


def test_flagging_an_offer_stops_its_proposals_and_no_contact_is_shared(place):
    offer = make_offer(place.helper)
    request = make_request(place.requester)
    match = services_matches.propose(place.worker, request, offer)
    services_matches.answer(place.requester, match, True, "r@example.org")
    services_safety.flag_offer(place.worker, offer, "Onveilig gedrag gemeld")
    assert match.status == CANCELLED and offer.load == 0
    with pytest.raises(DomainError):
        services_matches.answer(place.helper, match, True, "h@example.org")
    assert services_matches.contact_of_other_side(place.helper, match) is None


def test_an_inactive_account_is_never_matched(place):
    offer = make_offer(place.helper)
    request = make_request(place.requester)
    place.helper.active = False
    with pytest.raises(DomainError):
        services_matches.propose(place.worker, request, offer)
    assert offer.load == 0


def test_a_match_cannot_be_ended_twice(place):
    offer = make_offer(place.helper, capacity=2)
    request = make_request(place.requester)
    match = services_matches.propose(place.worker, request, offer)
    services_matches.cancel(place.worker, match)
    assert offer.load == 0
    with pytest.raises(DomainError):
        services_matches.cancel(place.worker, match)
    assert services_matches.end_match(match, utcnow()) is False and offer.load == 0


def test_suggestions_and_the_best_set_reach_neighbours_nearby_but_not_across_the_city(place):
    from tests.factories.initiatives import make_area

    nearby = make_area(place.team, "Buurtje ernaast")
    nearby.latitude, nearby.longitude = 53.2460, 6.5500  # about 0.7 km north
    far = make_area(place.team, "Andere kant")
    far.latitude, far.longitude = 53.1900, 6.6200  # about 7 km away
    here = make_offer(place.helper)  # own neighbourhood only
    close = make_offer(make_user(area_id=nearby.id, name="Bep Dichtbij"), radius_km=2.0)
    distant = make_offer(make_user(area_id=far.id, name="Ver Weg"), radius_km=2.0)
    request = make_request(place.requester)
    found = {offer.id for offer, _suggestion in services_suggestions.suggestions(request)}
    assert {here.id, close.id} <= found and distant.id not in found
    assert [(r.id, o.id) for r, o, _score in services_suggestions.best_set([place.area.id])][0][0] == request.id


def test_a_proposal_nobody_answers_gives_its_place_back_after_a_week(place):
    offer = make_offer(place.helper)
    request = make_request(place.requester)
    match = services_matches.propose(place.worker, request, offer)
    assert services_closing.withdraw_stale_proposals(utcnow() + timedelta(days=6)) == 0
    assert services_closing.withdraw_stale_proposals(utcnow() + timedelta(days=8)) == 1
    assert match.status == CANCELLED and offer.load == 0 and request.status == OPEN
    assert kinds_of_notifications(place.helper).count("help_match_declined") == 1


def test_no_neighbour_can_answer_a_request_held_for_the_team(place):
    held = make_request(place.requester, description="Wie helpt mij met de brief van de deurwaarder?")
    assert held.held_at is not None
    with pytest.raises(DomainError) as refused:
        services_matches.respond_to_request(place.helper, held, "Ik kan helpen.", place.helper.email)
    assert refused.value.field == "message" and services_matches.live_match_of(held) is None


def test_an_edit_that_turns_a_request_into_a_crisis_tells_the_team(place):
    from portal.help import services_editing
    from portal.help.services import RequestInput

    request = make_request(place.requester)
    data = RequestInput(kind="groceries", description="Noodgeval: ik ben uit huis gezet en heb geen eten meer.")
    services_editing.edit_request(place.requester, request, data)
    assert request.crisis
    told = db.session.scalars(select(Notification.kind).where(Notification.user_id == place.worker.id)).all()
    assert "help_team_held" in told
