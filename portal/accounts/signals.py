"""Hooks through which each feature takes part in a resident's data rights.

The accounts package cannot know every feature's tables, so it sends these signals and each
feature answers for its own data:

- ``account_deleting`` (sender: the User, before the row is deleted): remove or anonymise what
  the feature holds about them and keep its own counters right.
- ``personal_data_requested`` (sender: the User): return a dict of sections to add to the
  "download my data" file.
"""

from blinker import Namespace

_signals = Namespace()

account_deleting = _signals.signal("account-deleting")
personal_data_requested = _signals.signal("personal-data-requested")
