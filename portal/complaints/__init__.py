"""Complaints: a resident's complaint about how their matter was handled, answered by the team's coordinator.

A logged-in resident files a complaint about their own question to a team, initiative, help request or signal
(linked from those pages, only for the resident who owns it), or about a team's work in general (from the team
page). The complaint belongs to the team of what it is about and reaches that team's coordinators, or every
coordinator when the team has none among its members. It is due six weeks after receipt (art. 9:11 Algemene
wet bestuursrecht, ``services.ANSWER_WEEKS``), has a status (new → in progress → answered → closed) and an
answer the resident reads on their own page under a reference number ("K-000042"). ``queries.figures_per_team``
gives the counts the indicators build on (filed, answered, answered in time).

Who reads and who acts, as a municipality's complaint procedure expects:

* **Coordinators act.** A complaint is handled by someone other than the person whose conduct it is about
  (art. 9:7 Awb). In the WIJ-teams that is the coordinator: coordinators see every team's complaints, assign
  one to a coordinator colleague, take it up, write the answer and close it. Every change is audit-logged.
* **The team's workers read, and only read.** The worker whose conduct is concerned must be heard (art. 9:10
  Awb), and a team learns from its complaints; so a worker reads the complaints about their own team(s) (the
  list and each complaint, without the complainant's contact details), but cannot assign, answer or close
  one. Workers of other teams get 403.
* **The complainant** reads their own complaint, its status and answer; anyone else gets 404 for it, and a
  crafted id of someone else's question, initiative, help request or signal on the complaint form is 404
  too: nothing tells whether it exists.
* **Nobody else.** A complaint is never public, and its words never leave in a mail: notifications carry the
  number, the team and the due date.

When the answer does not satisfy, the resident is pointed to the Ombudsman Groningen (art. 9:12 Awb), who also
handles complaints about WIJ Groningen. Deleting the complainant's account keeps the record for the figures but
removes their link, their words and the answer (``privacy.py``).
"""
