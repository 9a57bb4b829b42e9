"""What the crawls visited, collected for the terminal summary (see conftest.py)."""

from __future__ import annotations

CRAWL_LOG: list[tuple[str, str, str]] = []  # (role/language, how, path + status)
CRAWL_ROUTES: dict[str, set[str]] = {}  # endpoint -> {"role/language", ...}
ALL_ROUTES: set[str] = set()  # every GET endpoint of the app


def write_summary(tr) -> None:
    if not CRAWL_LOG:
        return
    tr.section("pages visited by the crawler")
    seen: dict[str, list[str]] = {}
    for run, how, what in CRAWL_LOG:
        seen.setdefault(what if how == "link" else f"{what}  ({how})", []).append(run)
    for what, runs in sorted(seen.items()):
        tr.write_line(f"{what}  [{', '.join(runs)}]")
    missing = sorted(ALL_ROUTES - set(CRAWL_ROUTES))
    tr.write_line("")
    tr.write_line(f"GET routes reached: {len(ALL_ROUTES) - len(missing)} of {len(ALL_ROUTES)}")
    if missing:
        tr.write_line("GET routes no crawl reached (token links, unlinked, or missed): " + ", ".join(missing))
