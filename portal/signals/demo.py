"""Demo signals (issue 6): filled in by this session."""


def load_signals_demo() -> int:
    return 0
