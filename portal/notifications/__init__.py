"""Notifications: in-app messages to residents, mailed at once, in a weekly digest, or not."""
