"""`flask signals cluster INPUT.csv --output OUT.csv` on temporary CSV files, and `flask signals verify [--fix]`,
through the CLI runner."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import event

from portal.extensions import db
from portal.signals.cli import signals_cli
from portal.signals.models import SignalCluster
from tests.factories.signals import DAMP, LONELY, make_signal_place, report

HEADER = "id,text,area,created,source\n"
GOOD = [
    "a1,Schimmel in de badkamer,Beijum-West,2026-01-05,gp",
    "a2,zwarte plekken op de muren en het ruikt muf,BU00141100,2026-01-20,",
    "a3,Vocht in de slaapkamer,beijum-oost,2026-02-01T09:30:00,school",
    "b1,Auto's scheuren door de straat,Selwerd,2026-01-10,police",
    "b2,Er wordt veel te hard gereden bij de school,Selwerd,2026-01-12,",
    "c1,Schimmel op de muur,Selwerd,2026-01-15,",
]


@pytest.fixture
def cli(app):
    if "signals" not in app.cli.commands:
        app.cli.add_command(signals_cli)
    return app.test_cli_runner()


def _write(path, lines, header=HEADER):
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _clusters(path) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["id", "cluster"]
    return dict(rows[1:])


def test_cluster_writes_id_and_cluster_for_every_row(cli, tmp_path):
    source, out = _write(tmp_path / "in.csv", GOOD), tmp_path / "out.csv"
    result = cli.invoke(args=["signals", "cluster", str(source), "--output", str(out)])
    assert result.exit_code == 0, result.output
    clusters = _clusters(out)
    assert list(clusters) == ["a1", "a2", "a3", "b1", "b2", "c1"]  # input order
    assert clusters["a1"] == clusters["a2"] == clusters["a3"]  # mould in Beijum
    assert clusters["b1"] == clusters["b2"] != clusters["a1"]  # speeding in Selwerd
    assert clusters["c1"] not in (clusters["a1"], clusters["b1"])  # mould, but in another team area
    assert "6 signals in 3 clusters (1 with at least 3 signals); 0 bad rows skipped" in result.stdout
    assert result.stderr == ""


def test_bad_rows_are_reported_with_their_line_number_and_skipped(cli, tmp_path):
    lines = [
        GOOD[0],
        "x1,Ratten bij de schuur,Bloemenbuurt-Oost,2026-01-06,",  # line 3: unknown area
        "x2,Ratten in de tuin,Selwerd,2026-02-30,",  # line 4: no such date
        "x3,,Selwerd,2026-01-06,",  # line 5: no text
        ",Ratten,Selwerd,2026-01-06,",  # line 6: no id
        "a1,Schimmel weer,Beijum-West,2026-01-07,",  # line 7: id used on line 2
        "x4,te weinig velden",  # line 8
        "",  # a blank line 9 is no row
        '"m1","Schimmel,\nop twee regels",Beijum-West,2026-01-08,',  # lines 10-11: a good multi-line row
        "x5,Ratten,Selwerd,gisteren,",  # line 12
        GOOD[1],
    ]
    source, out = _write(tmp_path / "in.csv", lines), tmp_path / "out.csv"
    result = cli.invoke(args=["signals", "cluster", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    problems = result.stderr.splitlines()
    assert [line.split(":")[1].strip() for line in problems] == [f"line {n}" for n in (3, 4, 5, 6, 7, 8, 12)]
    assert "unknown area 'Bloemenbuurt-Oost'" in problems[0]
    assert "invalid date '2026-02-30'" in problems[1]
    assert "already used on line 2" in problems[4]
    assert all(line.startswith("in.csv: ") and line.endswith("; skipped") for line in problems)
    assert list(_clusters(out)) == ["a1", "m1", "a2"]
    assert "7 bad rows skipped" in result.stdout


def test_extra_columns_in_any_order_a_bom_and_semicolons_are_accepted(cli, tmp_path):
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(
        "\ufeffcreated;Area;extra;id;text\n2026-01-05;Selwerd;x;s1;schimmel\n2026-01-06;Selwerd;y;s2;vocht en schimmel\n",
        encoding="utf-8",
    )
    result = cli.invoke(args=["signals", "cluster", str(source), "--output", str(out)])
    assert result.exit_code == 0, result.output
    clusters = _clusters(out)
    assert clusters["s1"] == clusters["s2"]


def test_a_missing_column_stops_with_a_message(cli, tmp_path):
    source, out = (
        _write(tmp_path / "in.csv", ["a1,Schimmel,2026-01-05"], header="id,text,created\n"),
        tmp_path / "o.csv",
    )
    result = cli.invoke(args=["signals", "cluster", str(source), "--output", str(out)])
    assert result.exit_code == 1
    assert "no column(s) area" in result.output
    assert not out.exists()


def test_the_window_is_an_option(cli, tmp_path):
    lines = ["a1,Schimmel in de badkamer,Selwerd,2026-01-05", "a2,Schimmel in de keuken,Selwerd,2026-03-05"]
    source, out = _write(tmp_path / "in.csv", lines, header="id,text,area,created\n"), tmp_path / "out.csv"
    assert cli.invoke(args=["signals", "cluster", str(source), "-o", str(out)]).exit_code == 0
    assert len(set(_clusters(out).values())) == 1
    assert cli.invoke(args=["signals", "cluster", str(source), "-o", str(out), "--window-days", "30"]).exit_code == 0
    assert len(set(_clusters(out).values())) == 2


def test_the_window_defaults_to_the_sites_setting(app, cli, tmp_path):
    lines = ["a1,Schimmel in de badkamer,Selwerd,2026-01-05", "a2,Schimmel in de keuken,Selwerd,2026-03-05"]
    source, out = _write(tmp_path / "in.csv", lines, header="id,text,area,created\n"), tmp_path / "out.csv"
    kept = app.config["SIGNAL_WINDOW_DAYS"]
    app.config["SIGNAL_WINDOW_DAYS"] = 30
    try:
        assert cli.invoke(args=["signals", "cluster", str(source), "-o", str(out)]).exit_code == 0
    finally:
        app.config["SIGNAL_WINDOW_DAYS"] = kept
    assert len(set(_clusters(out).values())) == 2


def test_cluster_touches_no_database(app, cli, tmp_path):
    statements = []
    with app.app_context():
        engine = db.engine

    def record(*args):
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        source, out = _write(tmp_path / "in.csv", GOOD), tmp_path / "out.csv"
        assert cli.invoke(args=["signals", "cluster", str(source), "--output", str(out)]).exit_code == 0
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert statements == []


# --------------------------------------------------------------------------- verify


def _broken_clusters(app) -> tuple[int, int]:
    """Two clusters of one team; the first with a wrong count, span and summary (as a race once left them)."""
    with app.app_context():
        place = make_signal_place()
        lonely = [report(place.residents[i], place.area, LONELY[i]) for i in range(3)]
        damp = report(None, place.area, DAMP)
        broken = lonely[0].cluster
        broken.signal_count, broken.recurring, broken.first_at = 2, False, None
        broken.summary = {**broken.summary, "size": 2}
        db.session.commit()
        ids = broken.id, damp.cluster_id
        db.session.remove()
    return ids


def test_verify_finds_nothing_when_every_cluster_matches_its_signals(app, cli):
    with app.app_context():
        place = make_signal_place()
        for i, text in enumerate(LONELY):
            report(place.residents[i], place.area, text)
        report(None, place.area, DAMP)
        db.session.commit()
        db.session.remove()
    result = cli.invoke(args=["signals", "verify"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "2 clusters checked; 0 differences found."


def test_verify_prints_each_difference_and_fix_repairs_them(app, cli):
    broken, fine = _broken_clusters(app)
    result = cli.invoke(args=["signals", "verify"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"cluster {broken}: signal_count stored 2, its signals give 3" in lines
    assert f"cluster {broken}: recurring stored False, its signals give True" in lines
    assert any(line.startswith(f"cluster {broken}: first_at stored None, its signals give 20") for line in lines)
    assert any(line.startswith(f"cluster {broken}: summary (size)") for line in lines)
    assert not any(line.startswith(f"cluster {fine}:") for line in lines)
    assert lines[-1] == "2 clusters checked; 4 differences found."
    with app.app_context():  # only reading: nothing was changed
        assert db.session.get(SignalCluster, broken).signal_count == 2
        db.session.remove()

    fixed = cli.invoke(args=["signals", "verify", "--fix"])
    assert fixed.exit_code == 0, fixed.output
    assert fixed.output.splitlines()[-1] == "2 clusters checked; 4 differences repaired."
    with app.app_context():
        cluster = db.session.get(SignalCluster, broken)
        assert (cluster.signal_count, cluster.recurring, cluster.summary["size"]) == (3, True, 3)
        db.session.remove()
    again = cli.invoke(args=["signals", "verify"])
    assert again.exit_code == 0 and again.output.strip() == "2 clusters checked; 0 differences found."


def test_a_summary_built_up_signal_by_signal_matches_the_one_rebuilt():
    """The floats of a summary depend on the order they were added in; verify allows for the last bits."""
    from portal.signals.services_verify import summary_difference

    stored = {"size": 2, "norm2": 1.4000000000000001, "centroid": {"c:x": 0.30000000000000004}, "counts": {"c:x": 2}}
    rebuilt = {"size": 2, "norm2": 1.4, "centroid": {"c:x": 0.3}, "counts": {"c:x": 2}}
    assert summary_difference(stored, rebuilt) is None
    assert summary_difference({**stored, "norm2": 1.5}, rebuilt) == "norm"
    assert summary_difference({**stored, "counts": {"c:x": 1}}, rebuilt) == "feature counts"
    assert summary_difference({**stored, "centroid": {"c:y": 0.3}}, rebuilt) == "centroid"
    assert summary_difference(None, rebuilt) == "size"
    assert summary_difference(None, None) is None
