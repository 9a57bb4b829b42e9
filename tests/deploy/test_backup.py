"""deploy/backup.sh and deploy/restore.sh: a backup restored into a fresh database serves the same site."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

from sqlalchemy import make_url

from tests.deploy.conftest import ROOT
from tests.deploy.support import Visitor, normalised


def script(name: str, *arguments: str, database_url: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        ["bash", str(ROOT / "deploy" / name), *arguments],
        env=os.environ | {"DATABASE_URL": database_url, "BACKUP_KEEP_DAYS": "14"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_backup_restored_into_a_fresh_database_serves_the_same_pages(cluster):
    resident = Visitor()
    assert resident.log_in(cluster.instance("b")).status in (302, 303)

    backup = script("backup.sh", str(cluster.run / "backups"), database_url=cluster.database_url)
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip().splitlines()[-1])
    assert dump.parent == cluster.run / "backups"
    assert re.fullmatch(r"buurtportaal-\d{8}T\d{6}Z\.dump", dump.name)
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600  # personal data: its owner only

    restore = script("restore.sh", str(dump), cluster.restore_db, database_url=cluster.database_url)
    assert restore.returncode == 0, restore.stderr
    again = script("restore.sh", str(dump), cluster.restore_db, database_url=cluster.database_url)
    assert again.returncode != 0  # never into a database that exists

    restored_url = make_url(cluster.database_url).set(database=cluster.restore_db).render_as_string(False)
    restored = cluster.start("c", port=cluster.spare_port, database_url=restored_url)
    try:
        original = cluster.instance("b")
        teams = Visitor().get(original + "/teams/")
        team = re.search(r'href="(/teams/(?!find|map|inbox)[a-z0-9-]+)"', teams.text)
        assert team, "a team page linked from the list"
        for path in ("/initiatives/", "/teams/", team.group(1), "/account/"):
            before, after = resident.get(original + path), resident.get(restored + path)
            assert before.status == after.status == 200, (path, before.status, after.status)
            assert normalised(after) == normalised(before), path
    finally:
        cluster.stop("c")
