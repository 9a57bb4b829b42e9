"""The agenda merges sources into items, upcoming first, grouped by the date in Groningen."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from portal.initiatives import agenda
from portal.timeutil import utcnow
from tests.factories.find import make_district, make_initiative


def test_planned_initiatives_are_agenda_items_in_order(app, ctx):
    district = make_district("Selwerd")
    neighbourhood = district.children[0]
    soon = utcnow() + timedelta(days=2)
    later = make_initiative(neighbourhood, status="planned", title="Later", planned_start=soon + timedelta(days=1))
    first = make_initiative(district, status="planned", title="First", planned_start=soon, place="Plein")
    make_initiative(district, status="planned", title="Past", planned_start=utcnow() - timedelta(days=3))
    make_initiative(district, status="submitted", title="Not planned", planned_start=soon)

    with app.test_request_context():
        items = agenda.agenda_items(None, agenda.start_of_today())

    assert [item.title for item in items] == ["First", "Later"]
    assert items[0].uid == f"initiative-{first.id}@buurtportaal"
    assert items[0].place == "Plein" and items[1].place == neighbourhood.name  # the area when no place is given
    assert items[0].start.tzinfo is not None
    assert items[0].end - items[0].start == agenda.DEFAULT_DURATION
    assert items[1].link.endswith(f"/initiatives/{later.id}")


def test_area_filter(app, ctx):
    here, there = make_district("Selwerd"), make_district("Beijum")
    start = utcnow() + timedelta(days=1)
    make_initiative(here, status="planned", title="Here", planned_start=start)
    make_initiative(there, status="planned", title="There", planned_start=start)
    with app.test_request_context():
        assert [item.title for item in agenda.agenda_items([here.id], agenda.start_of_today())] == ["Here"]


def test_other_sources_can_join_the_agenda(app, ctx, monkeypatch):
    start = datetime(2030, 5, 1, 18, 0, tzinfo=UTC)

    def project_activities(area_ids, since, until=None, limit=None):
        return [
            agenda.AgendaItem(
                "activity-1@buurtportaal",
                start,
                start + timedelta(hours=1),
                "Overleg",
                "Buurthuis",
                "https://example.org/projects/1",
            )
        ]

    monkeypatch.setattr(agenda, "SOURCES", [*agenda.SOURCES, project_activities])
    with app.test_request_context():
        assert [item.title for item in agenda.agenda_items(None, agenda.start_of_today())] == ["Overleg"]


def test_items_are_grouped_by_the_date_in_groningen():
    def at(hour_utc, day=1):
        start = datetime(2030, 5, day, hour_utc, 30, tzinfo=UTC)
        return agenda.AgendaItem(f"{day}-{hour_utc}", start, start, "x", "y", "z")

    # 22:30 UTC on 1 May is 00:30 on 2 May in Groningen (summer time)
    days = agenda.by_day([at(10), at(22), at(9, day=2)])
    assert [(day, len(items)) for day, items in days] == [(date(2030, 5, 1), 1), (date(2030, 5, 2), 2)]


def test_links_made_for_many_ids_are_the_links_url_for_makes(app):
    from flask import url_for

    from portal.urls import link_maker

    with app.test_request_context():
        link = link_maker("initiatives.show_initiative", "initiative_id")
        for number in (1, 9, 987_654_321, 2**31 - 1):
            assert link(number) == url_for("initiatives.show_initiative", initiative_id=number)
