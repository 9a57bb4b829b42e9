"""Projects' answers to other features' events (connected on import by ``blueprint.init_app``)."""

from __future__ import annotations

from portal import events
from portal.projects.models import FINISHED
from portal.projects.services_invitations import invite_reporters


@events.signal_joined_cluster.connect
def invite_new_reporters(cluster, **_) -> None:
    """A signal (or a merged group) joins a group a running project took up: its reporters are invited too.

    Each reporter is invited once per project; a project that has finished invites nobody.
    """
    project = cluster.project if cluster.project_id is not None else None
    if project is not None and project.status != FINISHED:
        invite_reporters(project, cluster)
