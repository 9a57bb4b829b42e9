"""The signals' concept lexicon and word lists, under the names signals have always used.

They live in the foundation (`portal.lexicon_nl`), shared with help's matching, which may not import
signals; this module only names them here.
"""

from __future__ import annotations

from portal.lexicon_nl import COMMON_WORDS, CONCEPTS, GENERIC_WORDS, MISSPELLINGS, STOP_WORDS, THEMES

__all__ = ["CONCEPTS", "COMMON_WORDS", "GENERIC_WORDS", "MISSPELLINGS", "STOP_WORDS", "THEMES"]
