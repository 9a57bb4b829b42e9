"""The community workers' cluster board: the overview, a team's board, a group's page and its actions."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER, User
from portal.audit import AuditEntry
from portal.extensions import db
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from portal.projects.models import Project
from portal.signals import services, services_board, services_reporters
from portal.signals.models import DISMISSED, MERGED, OPEN, ClusterEvent, Signal, SignalCluster
from portal.teams.models import Area, Team
from tests.factories import make_team, make_user
from tests.factories.signals import DAMP, LONELY, make_signal_place, report

MOULD_2 = "Bij ons in de flat zit overal schimmel, het ruikt muf en vochtig."
TEAM_ONLY = '<span class="badge badge-team-only">Only visible to the team</span>'


@pytest.fixture
def place(app):
    """A team area with a recurring group (three residents about loneliness) and a damp report
    from an anonymous resident who left contact details; ids only."""
    with app.app_context():
        where = make_signal_place()
        lonely = [
            report(resident, where.area, text, "loneliness", when=datetime(2025, 3, day, 10))
            for resident, text, day in zip(where.residents, LONELY, (3, 10, 17), strict=True)
        ]
        damp = report(
            None,
            where.area,
            DAMP,
            "housing",
            when=datetime(2025, 4, 2, 9),
            contact_name="Anoniem Buurman",
            contact_email="buurman@example.org",
            contact_phone="06 12345678",
            place="Zonnestraat",
        )
        coordinator = make_user(ROLE_COORDINATOR, name="Cora Coördinator")
        for person in (where.worker, coordinator):
            person.locale = "en"
        db.session.commit()
        ids = {
            "team": where.team.slug,
            "worker": where.worker.id,
            "other_worker": where.other_worker.id,
            "coordinator": coordinator.id,
            "resident": where.residents[0].id,
            "area": where.area.id,
            "lonely": lonely[0].cluster_id,
            "lonely_signals": [signal.id for signal in lonely],
            "damp": damp.cluster_id,
            "damp_signal": damp.id,
        }
        db.session.remove()
    assert ids["lonely"] != ids["damp"]
    return ids


def set_locale(app, user_id: int, locale: str) -> None:
    with app.app_context():
        db.session.get(User, user_id).locale = locale
        db.session.commit()


def cluster_of(app, cluster_id: int) -> SignalCluster:
    with app.app_context():
        cluster = db.session.get(SignalCluster, cluster_id)
        db.session.expunge(cluster)
        return cluster


def actions(app, cluster_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(ClusterEvent.action).where(ClusterEvent.cluster_id == cluster_id).order_by(ClusterEvent.id)
            )
        )


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


# --------------------------------------------------------------------------- access


def test_board_overview_sends_a_worker_with_one_team_to_its_board(auth, place):
    response = auth.client(place["worker"]).get("/signals/board")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/signals/board/{place['team']}")


def test_coordinators_see_every_team_with_its_open_and_recurring_groups(auth, place):
    response = auth.client(place["coordinator"]).get("/signals/board")
    assert response.status_code == 200
    page = text_of(response)
    row = re.search(r"WIJ Signaalteam</a></th> <td>(\d+)</td> <td><span class=\"badge badge-recurring\">(\d+)", page)
    assert row is not None and row.groups() == ("2", "1")
    assert "WIJ Elders" in page


def test_residents_and_visitors_do_not_see_the_board(auth, client, place):
    assert auth.client(place["resident"]).get("/signals/board").status_code == 403
    assert "/account/login" in client.get(f"/signals/board/{place['team']}").headers["Location"]


def test_another_teams_worker_is_refused(app, auth, place):
    other = auth.client(place["other_worker"])
    assert other.get(f"/signals/board/{place['team']}").status_code == 403
    assert other.get(f"/signals/clusters/{place['lonely']}").status_code == 403
    assert (
        other.post(f"/signals/clusters/{place['lonely']}/dismiss", data={"reason": "Niet voor ons."}).status_code == 403
    )
    assert other.post(f"/signals/signals/{place['damp_signal']}/move-out").status_code == 403
    assert cluster_of(app, place["lonely"]).status == OPEN


def test_unknown_groups_and_teams_are_not_found(auth, place):
    coordinator = auth.client(place["coordinator"])
    assert coordinator.get("/signals/clusters/999999").status_code == 404
    assert coordinator.get("/signals/board/no-such-team").status_code == 404
    assert coordinator.post("/signals/signals/999999/move-out").status_code == 404


# --------------------------------------------------------------------------- the board


def test_the_board_shows_recurring_groups_first_with_counts_span_and_representative(app, auth, place):
    response = auth.client(place["worker"]).get(f"/signals/board/{place['team']}")
    assert response.status_code == 200
    page = text_of(response)
    lonely_at = page.index(f"/signals/clusters/{place['lonely']}")
    damp_at = page.index(f"/signals/clusters/{place['damp']}")
    assert lonely_at < damp_at  # recurring first, although the damp report is more recent
    row = page[lonely_at - 200 : damp_at]
    assert "Recurring" in row
    assert re.search(r"<td>3</td> <td>3</td>", row)  # three signals from three reporters
    assert "3 Mar 2025" in row and "17 Mar 2025" in row
    with app.app_context():
        chosen = services.representative(db.session.get(SignalCluster, place["lonely"]))
        assert chosen.text[:40] in row
    assert "Open" in row


def test_reasons_are_shown_in_the_readers_language(app, auth, place):
    client = auth.client(place["worker"])
    english = text_of(client.get(f"/signals/board/{place['team']}"))
    assert "loneliness" in english and "eenzaamheid" not in english
    assert "Only visible to the team" in text_of(client.get(f"/signals/clusters/{place['damp']}"))  # contact details
    set_locale(app, place["worker"], "nl")
    dutch = text_of(client.get(f"/signals/board/{place['team']}"))
    assert "eenzaamheid" in dutch
    dutch_page = text_of(client.get(f"/signals/clusters/{place['lonely']}"))
    assert "eenzaamheid" in dutch_page
    assert "Only visible to the team" not in dutch_page and "Move out of this group" not in dutch_page
    assert "Only visible to the team" not in text_of(client.get(f"/signals/clusters/{place['damp']}"))


def test_why_together_shows_the_words_residents_wrote_and_nothing_for_a_lone_signal(app, auth, place):
    with app.app_context():
        area = db.session.get(Area, place["area"])
        for day, text in enumerate(
            (
                "Onze energierekening is veel te hoog, we kunnen de energierekening bijna niet betalen.",
                "De energierekeningen stijgen en de energierekening is niet meer te betalen.",
            ),
            start=5,
        ):
            energy = report(None, area, text, "money", when=datetime(2025, 4, day))
        db.session.commit()
        energy_id = energy.cluster_id
    client = auth.client(place["worker"])
    board = text_of(client.get(f"/signals/board/{place['team']}"))
    row = board[board.index(f"/signals/clusters/{energy_id}") :]
    assert "<li>energierekening</li>" in row and "energierekeen" not in board
    damp_row = board[board.index(f"/signals/clusters/{place['damp']}") :]
    assert "Nothing shared yet" in damp_row.split("</tr>")[0]  # one signal: nothing "together"
    damp_page = text_of(client.get(f"/signals/clusters/{place['damp']}"))
    why = damp_page[damp_page.index("Why together") :]
    assert "Nothing shared yet" in why.split("</dd>")[0]


def test_the_board_filters_by_status_and_theme(auth, place):
    client = auth.client(place["worker"])
    housing = text_of(client.get(f"/signals/board/{place['team']}?theme=housing"))
    assert f"/signals/clusters/{place['damp']}" in housing
    assert f"/signals/clusters/{place['lonely']}" not in housing
    dismissed = text_of(client.get(f"/signals/board/{place['team']}?show=dismissed"))
    assert "/signals/clusters/" not in dismissed
    everything = text_of(client.get(f"/signals/board/{place['team']}?show=all&theme=nonsense&page=x"))
    assert f"/signals/clusters/{place['lonely']}" in everything


def test_the_theme_filter_kept_in_the_shared_cache_lists_a_theme_as_soon_as_a_signal_uses_it(
    app, auth, place, monkeypatch
):
    from portal import cache

    monkeypatch.setattr(cache, "quicker_than_a_query", lambda: True)  # as with Redis
    client = auth.client(place["worker"])

    def themes() -> list[str]:
        page = text_of(client.get(f"/signals/board/{place['team']}"))
        field = page[page.index('<select id="theme"') : page.index("</select>", page.index('<select id="theme"'))]
        return re.findall(r'<option value="([a-z_]+)"', field)

    assert themes() == themes() == ["loneliness", "housing"]  # the second from the cache
    with app.app_context():
        report(None, db.session.get(Area, place["area"]), "Er wordt 's nachts veel te hard gereden.", "safety_traffic")
        db.session.commit()
    assert themes() == ["loneliness", "housing", "safety_traffic"]


def test_the_board_pages(app, auth, place):
    """Signals further apart than the window never share a group: 21 more groups, two pages."""
    with app.app_context():
        area = db.session.get(Area, place["area"])
        for n in range(21):
            when = datetime(2010, 1, 1) + timedelta(days=200 * n)
            report(None, area, "De lantaarnpaal in onze straat is al weken kapot.", None, when=when)
        db.session.commit()
        assert db.session.query(SignalCluster).count() == 23
    client = auth.client(place["worker"])
    first = text_of(client.get(f"/signals/board/{place['team']}"))
    assert "23 groups" in first and 'rel="next"' in first
    assert f"/signals/clusters/{place['lonely']}" in first  # recurring first, on page one
    second = client.get(f"/signals/board/{place['team']}?page=2")
    assert second.status_code == 200
    assert text_of(second).count('href="/signals/clusters/') == 3
    assert f'href="/signals/board/{place["team"]}" data-hx-get' in text_of(second)  # back to page one
    fragment = client.get(f"/signals/board/{place['team']}?page=2", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True) and 'rel="prev"' in fragment.get_data(as_text=True)
    beyond = client.get(f"/signals/board/{place['team']}?page=5")  # counted without rows to count with
    assert beyond.status_code == 200 and "23 groups" in text_of(beyond)


# --------------------------------------------------------------------------- a group's page


def test_the_group_page_shows_every_signal_its_source_and_the_history(auth, place):
    response = auth.client(place["worker"]).get(f"/signals/clusters/{place['lonely']}")
    assert response.status_code == 200
    page = text_of(response)
    for text in LONELY:
        assert text.replace("'", "&#39;") in page
    assert "Riet Vos" in page and "Hamid Bakr" in page
    assert "resident with an account" in page
    assert "Loneliness" in page  # the theme
    assert "Zonnebuurt" in page
    assert "A new signal started this group" in page
    assert "Merge with another group" in page and "Dismiss this group" in page


def test_anonymous_contact_details_are_for_the_team_on_the_group_page_only(app, auth, client, place):
    worker = auth.client(place["worker"])
    page = text_of(worker.get(f"/signals/clusters/{place['damp']}"))
    assert "buurman@example.org" in page and "06 12345678" in page and "Anoniem Buurman" in page
    contact = page.index("buurman@example.org")
    assert TEAM_ONLY in page[contact - 600 : contact + 600]  # labelled next to the details
    assert "buurman@example.org" not in text_of(worker.get(f"/signals/board/{place['team']}"))
    assert auth.client(place["other_worker"]).get(f"/signals/clusters/{place['damp']}").status_code == 403
    assert auth.client(place["resident"]).get(f"/signals/clusters/{place['damp']}").status_code == 403
    with app.app_context():
        follow = services_reporters.follow_link(db.session.get(Signal, place["damp_signal"]))
    public = ["/", "/signals/board", follow, "/signals/report/similar?text=Schimmel+en+vocht+in+de+badkamer"]
    for url in public:
        body = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert "buurman@example.org" not in body and "12345678" not in body, url


def test_a_partner_signal_names_the_organisation_and_who_recorded_it(app, auth, place):
    with app.app_context():
        data = services.SignalInput(
            text="Huurder belt vaak: hij voelt zich eenzaam en heeft niemand om mee te praten.",
            area=db.session.get(Area, place["area"]),
            theme="loneliness",
            source="housing_corporation",
            source_name="Lefier",
        )
        signal = services.report(None, data, recorded_by=db.session.get(User, place["worker"]))
        db.session.commit()
        cluster_id = signal.cluster_id
    page = text_of(auth.client(place["worker"]).get(f"/signals/clusters/{cluster_id}"))
    assert "Housing corporation: Lefier" in page
    assert "recorded by Wendy Werker" in page


def test_merge_choices_list_the_most_similar_group_first(app, auth, place):
    with app.app_context():
        area = db.session.get(Area, place["area"])
        mould = report(None, area, MOULD_2, "housing", when=datetime(2025, 4, 3, 9))
        assert mould.cluster_id == place["damp"]  # about the same matter: placed together
        mould_id = services_board.move_out(db.session.get(User, place["worker"]), mould).id
        db.session.commit()
    page = text_of(auth.client(place["worker"]).get(f"/signals/clusters/{place['damp']}"))
    options = re.findall(r'<option value="(\d+)"', page)
    assert options[0] == str(mould_id)
    assert str(place["lonely"]) in options


# --------------------------------------------------------------------------- actions


def test_merge_through_the_page_moves_the_signals_and_is_in_both_histories(app, auth, place):
    client = auth.client(place["worker"])
    response = client.post(f"/signals/clusters/{place['lonely']}/merge", data={"other": str(place["damp"])})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/signals/clusters/{place['lonely']}")
    target, source = cluster_of(app, place["lonely"]), cluster_of(app, place["damp"])
    assert target.signal_count == 4 and source.status == MERGED and source.merged_into_id == target.id
    assert "merged_in" in actions(app, place["lonely"]) and "merged_away" in actions(app, place["damp"])
    page = text_of(client.get(f"/signals/clusters/{place['lonely']}", follow_redirects=True))
    assert "is merged into this one" in page  # the flash
    assert f"merged group {place['damp']}" in re.sub(r"<[^>]+>", "", page)
    merged = text_of(client.get(f"/signals/clusters/{place['damp']}"))
    assert f'href="/signals/clusters/{place["lonely"]}"' in merged
    assert "its signals are now in" in merged
    with app.app_context():
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "signals.merge")) is not None


def test_a_group_taken_up_in_a_project_links_to_it(app, auth, place):
    with app.app_context():
        worker = db.session.get(User, place["worker"])
        cluster = db.session.get(SignalCluster, place["lonely"])
        project = Project(title="Samen aan tafel", goal="Elke week samen eten", team=cluster.team, lead_worker=worker)
        db.session.add(project)
        db.session.flush()
        services_board.take_up(worker, cluster, project)
        db.session.commit()
        project_id = project.id
    client = auth.client(place["worker"])
    for url in (f"/signals/board/{place['team']}", f"/signals/clusters/{place['lonely']}"):
        page = text_of(client.get(url))
        assert f'<a href="/projects/{project_id}">Samen aan tafel</a>' in page
    history = text_of(client.get(f"/signals/clusters/{place['lonely']}"))
    assert "Wendy Werker took this group up in the collective project" in history
    assert "Turn into a collective project" not in history  # it is one already


def test_merge_without_a_choice_is_refused_next_to_the_field(app, auth, place):
    client = auth.client(place["worker"])
    response = client.post(f"/signals/clusters/{place['lonely']}/merge", data={})
    assert response.status_code == 422
    page = text_of(response)
    assert 'id="other-error"' in page and "Choose a group from the list." in page
    assert '<a href="#other">Choose a group from the list.</a>' in page  # the summary leads to the field
    response = client.post(f"/signals/clusters/{place['lonely']}/merge", data={"other": str(place["lonely"])})
    assert response.status_code == 422
    assert cluster_of(app, place["lonely"]).signal_count == 3


def test_move_out_through_the_page(app, auth, place):
    client = auth.client(place["worker"])
    moved = place["lonely_signals"][2]
    page = text_of(client.get(f"/signals/clusters/{place['lonely']}"))
    assert f'action="/signals/signals/{moved}/move-out"' in page
    response = client.post(f"/signals/signals/{moved}/move-out")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/signals/clusters/{place['lonely']}")
    with app.app_context():
        new_id = db.session.get(Signal, moved).cluster_id
    assert new_id != place["lonely"]
    assert cluster_of(app, place["lonely"]).signal_count == 2
    assert "moved_out" in actions(app, place["lonely"]) and "moved_in" in actions(app, new_id)
    history = text_of(client.get(f"/signals/clusters/{place['lonely']}"))
    assert "Wendy Werker moved a signal out of this group into" in history
    # A signal on its own cannot be moved out: the page says so next to it.
    refused = client.post(f"/signals/signals/{moved}/move-out")
    assert refused.status_code == 422
    assert "This signal is already on its own." in text_of(refused)


def test_dismiss_without_a_reason_is_refused_and_keeps_the_page(app, auth, place):
    client = auth.client(place["worker"])
    response = client.post(f"/signals/clusters/{place['lonely']}/dismiss", data={"reason": ""})
    assert response.status_code == 422
    page = text_of(response)
    assert 'id="reason-error"' in page and 'aria-invalid="true"' in page
    assert "Say in a sentence why" in page
    short = client.post(f"/signals/clusters/{place['lonely']}/dismiss", data={"reason": "nee"})
    assert short.status_code == 422
    assert ">nee</textarea>" in text_of(short)  # what was typed stays
    assert cluster_of(app, place["lonely"]).status == OPEN


def test_dismiss_and_reopen_through_the_page(app, auth, place):
    client = auth.client(place["worker"])
    reason = "De gemeente pakt dit al op met het project Samen Oud."
    response = client.post(f"/signals/clusters/{place['lonely']}/dismiss", data={"reason": reason})
    assert response.status_code == 303
    cluster = cluster_of(app, place["lonely"])
    assert cluster.status == DISMISSED and cluster.dismissed_reason == reason
    page = text_of(client.get(f"/signals/clusters/{place['lonely']}"))
    assert "The group is dismissed" in page and f"Reason: {reason}" in page
    assert "Reopen this group" in page
    dismissed_board = text_of(client.get(f"/signals/board/{place['team']}?show=dismissed"))
    assert f"/signals/clusters/{place['lonely']}" in dismissed_board
    assert f"/signals/clusters/{place['lonely']}" not in text_of(client.get(f"/signals/board/{place['team']}"))
    with app.app_context():  # the three reporters are told in the app
        told = db.session.scalars(select(Notification.user_id).where(Notification.kind == "signal_dismissed")).all()
        assert len(told) == 3
    response = client.post(f"/signals/clusters/{place['lonely']}/reopen")
    assert response.status_code == 303
    assert cluster_of(app, place["lonely"]).status == OPEN
    assert actions(app, place["lonely"])[-2:] == ["dismissed", "reopened"]
    assert "Wendy Werker reopened this group." in text_of(client.get(f"/signals/clusters/{place['lonely']}"))
    refused = client.post(f"/signals/clusters/{place['lonely']}/reopen")
    assert refused.status_code == 422 and "Only a dismissed group can be reopened." in text_of(refused)


def test_dismissing_tells_an_anonymous_reporter_by_mail(app, auth, place):
    client = auth.client(place["worker"])
    reason = "Dit is een zaak voor de verhuurder; wij hebben het doorgegeven."
    assert client.post(f"/signals/clusters/{place['damp']}/dismiss", data={"reason": reason}).status_code == 303
    with app.app_context():
        mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "buurman@example.org"))
        assert mail is not None and reason in mail.body  # the team's words
        assert "Anoniem Buurman" not in mail.body and "Buurman" not in mail.body  # never the name a visitor typed


def test_what_only_the_team_sees_is_labelled_on_the_board_and_a_groups_page(auth, place):
    worker = auth.client(place["worker"])
    board = text_of(worker.get(f"/signals/board/{place['team']}"))
    header = board.index("What it is about")
    assert TEAM_ONLY in board[header : header + 200]  # the column of residents' texts
    page = text_of(worker.get(f"/signals/clusters/{place['lonely']}"))
    representative = page.index("board-representative")
    assert TEAM_ONLY in page[representative - 300 : representative]
    for heading in ("signals-heading", "history-heading"):
        start = page.index(f'id="{heading}"')
        assert TEAM_ONLY in page[start : page.index("</h2>", start)]


def test_a_worker_of_several_teams_chooses_a_team(app, auth, place):
    with app.app_context():
        team = db.session.scalar(select(Team).where(Team.slug == place["team"]))
        worker = make_user(ROLE_WORKER, teams=[team, make_team("WIJ Tweede")], locale="en")
        db.session.commit()
        worker_id = worker.id
    page = text_of(auth.client(worker_id).get("/signals/board"))
    assert "WIJ Tweede" in page and "WIJ Signaalteam" in page and "WIJ Elders" not in page


def test_the_same_merge_sent_twice_and_the_opposite_one_are_refused_plainly_and_recorded_once(app, auth, place):
    client = auth.client(place["worker"])
    merge = f"/signals/clusters/{place['lonely']}/merge"
    assert client.post(merge, data={"other": str(place["damp"])}).status_code == 303
    again = client.post(merge, data={"other": str(place["damp"])})  # the same form, sent again
    assert again.status_code == 422 and "Choose a group from the list." in text_of(again)
    opposite = client.post(f"/signals/clusters/{place['damp']}/merge", data={"other": str(place["lonely"])})
    assert opposite.status_code == 422
    assert actions(app, place["lonely"]).count("merged_in") == 1
    assert actions(app, place["damp"]).count("merged_away") == 1
    assert cluster_of(app, place["lonely"]).signal_count == 4


# --------------------------------------------------------------------------- long groups


def test_a_long_groups_signals_and_history_are_paged(app, auth, place):
    with app.app_context():
        area = db.session.get(Area, place["area"])
        for number in range(30):
            report(None, area, f"{LONELY[number % 3]} Melding {number}.", "loneliness",
                   when=datetime(2025, 3, 20, 8) + timedelta(hours=number), join_cluster_id=place["lonely"])  # fmt: skip
        db.session.commit()
    client = auth.client(place["worker"])
    first = text_of(client.get(f"/signals/clusters/{place['lonely']}"))
    assert "Signals in this group (33)" in first
    assert first.count('class="card board-signal"') == 25
    signals = first[first.index('id="signals"') : first.index('id="history"')]
    assert "Melding 21." in signals and "Melding 22." not in signals  # oldest first: 3 + 22 signals
    assert f'href="/signals/clusters/{place["lonely"]}?page=2"' in first
    assert first.count("because it is about the same matter") + first.count('("this is it")') <= 20
    second = text_of(client.get(f"/signals/clusters/{place['lonely']}?page=2"))
    assert second.count('class="card board-signal"') == 8 and "Melding 29." in second
    assert '<ol class="board-signals" start="26">' in second
    older = text_of(client.get(f"/signals/clusters/{place['lonely']}?history=2"))
    assert "A new signal started this group" in older and "A new signal started this group" not in first
    beyond = text_of(client.get(f"/signals/clusters/{place['lonely']}?history=5"))
    assert "Page 5 of 2" in beyond and f'href="/signals/clusters/{place["lonely"]}?history=4" rel="prev"' in beyond
    assert client.get(f"/signals/clusters/{place['lonely']}?page=99&history=x").status_code == 200


def test_the_board_shows_the_reasons_after_a_merge_through_the_page(app, auth, place):
    client = auth.client(place["worker"])
    board = text_of(client.get(f"/signals/board/{place['team']}"))
    assert "damp and mould" not in board[board.index(f"/signals/clusters/{place['lonely']}") :]
    response = client.post(f"/signals/clusters/{place['lonely']}/merge", data={"other": place["damp"]})
    assert response.status_code == 303
    with app.app_context():
        area = db.session.get(Area, place["area"])
        report(None, area, MOULD_2, "housing", join_cluster_id=place["lonely"])
        db.session.commit()
    board = text_of(client.get(f"/signals/board/{place['team']}"))
    row = board[board.index(f"/signals/clusters/{place['lonely']}") :]
    assert "damp and mould" in row[: row.index("</tr>")]


def test_a_groups_page_costs_the_same_statements_for_a_long_group_with_a_history(app, auth, place, statements):
    """No statement per signal, event, merge choice or the people and projects they name."""
    client = auth.client(place["worker"])
    url = f"/signals/clusters/{place['lonely']}"
    short = statements(lambda: client.get(url))
    with app.app_context():
        area = db.session.get(Area, place["area"])
        worker = db.session.get(User, place["worker"])
        for number in range(30):
            report(None, area, f"{LONELY[number % 3]} Melding {number}.", "loneliness", place=f"Plein {number}",
                   when=datetime(2025, 3, 20, 8) + timedelta(hours=number), join_cluster_id=place["lonely"])  # fmt: skip
        for number in range(5):  # more groups to merge with
            report(None, area, "De lantaarnpaal in onze straat is al weken kapot.", None,
                   when=datetime(2024, 1, 1) + timedelta(days=40 * number))  # fmt: skip
        lonely = db.session.get(SignalCluster, place["lonely"])
        services_board.dismiss(worker, lonely, "Wordt al opgepakt door de gemeente.")
        services_board.reopen(worker, lonely)
        db.session.commit()
    page = text_of(client.get(url))
    assert page.count('class="card board-signal"') == 25 and "Wendy Werker reopened this group." in page
    assert statements(lambda: client.get(url)) == short


def test_the_board_costs_the_same_statements_for_a_full_page(app, auth, place, statements):
    """No statement per group on the board: its reasons and representatives come from the summaries read with it."""
    client = auth.client(place["worker"])
    url = f"/signals/board/{place['team']}"
    two = statements(lambda: client.get(url))
    with app.app_context():
        area = db.session.get(Area, place["area"])
        for n in range(25):  # further apart than the window: a group each
            report(None, area, "De lantaarnpaal in onze straat is al weken kapot.", None,
                   when=datetime(2010, 1, 1) + timedelta(days=200 * n))  # fmt: skip
        db.session.commit()
    assert text_of(client.get(url)).count('href="/signals/clusters/') == 20
    assert statements(lambda: client.get(url)) == two
