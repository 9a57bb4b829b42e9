"""Work in progress (issue 6): filled in by this session."""
