"""Command-line commands: `flask --app portal demo ...`."""

import click
from flask import current_app
from flask.cli import AppGroup

from portal.demo import loader

demo_cli = AppGroup("demo", help="The Groningen demo data.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Only load when the database holds no teams yet.")
@click.option("--print-logins", is_flag=True, help="Print the demo log-ins (development only).")
def load(if_empty: bool, print_logins: bool) -> None:
    """Load the Groningen teams, areas, demo accounts and demo content."""
    if current_app.config["ENV"] == "production":
        raise click.ClickException("Demo data is never loaded in production; use `flask teams load` instead.")
    if if_empty and not loader.database_is_empty():
        click.echo("Database already holds data; demo data not loaded.")
    else:
        loader.load_demo()
        click.echo("Demo data loaded: 11 WIJ-teams, districts, neighbourhoods, postcodes and demo accounts.")
    if print_logins:
        click.echo("\nDemo log-ins (development only), password: " + loader.DEMO_PASSWORD)
        for role, email in loader.DEMO_LOGINS.items():
            click.echo(f"  {role:12} {email}")
        click.echo(f"  (every team has a worker: opbouwwerker.<team>@{loader.DEMO_DOMAIN})")
