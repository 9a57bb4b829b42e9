"""Accounts: registration, log-in, passwords, the profile and staff accounts."""

from portal.accounts import profile_views  # noqa: F401 - adds the profile routes to the blueprint
from portal.accounts.views import bp  # noqa: F401
