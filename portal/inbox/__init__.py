"""The team inbox as a workflow: assign, reply, internal notes, answer-by times, reply templates."""
