"""Administration for coordinators: teams, areas, accounts of workers, categories and the audit log."""
