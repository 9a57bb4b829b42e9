"""`flask signals import INPUT.csv`: partner signals stored through services.report, once, bad rows skipped."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.audit import AuditEntry
from portal.extensions import db
from portal.signals.cli import signals_cli
from portal.signals.models import Signal, SignalCluster
from portal.signals.services_import import noted_at, partner_source

EXAMPLE = Path(__file__).resolve().parents[2] / "portal" / "signals" / "data" / "partner_import_example.csv"
HEADER = "id,text,area,created,source,theme,organisation\n"


@pytest.fixture
def cli(app, groningen):
    if "signals" not in app.cli.commands:
        app.cli.add_command(signals_cli)
    return app.test_cli_runner()


def _import(cli, path):
    return cli.invoke(args=["signals", "import", str(path)])


def _signals(app) -> list[Signal]:
    with app.app_context():
        signals = list(db.session.scalars(select(Signal).order_by(Signal.id)))
        db.session.expunge_all()
        return signals


def test_the_example_file_is_stored_with_source_and_id_and_its_two_bad_rows_are_reported(app, cli):
    result = _import(cli, EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "8 stored, 0 already imported, 2 bad rows skipped" in result.stdout
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith("partner_import_example.csv: line 5: unknown area 'Bloemenbuurt-Oost'")
    assert errors[1].startswith("partner_import_example.csv: line 9: invalid date '2026-02-30'")

    signals = {signal.external_id: signal for signal in _signals(app)}
    assert set(signals) == {
        "hc-2026-0141",
        "gp-2026-0007",
        "sch-2026-0019",
        "pol-2026-0033",
        "oth-2026-0002",
        "pol-2026-0034",
        "sch-2026-0020",
        "oth-2026-0003",
    }
    damp = signals["hc-2026-0141"]
    assert damp.source == "housing_corporation"
    assert damp.reporter_id is None and damp.recorded_by_id is None
    assert damp.contact_email is None and not damp.is_anonymous
    assert damp.created_at == datetime(2026, 9, 3, 7, 0)  # 09:00 in Amsterdam (summer time) as UTC
    assert signals["gp-2026-0007"].created_at == datetime(2026, 2, 11, 8, 0)  # winter time
    assert signals["gp-2026-0007"].source == "gp" and signals["pol-2026-0033"].source == "police"
    assert all(signal.features and signal.cluster_id is not None for signal in signals.values())

    with app.app_context():
        audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "signals.import")).one()
        assert audit.actor_id is None
        assert "8 stored, 0 already imported, 2 bad rows" in audit.detail


def test_importing_the_same_file_twice_stores_nothing_new(app, cli):
    assert _import(cli, EXAMPLE).exit_code == 0
    first = [(s.id, s.cluster_id) for s in _signals(app)]

    again = _import(cli, EXAMPLE)
    assert again.exit_code == 0, again.output
    assert "0 stored, 8 already imported, 2 bad rows skipped" in again.stdout
    assert [(s.id, s.cluster_id) for s in _signals(app)] == first
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "signals.import")) == 2


def test_imported_signals_are_placed_into_clusters_at_once(app, cli, tmp_path):
    lines = [
        "hc-1,Vocht en schimmel in de badkamers van de flat,Vinkhuizen-Zuid,2026-09-01,housing,Lefier",
        "gp-1,Luchtwegklachten door schimmel in de woning,Vinkhuizen-Noord,2026-09-10,Huisarts,Praktijk Vinkhuizen",
        "sch-1,Ouders vertellen over zwarte schimmel op de muren thuis,BU00140901,2026-09-15,School,De Wilster",
        "pol-1,Jongeren hangen 's avonds rond bij het winkelcentrum,Vinkhuizen-Zuid,2026-09-16,politie,",
    ]
    path = tmp_path / "partners.csv"
    path.write_text(HEADER.replace(",theme", "") + "\n".join(lines) + "\n", encoding="utf-8")
    result = _import(cli, path)
    assert result.exit_code == 0, result.output
    assert "4 stored, 0 already imported, 0 bad rows skipped" in result.stdout

    signals = {signal.external_id: signal for signal in _signals(app)}
    assert [signals[key].source for key in ("hc-1", "gp-1", "sch-1", "pol-1")] == [
        "housing_corporation",
        "gp",
        "school",
        "police",
    ]
    assert signals["hc-1"].source_name == "Lefier"
    damp = {signals[key].cluster_id for key in ("hc-1", "gp-1", "sch-1")}
    assert len(damp) == 1 and signals["pol-1"].cluster_id not in damp
    with app.app_context():
        cluster = db.session.get(SignalCluster, damp.pop())
        assert cluster.signal_count == 3 and cluster.reporter_count == 3 and cluster.recurring


def test_unknown_sources_themes_and_areas_without_a_neighbourhood_are_bad_rows(app, cli, tmp_path):
    lines = [
        "a1,Schimmel in de badkamer van de flat,Vinkhuizen-Zuid,2026-09-01,woningbouw,,",  # line 2: source
        "a2,Schimmel in de badkamer van de flat,Vinkhuizen-Zuid,2026-09-01,gp,weather,",  # line 3: theme
        "a3,Schimmel in de badkamer van de flat,WIJ Beijum,2026-09-01,gp,,",  # line 4: a team, no neighbourhood
        "a4,Schimmel in de badkamer van de flat,Europapark,2026-09-01,gp,,",  # line 5: no team works there
        "a5,Te kort,Selwerd,2026-09-01,gp,,",  # line 6: the portal refuses the text
        "a6,Schimmel in de badkamer van de flat,Selwerd,2026-09-01,GP,housing,Huisartsen Selwerd",  # good
    ]
    path = tmp_path / "partners.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    result = _import(cli, path)
    assert result.exit_code == 0, result.output
    assert "1 stored, 0 already imported, 5 bad rows skipped" in result.stdout
    errors = result.stderr.splitlines()
    assert [error.split(":")[1].strip() for error in errors] == [f"line {n}" for n in (2, 3, 4, 5, 6)]
    assert "unknown source 'woningbouw'" in errors[0]
    assert "unknown theme 'weather'" in errors[1]
    assert "is a district or team, not a neighbourhood" in errors[2]
    assert "has no WIJ-team" in errors[3]
    assert "at least 10 characters" in errors[4]
    (stored,) = _signals(app)
    assert (stored.external_id, stored.source, stored.theme) == ("a6", "gp", "housing")
    assert stored.source_name == "Huisartsen Selwerd"


def test_a_file_without_the_source_column_is_refused(cli, tmp_path):
    path = tmp_path / "residents.csv"
    path.write_text("id,text,area,created\na1,Schimmel in de badkamer,Selwerd,2026-09-01\n", encoding="utf-8")
    result = _import(cli, path)
    assert result.exit_code != 0
    assert "no column(s) source" in result.output


def test_source_aliases_and_local_morning_time():
    assert partner_source("Housing") == "housing_corporation"
    assert partner_source("corporation") == "housing_corporation"
    assert partner_source("HUISARTS") == "gp"
    assert partner_source("politie") == "police"
    assert partner_source(" School ") == "school"
    assert partner_source("housing-corporation") == "housing_corporation"
    assert partner_source("resident") is None and partner_source("") is None
    assert noted_at(datetime(2026, 1, 15).date()) == datetime(2026, 1, 15, 8, 0)
