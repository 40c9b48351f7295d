"""The served languages, spelled once: code, own name, Snowball stemmer and bm25s stop-word list.

Every other per-language table (cue words, framing, interface texts, time words, document words) is
keyed by these codes, and a test checks that each table has every code. Adding a language starts here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DOCUMENT_WORDS = Path(__file__).with_name("document_words.toml")


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


@cache
def document_words() -> dict[str, dict]:
    """How documents phrase what the parser and the answer read, by language (``document_words.toml``)."""
    with DOCUMENT_WORDS.open("rb") as fh:
        return tomllib.load(fh)


def phrases(words: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first; a phrase ending in '-' may touch what follows."""
    parts = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w) + ("" if w.endswith("-") else r"\b") for w in parts)
