"""The served languages, spelled once: code, own name, Snowball stemmer and bm25s stop-word list.

Every other per-language table (cue words, framing, interface texts, time words) is keyed by these
codes, and a test checks that each table has every code. Adding a language starts here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """One served language."""

    code: str
    name: str  # in the language itself, for the interface's language selector
    stemmer: str  # PyStemmer's (Snowball's) name
    stopwords: str  # bm25s's stop-word list for BM25 and content words
    cue_stopwords: str  # bm25s's list among the cue words that tell a short question's language


REGISTRY = (
    Language("nl", "Nederlands", "dutch", "STOPWORDS_DUTCH", "STOPWORDS_DUTCH"),
    Language("fr", "Français", "french", "STOPWORDS_FRENCH", "STOPWORDS_FRENCH"),
    Language("de", "Deutsch", "german", "STOPWORDS_GERMAN", "STOPWORDS_GERMAN"),
    Language("en", "English", "english", "STOPWORDS_EN", "STOPWORDS_EN_PLUS"),
)
CODES = tuple(lang.code for lang in REGISTRY)
BY_CODE = {lang.code: lang for lang in REGISTRY}
