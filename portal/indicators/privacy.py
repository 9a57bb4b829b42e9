"""The indicators' share of a person's data rights.

Export: a coordinator's export tokens (name, made, last used, revoked; never the key, which is not stored).
Deleting an account deletes its tokens (the foreign key cascades). The snapshots name nobody.
"""

from __future__ import annotations

from sqlalchemy import select

from portal import events
from portal.extensions import db
from portal.indicators.models import ExportToken


def _when(value) -> str | None:
    return value.isoformat() + "Z" if value else None


@events.personal_data_requested.connect
def indicators_data(user, **_) -> dict:
    tokens = db.session.scalars(
        select(ExportToken).where(ExportToken.user_id == user.id).order_by(ExportToken.created_at, ExportToken.id)
    )
    return {
        "indicator_export_tokens": [
            {
                "name": token.name,
                "made_at": _when(token.created_at),
                "last_used_at": _when(token.last_used_at),
                "revoked_at": _when(token.revoked_at),
            }
            for token in tokens
        ]
    }
