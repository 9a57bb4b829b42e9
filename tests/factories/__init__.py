"""Shared test factories, one module per feature; the common ones are re-exported here.

* ``accounts``: TEST_PASSWORD, make_user, make_team, team_by_slug, create_user (committed)
* ``initiatives``: make_area, make_place, make_initiative; place_ids, committed_initiative (committed)
* ``help``: make_help_place, make_offer, make_request
* ``signals``: make_signal_place, report, and the texts LONELY and DAMP
* ``find``: districts, initiatives already indexed for search, photos (for find, agenda, photos)

The ``make_*`` builders need an application context and flush, never commit; the committed
ones take the app and return ids, for web tests where no application context stays pushed.
Logging in is the ``auth`` fixture's job (tests/conftest.py).
"""

from tests.factories.accounts import TEST_PASSWORD, create_user, make_team, make_user, team_by_slug
from tests.factories.initiatives import make_area

__all__ = ["TEST_PASSWORD", "create_user", "make_area", "make_team", "make_user", "team_by_slug"]
