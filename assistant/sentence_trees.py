"""The sentence ranker learned for the bundled plan's own sentences: gradient-boosted trees over the
ranker's ``FEATURES`` and the ``CONTEXT`` of each sentence, trained by ``eval/sentence_trees.py`` on the
labelled question sets and shipped as data (``sentence_trees.npz``) with the documents it learned on.

Held out by question set, the trees put the evidence first far more often than the logistic ranker (the
sets ask about the same plan, so the trees learn which of its sentences answer what); held out by
paragraph, on sentences they never saw, they do no better (docs/decisions.md). So they rank only the
sentences of the document they were trained on, and ``sentence_rank`` ranks any other with its logistic
model.
"""

from __future__ import annotations

import hashlib
import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.retrieve import Hit, Retrieval
from index.store import Sentence

MODEL = Path(__file__).with_name("sentence_trees.npz")
CONTEXT = (
    "previous_cosine",  # the cosine of the sentence before it in its paragraph, less the best (NaN: none)
    "next_cosine",  # ... of the sentence after it
    "cosine_in_paragraph",  # its cosine less its paragraph's best
    "with_previous",  # the cosine of it joined with the sentence before it, less the best
    "with_next",
    "digit",  # it holds a digit
    "paragraph_sentences",  # the log of its paragraph's sentence count
    "question_words",  # the log of one plus the question's word count
)
_DIGIT = re.compile(r"\d")


def document_key(sentences: list[Sentence], document: str) -> str:
    """What the trees are tied to: a digest of the texts of one document's indexed sentences (whose chunk ids
    start with the document's key), so that other documents in the index change nothing."""
    prefix = f"{document}:"
    texts = "\n".join(s.text for s in sentences if s.chunk_id.startswith(prefix))
    return hashlib.sha256(texts.encode("utf-8")).hexdigest()[:32]


@lru_cache(maxsize=1)
def shipped() -> dict[str, np.ndarray] | None:
    """The shipped trees' arrays, read once (``None`` without a model file)."""
    if not MODEL.exists():
        return None
    with np.load(MODEL) as data:
        return {name: data[name] for name in data.files}


def applies(retrieval: Retrieval, sentences: list[Sentence], documents: set[str]) -> dict[str, np.ndarray] | None:
    """The shipped trees when the candidates all come from the one document they were learned on, split into
    the same sentences and embedded by the same encoder, else ``None``."""
    trees = shipped()
    if trees is None or str(trees["encoder"]) != retrieval.encoder or retrieval.sentence_vectors is None:
        return None
    if len(documents) != 1:
        return None
    return trees if str(trees["document"]) == document_key(sentences, next(iter(documents))) else None


def context(
    question: str,
    pool: list[tuple[int, int]],
    cited: list[Hit],
    retrieval: Retrieval,
    sentences_of: list[list[int]],
    sentences: list[Sentence],
) -> np.ndarray:
    """The ``CONTEXT`` of each candidate (citation number, sentence index), a row each."""
    cosines = retrieval.sentence_scores
    best = max(float(cosines[s]) for _, s in pool)
    vectors = retrieval.sentence_vectors
    query = np.asarray(retrieval.query, dtype=np.float64)

    def joined(s: int, other: int | None) -> float:
        if other is None or vectors is None:
            return math.nan
        v = np.asarray(vectors[s], dtype=np.float64) + vectors[other]
        return float(v @ query / np.linalg.norm(v)) - best

    rows = []
    for n, s in pool:
        siblings = sentences_of[cited[n - 1].index]
        place = siblings.index(s)
        before = siblings[place - 1] if place > 0 else None
        after = siblings[place + 1] if place + 1 < len(siblings) else None
        rows.append(
            [
                float(cosines[before]) - best if before is not None else math.nan,
                float(cosines[after]) - best if after is not None else math.nan,
                float(cosines[s]) - max(float(cosines[t]) for t in siblings),
                joined(s, before),
                joined(s, after),
                float(bool(_DIGIT.search(sentences[s].text))),
                math.log(len(siblings)),
                math.log(1 + len(question.split())),
            ]
        )
    return np.array(rows, dtype=np.float64)


def scores(x: np.ndarray, trees: dict[str, np.ndarray]) -> np.ndarray:
    """The trees' log-odds for each row of ``x``: every tree walked at once, one level a step, until every
    walk is at a leaf (a row whose value is missing goes the way the tree learned for missing values)."""
    count, width = trees["feature"].shape
    start = np.arange(count)[:, None] * width  # each tree's nodes, laid end to end
    feature, threshold = trees["feature"].ravel(), trees["threshold"].ravel()
    left, right = (trees["left"] + start).ravel(), (trees["right"] + start).ravel()
    leaf, missing_left = trees["leaf"].ravel(), trees["missing_left"].ravel()
    node = np.repeat(start.T, len(x), axis=0)
    rows = np.arange(len(x))[:, None]
    for _ in range(int(trees["depth"])):
        done = leaf[node]
        if done.all():
            break
        v = x[rows, feature[node]]
        go_left = np.where(np.isnan(v), missing_left[node], v <= threshold[node])
        node = np.where(done, node, np.where(go_left, left[node], right[node]))
    return float(trees["baseline"]) + trees["value"].ravel()[node].sum(axis=1)
