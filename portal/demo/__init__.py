"""The Groningen demo data: a living neighbourhood for `make run`."""
