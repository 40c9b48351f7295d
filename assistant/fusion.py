"""Language-aware fusion of dense and lexical rankings (a pure function)."""

from __future__ import annotations

import numpy as np

RRF_K = 60
LEXICAL_WEIGHT = {"same": 1.0, "other": 0.2}


def rank_of(scores: np.ndarray, floor: float = 0.0) -> np.ndarray:
    """1-based rank of each item by descending score; items at or below ``floor`` get no rank (inf)."""
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype=np.float64)
    ranks[order] = np.arange(1, len(scores) + 1)
    return np.where(scores > floor, ranks, np.inf)


def fuse(dense: np.ndarray, lexical: np.ndarray, same_language: bool) -> np.ndarray:
    """Weighted reciprocal-rank fusion; the lexical ranking counts fully only when the question is
    in the document's language (a Dutch stemmer on a French question mostly adds noise)."""
    weight = LEXICAL_WEIGHT["same" if same_language else "other"]
    dense_part = 1.0 / (RRF_K + rank_of(dense, floor=-np.inf))
    lexical_part = weight / (RRF_K + rank_of(lexical))
    return dense_part + lexical_part
