"""Accounts: registration, log-in, passwords, the profile and staff accounts."""
