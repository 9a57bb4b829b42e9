"""The files of deploy/ that the running cluster does not use as they are: the systemd units and the settings file."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess

import pytest

from tests.deploy.conftest import ROOT

DEPLOY = ROOT / "deploy"
UNITS = (
    "buurtportaal-web.service",
    "buurtportaal-jobs.service",
    "buurtportaal-backup.service",
    "buurtportaal-backup.timer",
)


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path):
    # The programs they start, from this checkout instead of /srv/buurtportaal/current (verify wants them to exist).
    for unit in UNITS:
        text = (DEPLOY / unit).read_text().replace("/srv/buurtportaal/current", str(ROOT))
        (tmp_path / unit).write_text(text)
    verify = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *(str(tmp_path / unit) for unit in UNITS)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    assert verify.stdout + verify.stderr == ""  # an unknown or misspelt setting is only a warning


def test_the_example_settings_pass_the_production_checks_once_a_key_is_filled_in(tmp_path):
    settings = tmp_path / "buurtportaal.env"
    key = secrets.token_urlsafe(48)
    settings.write_text(
        (DEPLOY / "buurtportaal.env.example").read_text().replace("\nSECRET_KEY=\n", f"\nSECRET_KEY={key}\n")
    )
    # Read as the README says (a shell, set -a), with nothing of this process's environment but PATH.
    check = subprocess.run(
        ["bash", "-c", f'set -a; . "{settings}"; set +a; exec "{ROOT}/.venv/bin/flask" --app portal check-config'],
        env={"PATH": os.environ["PATH"]},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.strip() == "OK"
