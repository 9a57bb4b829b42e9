"""Notifications: in-app messages to residents and workers, mailed at once, in a daily or weekly digest, or not."""
