"""Scheduled jobs: one long-running runner (``flask jobs run``) for mail, digests, help expiry, privacy
retention and the indicators' snapshot, each run once at a time however many servers start it."""
