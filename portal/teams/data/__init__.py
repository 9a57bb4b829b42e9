"""Reference data of the Groningen WIJ-teams, derived from shared/data by ``build.py``."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
