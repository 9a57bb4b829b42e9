"""Command-line commands: `flask --app portal users ...`.

Commands only parse arguments and call portal.accounts.services; each commits once. A refused
change (DomainError) is printed and the command exits with status 1.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from portal.accounts import passwords, queries, services
from portal.accounts.models import ROLE_COORDINATOR, ROLE_WORKER, ROLES
from portal.errors import DomainError
from portal.extensions import db

users_cli = AppGroup("users", help="Create and manage accounts of workers and coordinators.")


def refusals_as_errors(command: Callable) -> Callable:
    """Run in English, commit on success, turn a DomainError into a message and exit status 1."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        with force_locale("en"):
            try:
                result = command(*args, **kwargs)
            except DomainError as error:
                db.session.rollback()
                raise click.ClickException(str(error.message)) from error
            db.session.commit()
            return result

    return wrapper


def _password_options(command: Callable) -> Callable:
    command = click.option("--password", help="Use this password (visible in your shell history).")(command)
    return click.option("--ask-password", is_flag=True, help="Type the password at a hidden prompt.")(command)


def _initial_password(password: str | None, ask_password: bool) -> tuple[str, bool]:
    """The password to set and whether it was generated (and must be printed once)."""
    if ask_password:
        return click.prompt("Password", hide_input=True, confirmation_prompt=True), False
    if password:
        return password, False
    return passwords.one_time_password(), True


def _create(email: str, name: str, role: str, teams: tuple[str, ...], password: str | None, ask: bool) -> None:
    chosen, generated = _initial_password(password, ask)
    user = services.create_staff(None, name=name, email=email, role=role, team_slugs=list(teams), password=chosen)
    click.echo(f"Created {role} {user.email} (id {user.id}).")
    if generated:
        click.echo(f"One-time password: {chosen}")
        click.echo("Hand it over safely; they can change it on their account page.")


@users_cli.command("create-worker")
@click.argument("email")
@click.argument("name")
@click.option("--team", "teams", multiple=True, help="Slug of a team the worker works for (repeatable).")
@_password_options
@refusals_as_errors
def create_worker(email: str, name: str, teams: tuple[str, ...], password: str | None, ask_password: bool) -> None:
    """Create a worker (opbouwwerker) account."""
    _create(email, name, ROLE_WORKER, teams, password, ask_password)


@users_cli.command("create-coordinator")
@click.argument("email")
@click.argument("name")
@click.option("--team", "teams", multiple=True, help="Slug of a team (optional, repeatable).")
@_password_options
@refusals_as_errors
def create_coordinator(email: str, name: str, teams: tuple[str, ...], password: str | None, ask_password: bool) -> None:
    """Create a coordinator account."""
    _create(email, name, ROLE_COORDINATOR, teams, password, ask_password)


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@refusals_as_errors
def set_role(email: str, role: str) -> None:
    """Give an account the role resident, worker or coordinator."""
    user = services.user_by_email(email)
    services.set_role(None, user, role)
    click.echo(f"{user.email} is now {role}.")


@users_cli.command("add-to-team")
@click.argument("email")
@click.argument("slug")
@refusals_as_errors
def add_to_team(email: str, slug: str) -> None:
    """Make a worker a member of a team."""
    user = services.user_by_email(email)
    services.add_to_team(None, user, slug)
    click.echo(f"{user.email} works for: {', '.join(team.slug for team in user.teams)}.")


@users_cli.command("remove-from-team")
@click.argument("email")
@click.argument("slug")
@refusals_as_errors
def remove_from_team(email: str, slug: str) -> None:
    """Take a worker off a team."""
    user = services.user_by_email(email)
    services.remove_from_team(None, user, slug)
    click.echo(f"{user.email} works for: {', '.join(team.slug for team in user.teams) or '(no team)'}.")


@users_cli.command("deactivate")
@click.argument("email")
@refusals_as_errors
def deactivate(email: str) -> None:
    """Stop an account from logging in and end its sessions (its data stays)."""
    user = services.user_by_email(email)
    services.set_active(None, user, False)
    click.echo(f"{user.email} is deactivated.")


@users_cli.command("activate")
@click.argument("email")
@refusals_as_errors
def activate(email: str) -> None:
    """Let a deactivated account log in again."""
    user = services.user_by_email(email)
    services.set_active(None, user, True)
    click.echo(f"{user.email} is active.")


@users_cli.command("confirm")
@click.argument("email")
@refusals_as_errors
def confirm(email: str) -> None:
    """Mark an account's e-mail address as confirmed (when its confirmation mail cannot arrive)."""
    user = services.user_by_email(email)
    services.confirm_email(user)
    click.echo(f"{user.email} is confirmed.")


@users_cli.command("log-out")
@click.argument("email")
@refusals_as_errors
def log_out(email: str) -> None:
    """End every session of an account, on every device (e.g. when a device was lost)."""
    user = services.user_by_email(email)
    services.end_sessions(user)
    click.echo(f"{user.email} is logged out everywhere.")


@users_cli.command("list")
@click.option("--role", type=click.Choice(ROLES), help="Only accounts with this role.")
def list_users(role: str | None) -> None:
    """List accounts: id, role, active, e-mail, name, teams."""
    for user in queries.all_users(role):
        teams = ",".join(team.slug for team in user.teams) or "-"
        state = "active" if user.active else "inactive"
        click.echo(f"{user.id:>5}  {user.role:<11}  {state:<8}  {user.email:<40}  {user.name}  [{teams}]")
