"""Complaints: a resident's complaint about how their matter was handled, answered by the team's coordinator."""
