"""Fault tests: the application served by real processes (gunicorn), under concurrency and faults."""
