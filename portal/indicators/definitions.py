"""Every indicator, in the order the pages show them, with its exact definition.

The definition is shown on the page (an "i" that unfolds) and in the README; ``compute.py`` implements exactly
this. Which moment puts an item in a period is part of each definition.

Where (the scope rule): help requests and offers, initiatives (with their volunteer roles) and residents count for
their neighbourhood, its district and the team that serves that neighbourhood today. Signals and projects count
for their own team, and for a district or neighbourhood when they have an area. Questions, complaints and clusters
of signals belong to a team only: those figures are given for a team and the city, not for a district or
neighbourhood. Durations are in days of 24 hours, with decimals; the median is the middle value (the mean of the
two middle ones), the 90th percentile the nearest-rank value (at least 90% of the items took as long or less).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

SHARE, COUNT, DURATION = "share", "count", "duration"

HELP, INITIATIVES, SIGNALS, VOLUNTEERS, QUESTIONS, COMPLAINTS, PARTICIPATION = (
    "help",
    "initiatives",
    "signals",
    "volunteers",
    "questions",
    "complaints",
    "participation",
)
GROUP_LABELS = {
    HELP: _l("Neighbourly help"),
    INITIATIVES: _l("Initiatives"),
    SIGNALS: _l("Signals and projects"),
    VOLUNTEERS: _l("Volunteers"),
    QUESTIONS: _l("Questions to the team"),
    COMPLAINTS: _l("Complaints"),
    PARTICIPATION: _l("Participation"),
}


@dataclass(frozen=True)
class Indicator:
    key: str
    group: str
    label: object  # a lazy string
    definition: object  # a lazy string: the exact rule
    kind: str  # SHARE (count of base), COUNT, DURATION (median and 90th percentile in days)
    team_only: bool = False  # not attributable to a district or neighbourhood (questions, complaints, clusters)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "help_found_neighbour",
        HELP,
        _l("Help requests that found a neighbour"),
        _l(
            "Help requests closed in the period (done, closed or expired; the day of closing counts) of which a "
            "match was accepted by both the requester and the helper, as a share of all help requests closed in "
            "the period."
        ),
        SHARE,
    ),
    Indicator(
        "help_days_to_match",
        HELP,
        _l("Days from help request to accepted match"),
        _l(
            "For the help requests closed in the period that found a neighbour: the days from the moment the "
            "request was made to the moment both sides accepted the match (median and 90th percentile)."
        ),
        DURATION,
    ),
    Indicator(
        "initiatives_realised",
        INITIATIVES,
        _l("Initiatives realised"),
        _l(
            "Submitted initiatives decided in the period (the day they became done, declined or withdrawn "
            "counts) that became done, as a share of all submitted initiatives decided in the period."
        ),
        SHARE,
    ),
    Indicator(
        "initiative_days_to_response",
        INITIATIVES,
        _l("Days from initiative to first response"),
        _l(
            "For the initiatives the team first responded to in the period (the first step a worker took after "
            "submission): the days from submission to that first response (median and 90th percentile)."
        ),
        DURATION,
    ),
    Indicator(
        "clusters_taken_up",
        SIGNALS,
        _l("Recurring matters taken up in a project"),
        _l(
            "Clusters of signals that became recurring in the period (not merged into another), of which the "
            "team has taken up the matter in a collective project (today), as a share of those clusters."
        ),
        SHARE,
        team_only=True,
    ),
    Indicator(
        "projects_started",
        SIGNALS,
        _l("Projects started"),
        _l("Collective projects created in the period."),
        COUNT,
    ),
    Indicator(
        "projects_running",
        SIGNALS,
        _l("Projects running"),
        _l("Collective projects created before the end of the period and not finished before its end."),
        COUNT,
    ),
    Indicator(
        "projects_finished",
        SIGNALS,
        _l("Projects finished"),
        _l("Collective projects finished in the period."),
        COUNT,
    ),
    Indicator(
        "project_participants",
        SIGNALS,
        _l("Project participants"),
        _l("Distinct residents who joined a collective project in the period (and have not left it)."),
        COUNT,
    ),
    Indicator(
        "active_volunteers",
        VOLUNTEERS,
        _l("Active volunteers"),
        _l(
            "Distinct residents who in the period helped a neighbour in a match both sides accepted (the day of "
            "accepting counts; the place is the request's neighbourhood), signed up for a volunteer role of an "
            "initiative (the initiative's neighbourhood) or joined a collective project (the project's team and "
            "area)."
        ),
        COUNT,
    ),
    Indicator(
        "questions_in_time",
        QUESTIONS,
        _l("Questions answered in time"),
        _l(
            "Questions to the team first answered in the period whose first reply came at or before the team's "
            "answer-by time, as a share of the questions first answered in the period that had an answer-by time."
        ),
        SHARE,
        team_only=True,
    ),
    Indicator(
        "question_days_to_answer",
        QUESTIONS,
        _l("Days to answer a question"),
        _l(
            "For the questions first answered in the period: the days (24 hours, with decimals) from the "
            "question to the team's first reply (median and 90th percentile)."
        ),
        DURATION,
        team_only=True,
    ),
    Indicator(
        "complaints_filed",
        COMPLAINTS,
        _l("Complaints filed"),
        _l("Complaints received in the period."),
        COUNT,
        team_only=True,
    ),
    Indicator(
        "complaints_in_time",
        COMPLAINTS,
        _l("Complaints answered in time"),
        _l(
            "Of the complaints received in the period: those answered at or before their due time (six weeks), "
            "as a share of those answered or already past their due time today (a complaint still within its "
            "term and not answered is not counted either way)."
        ),
        SHARE,
        team_only=True,
    ),
    Indicator(
        "residents_registered",
        PARTICIPATION,
        _l("Residents registered"),
        _l("Resident accounts created in the period (their home neighbourhood counts), still existing today."),
        COUNT,
    ),
    Indicator(
        "initiatives_submitted",
        PARTICIPATION,
        _l("Initiatives submitted"),
        _l("Initiatives submitted to the team in the period (the first submission counts)."),
        COUNT,
    ),
    Indicator(
        "signals_reported",
        PARTICIPATION,
        _l("Signals reported"),
        _l("Signals reported in the period, by residents or recorded for partners."),
        COUNT,
    ),
    Indicator(
        "help_offers_made",
        PARTICIPATION,
        _l("Help offers made"),
        _l("Offers of help made in the period, including offers made to answer one request."),
        COUNT,
    ),
)

BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
KEYS = tuple(BY_KEY)
