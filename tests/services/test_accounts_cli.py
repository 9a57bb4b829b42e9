"""`flask users ...` through the CLI runner."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.accounts import passwords
from portal.accounts.models import ROLE_COORDINATOR, ROLE_RESIDENT, ROLE_WORKER, User
from portal.audit import AuditEntry
from portal.extensions import db
from tests.accounts_support import fetch
from tests.factories import create_user

CLI_PASSWORD = "Een-Wachtwoord-Voor-De-Cli-1"


def _teams(app, email: str) -> list[str]:
    with app.app_context():
        return sorted(team.slug for team in User.by_email(email).teams)


def test_create_worker_prints_a_one_time_password(app, runner, groningen):
    result = runner.invoke(args=["users", "create-worker", "femke@wij.nl", "Femke Hoekstra", "--team", "selwerd"])
    assert result.exit_code == 0, result.output
    password = re.search(r"One-time password: (\S+)", result.output).group(1)
    user = fetch(app, User, email="femke@wij.nl")
    assert user.role == ROLE_WORKER and user.name == "Femke Hoekstra"
    assert passwords.verify_password(user.password_hash, password)
    assert _teams(app, "femke@wij.nl") == ["selwerd"]
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry)).one()
        assert (entry.actor_id, entry.action) == (None, "user.create")


def test_create_worker_with_several_teams_and_a_given_password(app, runner, groningen):
    args = ["users", "create-worker", "femke@wij.nl", "Femke", "--team", "selwerd", "--team", "beijum"]
    result = runner.invoke(args=[*args, "--password", CLI_PASSWORD])
    assert result.exit_code == 0, result.output
    assert "One-time password" not in result.output and CLI_PASSWORD not in result.output
    assert _teams(app, "femke@wij.nl") == ["beijum", "selwerd"]
    assert passwords.verify_password(fetch(app, User, email="femke@wij.nl").password_hash, CLI_PASSWORD)


def test_create_coordinator_reads_the_password_from_a_prompt(app, runner, groningen):
    result = runner.invoke(
        args=["users", "create-coordinator", "carla@gemeente.nl", "Carla", "--ask-password"],
        input=f"{CLI_PASSWORD}\n{CLI_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    user = fetch(app, User, email="carla@gemeente.nl")
    assert user.role == ROLE_COORDINATOR
    assert passwords.verify_password(user.password_hash, CLI_PASSWORD)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create-worker", "femke@wij.nl", "Femke", "--team", "atlantis"], "Unknown team: atlantis"),
        (["create-worker", "taken@example.org", "Femke"], "cannot be used"),
        (["create-worker", "femke@wij.nl", "Femke", "--password", "kort"], "at least 10 characters"),
        (["create-worker", "femke@wij.nl", "   "], "Enter a name"),
        (["set-role", "nobody@example.org", "worker"], "No account with e-mail address"),
        (["add-to-team", "taken@example.org", "selwerd"], "Only workers and coordinators"),
        (["remove-from-team", "taken@example.org", "selwerd"], "not a member"),
        (["deactivate", "nobody@example.org"], "No account"),
    ],
)
def test_refusals_print_a_message_and_exit_1(app, runner, groningen, args, message):
    create_user(app, email="taken@example.org")
    result = runner.invoke(args=["users", *args])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert fetch(app, User, email="femke@wij.nl") is None


def test_unknown_role_is_refused_by_the_argument_parser(app, runner, groningen):
    create_user(app, email="taken@example.org")
    result = runner.invoke(args=["users", "set-role", "taken@example.org", "superuser"])
    assert result.exit_code == 2


def test_set_role_and_team_membership(app, runner, groningen):
    create_user(app, email="anouk@example.org")
    assert runner.invoke(args=["users", "set-role", "anouk@example.org", "worker"]).exit_code == 0
    assert runner.invoke(args=["users", "add-to-team", "anouk@example.org", "selwerd"]).exit_code == 0
    assert runner.invoke(args=["users", "add-to-team", "anouk@example.org", "beijum"]).exit_code == 0
    assert _teams(app, "anouk@example.org") == ["beijum", "selwerd"]
    result = runner.invoke(args=["users", "remove-from-team", "anouk@example.org", "selwerd"])
    assert result.exit_code == 0 and "beijum" in result.output
    assert _teams(app, "anouk@example.org") == ["beijum"]
    assert runner.invoke(args=["users", "set-role", "anouk@example.org", "resident"]).exit_code == 0
    assert fetch(app, User, email="anouk@example.org").role == ROLE_RESIDENT
    assert _teams(app, "anouk@example.org") == []


def test_deactivate_and_activate(app, runner, groningen):
    create_user(app, email="anouk@example.org")
    assert runner.invoke(args=["users", "deactivate", "anouk@example.org"]).exit_code == 0
    assert fetch(app, User, email="anouk@example.org").active is False
    assert runner.invoke(args=["users", "activate", "anouk@example.org"]).exit_code == 0
    assert fetch(app, User, email="anouk@example.org").active is True


def test_list_with_role_filter(app, runner, groningen):
    create_user(app, email="anouk@example.org", name="Anouk")
    create_user(app, ROLE_WORKER, teams=("selwerd",), email="bram@wij.nl", name="Bram")
    everyone = runner.invoke(args=["users", "list"])
    assert everyone.exit_code == 0
    assert (
        "anouk@example.org" in everyone.output and "bram@wij.nl" in everyone.output and "[selwerd]" in everyone.output
    )
    workers = runner.invoke(args=["users", "list", "--role", "worker"])
    assert "bram@wij.nl" in workers.output and "anouk" not in workers.output


def test_accounts_made_on_the_command_line_can_log_in_at_once(app, runner, groningen):
    args = ["users", "create-coordinator", "carla@gemeente.nl", "Carla", "--password", CLI_PASSWORD]
    assert runner.invoke(args=args).exit_code == 0
    assert fetch(app, User, email="carla@gemeente.nl").email_confirmed_at is not None


def test_confirm_an_address_by_hand(app, runner, groningen):
    create_user(app, email="anouk@example.org", email_confirmed_at=None)
    result = runner.invoke(args=["users", "confirm", "anouk@example.org"])
    assert result.exit_code == 0 and "is confirmed" in result.output
    assert fetch(app, User, email="anouk@example.org").email_confirmed_at is not None
    assert runner.invoke(args=["users", "confirm", "nobody@example.org"]).exit_code == 1


def test_log_out_everywhere_by_hand(app, runner, groningen):
    create_user(app, email="anouk@example.org")
    before = fetch(app, User, email="anouk@example.org").session_token
    assert runner.invoke(args=["users", "log-out", "anouk@example.org"]).exit_code == 0
    assert fetch(app, User, email="anouk@example.org").session_token != before
    assert runner.invoke(args=["users", "log-out", "nobody@example.org"]).exit_code == 1
