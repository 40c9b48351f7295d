"""BM25 over paragraphs with the document language's stemmer and stop words (bm25s + PyStemmer)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest.languages import BY_CODE

_TOKEN = re.compile(r"\w[\w-]*\w|\w", re.UNICODE)


@lru_cache(maxsize=8)
def _stemmer(language: str):  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer(BY_CODE.get(language, BY_CODE["nl"]).stemmer)


@lru_cache(maxsize=8)
def stopwords(language: str) -> frozenset[str]:
    """Stop words of a served language (bm25s's lists)."""
    from bm25s import stopwords as sw

    return frozenset(getattr(sw, BY_CODE[language].stopwords)) if language in BY_CODE else frozenset()


def tokenize(text: str, language: str, extra_stop: frozenset[str] = frozenset()) -> list[str]:
    """Lower-cased, stop-word-free, stemmed tokens; hyphenated words also give their parts."""
    stop = stopwords(language) | extra_stop
    words: list[str] = []
    for word in _TOKEN.findall(text.lower()):
        parts = [word] + (word.split("-") if "-" in word else [])
        words.extend(p for p in parts if p and p not in stop and (len(p) > 1 or p.isdigit()))
    return list(_stemmer(language).stemWords(words))


class LexicalIndex:
    """BM25 scores for every paragraph, in the order of ``ids``."""

    def __init__(self, ids: list[str], texts: list[str], language: str) -> None:
        import bm25s

        self.ids = list(ids)
        self.language = language
        self._bm25 = bm25s.BM25()
        corpus = [tokenize(t, language) or ["\u2205"] for t in texts]
        self._bm25.index(corpus, show_progress=False)

    def scores(self, query: str, query_language: str) -> np.ndarray:
        """BM25 score of each paragraph for the query (zeros when nothing matches)."""
        tokens = tokenize(query, self.language, stopwords(query_language))
        vocab = self._bm25.vocab_dict
        known = [t for t in tokens if t in vocab]
        if not known or not self.ids:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def save(self, folder: Path) -> None:
        """Write the index as inspectable files (numpy arrays and JSON, no pickle)."""
        folder.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(folder), show_progress=False)
        (folder / "ids.json").write_text(json.dumps({"language": self.language, "ids": self.ids}))

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Read an index written by ``save``."""
        import bm25s

        meta = json.loads((folder / "ids.json").read_text())
        obj = cls.__new__(cls)
        obj.ids, obj.language = meta["ids"], meta["language"]
        obj._bm25 = bm25s.BM25.load(str(folder), show_progress=False)
        return obj
