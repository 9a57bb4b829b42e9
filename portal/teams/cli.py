"""Command-line commands: `flask --app portal teams ...`."""

from pathlib import Path

import click
from flask.cli import AppGroup

from portal.extensions import db

teams_cli = AppGroup("teams", help="The WIJ-teams, their areas and postcodes.")


@teams_cli.command("load")
@click.option("--overwrite", is_flag=True, help="Make teams and areas match the files again (undoes edits).")
def load(overwrite: bool) -> None:
    """Load the eleven Groningen WIJ-teams, districts, neighbourhoods and postcodes."""
    from portal.teams.loader import load_reference_data

    report = load_reference_data(overwrite=overwrite)
    db.session.commit()
    click.echo(f"Reference data loaded: {report.summary()}.")


@teams_cli.command("build-data")
@click.argument("src_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Write here, not to portal/teams/data.")
def build_data(src_dir: Path, out: Path | None) -> None:
    """Regenerate portal/teams/data/*.csv from the shared Groningen data in SRC_DIR."""
    from portal.teams.data.build import OUT, build

    for name, count in build(src_dir, out or OUT).items():
        click.echo(f"{name}: {count} rows")
