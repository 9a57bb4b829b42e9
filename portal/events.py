"""Events: how a lower feature makes something happen in a higher one without importing it.

The feature that changes something announces it here; the features that care subscribe in their
``subscribers.py`` (connected by their ``init_app``). Feature order and the rule behind it are in
ARCHITECTURE.md. Every event's sender and keyword arguments are named below.

Data rights (sent by accounts; every feature answers for its own tables):

- ``account_deleting`` (sender: the User, before the row is deleted): remove or anonymise what
  the feature holds about them and keep its own counters right.
- ``personal_data_requested`` (sender: the User): return a dict of sections to add to the
  "download my data" file.

Retention (sent by ``flask --app portal privacy purge``, daily; see portal/accounts/privacy.py):

- ``retention_due`` (sender: ``now``, the naive UTC time of the run): remove or blank what the feature
  keeps longer than its retention setting (read from the app's config); flush, never commit; return a
  dict of {what was removed: how many rows}. Running it again at once removes nothing more.

Signals and projects:

- ``signal_joined_cluster`` (sender: the SignalCluster; ``signal``): a resident's or partner's signal
  was placed in the cluster, or a cluster was merged into it (``signal`` is None then). Projects
  invite the new reporters of a cluster that a running project took up.

Team inbox:

- ``team_question_asked`` (sender: the TeamQuestion, flushed; ``may_mail``: whether its e-mail contact may
  get one more mail today): a resident asked a team a question. The inbox gives it its private link,
  confirms it to an e-mail contact and tells the team's workers.
"""

from blinker import Namespace

_events = Namespace()

account_deleting = _events.signal("account-deleting")
personal_data_requested = _events.signal("personal-data-requested")
retention_due = _events.signal("retention-due")

signal_joined_cluster = _events.signal("signal-joined-cluster")

team_question_asked = _events.signal("team-question-asked")
