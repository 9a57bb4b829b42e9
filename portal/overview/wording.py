"""The words the overviews use for statuses and subjects that their own features show elsewhere."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.complaints import models as complaints
from portal.teams import models as teams

QUESTION_STATUS_LABELS = {
    teams.QUESTION_NEW: _l("Sent to the team"),
    teams.QUESTION_IN_PROGRESS: _l("The team is working on it"),
    teams.QUESTION_ANSWERED: _l("Answered"),
    teams.QUESTION_CLOSED: _l("Closed"),
}

COMPLAINT_STATUS_LABELS = {
    complaints.NEW: _l("Received"),
    complaints.IN_PROGRESS: _l("Being looked into"),
    complaints.ANSWERED: _l("Answered"),
    complaints.CLOSED: _l("Closed"),
}

COMPLAINT_SUBJECT_LABELS = {
    complaints.ABOUT_QUESTION: _l("About a question to the team"),
    complaints.ABOUT_INITIATIVE: _l("About an initiative"),
    complaints.ABOUT_HELP_REQUEST: _l("About a help request"),
    complaints.ABOUT_SIGNAL: _l("About a signal"),
    complaints.ABOUT_TEAM: _l("About the team's work"),
}

# Who has not yet answered a proposed match, for the workers' overview.
ANSWER_LABELS = {"yes": _l("said yes"), "no": _l("said no"), None: _l("has not answered")}

# "Vandaag": each section's heading and the link to its whole list (portal.overview.queries_today kinds).
SECTION_HEADINGS = {
    "questions": _l("Questions in the team inbox"),
    "complaints": _l("Complaints"),
    "initiatives": _l("Initiatives to pick up"),
    "help_requests": _l("Help requests without a proposal"),
    "proposals": _l("Proposals unanswered for a week"),
    "clusters": _l("Recurring matters not taken up"),
}
LIST_LINKS = {
    "questions": _l("Open the team inbox"),
    "complaints": _l("Open the complaints"),
    "initiatives": _l("Open the initiatives to pick up"),
    "help_requests": _l("Open the help console"),
    "proposals": _l("Open the help console"),
    "clusters": _l("Open the signals board"),
}
