"""Which sentences of the cited paragraphs the answer quotes, and which first: a logistic model over
signals of each sentence against the question, learned from the labelled question sets by
``eval/sentence_ranker.py`` (held out one set at a time) and shipped as data (``sentence_ranker.json``),
with the margin below the first within which a further sentence is quoted.

Each sentence is scored against the other candidates of the same question, so the signals are mostly
differences from the best candidate: a sentence alone does not carry its topic, and how close the
question is to the plan at all says nothing about which sentence answers it. Beside ``FEATURES``, the
model weighs the components of the sentence's vector times the query's (less the closest candidate's):
a cosine whose parts it learns to weigh, since not every part of a question's meaning says what an
answer must state. Those weights hold only for the encoder and the document language they were
learned with; elsewhere the ranker weighs ``FEATURES`` alone.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant import sentence_trees
from assistant.coverage import held, states_asked
from assistant.question import content_words
from assistant.retrieve import Hit, Retrieval
from index.store import Sentence

MODEL = Path(__file__).with_name("sentence_ranker.json")
FEATURES = (
    "cosine",  # e5's cosine of the sentence, less the best candidate's
    "second_cosine",  # the second encoder's, likewise
    "paragraph_fused",  # its paragraph's fused retrieval score, less the best
    "paragraph_second",  # the second encoder's cosine of its paragraph, less the best
    "ranked_first",  # its paragraph is the one retrieval put first
    "ranked_second",
    "identifier",  # it cites an identifier the question names ("M (2019) 7")
    "states_asked",  # it states what the question asks for (an amount, a date, a place, ...)
    "asked_not_stated",  # the question asks for such a thing and the sentence does not state it
    "words_held",  # the share of the question's content words it holds, stems and compounds too
    "words_held_less",  # ... less the best candidate's share
    "opens_paragraph",
    "position",  # 0 for the paragraph's first sentence, 1 for its last
    "log_length",
)
Candidate = tuple[int, int]  # (citation number, sentence index)
# At most four sentences: a fourth quotes the evidence for more questions at half a sentence more
# (docs/decisions.md).
MAX_SENTENCES = 4


@lru_cache(maxsize=1)
def _shipped() -> dict:
    """The shipped model file, read once."""
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{MODEL.name} was trained on other features; retrain with `python -m eval.sentence_ranker`")
    return data


@lru_cache(maxsize=1)
def model() -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(mean, scale, weights, margin) of the shipped model: ``FEATURES`` in order, then the vector products."""
    data = _shipped()
    return np.array(data["mean"]), np.array(data["scale"]), np.array(data["weights"]), float(data["margin"])


def trained_on() -> tuple[str, str]:
    """The encoder whose vectors the shipped model weighs, and the language of the documents whose
    sentences it learned them on."""
    data = _shipped()
    return str(data.get("encoder", "")), str(data.get("document_language", ""))


def candidates(cited: list[Hit], sentences_of: list[list[int]]) -> list[Candidate]:
    """The sentences of the three best cited paragraphs."""
    return [(n, s) for n, hit in enumerate(cited[:3], 1) for s in sentences_of[hit.index]]


@dataclass(frozen=True)
class _Asked:
    """What each candidate is compared with: the question's retrieval, what it asks for and its words."""

    retrieval: Retrieval
    states: Callable[[str, str], bool] | None
    words: list[str]
    sentences_of: list[list[int]]
    sentences: list[Sentence]


def signals(
    question: str, cited: list[Hit], retrieval: Retrieval, sentences_of: list[list[int]], sentences: list[Sentence]
) -> tuple[list[Candidate], np.ndarray]:
    """The candidates and their ``FEATURES``, a row each, then their vector products (``products``)."""
    pool = candidates(cited, sentences_of)
    if not pool:
        return [], np.zeros((0, len(FEATURES)))
    asked = _Asked(retrieval, states_asked(question), content_words(question), sentences_of, sentences)
    rows = [_raw(n, cited[n - 1], s, asked) for n, s in pool]
    matrix = np.array([[row[name] for name in FEATURES] for row in rows])
    for name in ("cosine", "second_cosine", "paragraph_fused", "paragraph_second"):
        column = FEATURES.index(name)
        matrix[:, column] -= matrix[:, column].max()
    held_column = FEATURES.index("words_held")
    matrix[:, FEATURES.index("words_held_less")] = matrix[:, held_column] - matrix[:, held_column].max()
    return pool, np.hstack([matrix, products(pool, retrieval)])


def products(pool: list[Candidate], retrieval: Retrieval) -> np.ndarray:
    """Each candidate's vector times the query's, component by component, less the closest candidate's
    (no columns when the retrieval carries no sentence vectors)."""
    if retrieval.sentence_vectors is None:
        return np.zeros((len(pool), 0))
    each = retrieval.sentence_vectors[[s for _, s in pool]] * np.asarray(retrieval.query)[None, :]
    return (each - each[int(np.argmax(each.sum(axis=1)))]).astype(np.float64)


def _raw(n: int, hit: Hit, s: int, asked: _Asked) -> dict[str, float]:
    text = asked.sentences[s].text
    lowered = text.lower()
    siblings = asked.sentences_of[hit.index]
    place = siblings.index(s)
    stated = bool(asked.states and asked.states(text, hit.chunk.document.language))
    words = asked.words
    return {
        "cosine": float(asked.retrieval.sentence_scores[s]),
        "second_cosine": asked.retrieval.second_sentences.get(s, 0.0),
        "paragraph_fused": hit.fused,
        "paragraph_second": asked.retrieval.second.get(hit.index, 0.0),
        "ranked_first": float(n == 1),
        "ranked_second": float(n == 2),
        "identifier": float(any(code in lowered for code in asked.retrieval.identifiers)),
        "states_asked": float(stated),
        "asked_not_stated": float(asked.states is not None and not stated),
        "words_held": sum(held(w, lowered) for w in words) / len(words) if words else 0.0,
        "words_held_less": 0.0,  # filled in by ``signals``, against the other candidates
        "opens_paragraph": float(place == 0),
        "position": place / max(1, len(siblings) - 1),
        "log_length": math.log(max(1, len(text))),
    }


def quoted(scores: np.ndarray, margin: float) -> list[int]:
    """The positions of the candidates an answer quotes, best first: at most ``MAX_SENTENCES``, each scoring
    within ``margin`` (log-odds) of the best, so that a further sentence is quoted only when it is nearly as
    likely to state the answer."""
    order = np.argsort(-scores, kind="stable")[:MAX_SENTENCES]
    return [int(k) for k in order if scores[k] >= scores[order[0]] - margin]


def chosen(
    question: str, cited: list[Hit], retrieval: Retrieval, sentences_of: list[list[int]], sentences: list[Sentence]
) -> list[Candidate]:
    """The candidates the answer quotes, the likeliest to state the answer first: by the trees when the
    candidates all come from the document they learned on (``sentence_trees``), else by the logistic model."""
    pool, matrix = signals(question, cited, retrieval, sentences_of, sentences)
    if not pool:
        return []
    documents = {cited[n - 1].chunk.document.key for n, _ in pool}
    if (trees := sentence_trees.applies(retrieval, sentences, documents)) is not None:
        if tuple(trees["features"]) != (*FEATURES, *sentence_trees.CONTEXT):
            raise ValueError("sentence_trees.npz was trained on other features; retrain: python -m eval.sentence_trees")
        extra = sentence_trees.context(question, pool, cited, retrieval, sentences_of, sentences)
        found = sentence_trees.scores(np.hstack([matrix[:, : len(FEATURES)], extra]), trees)
        return [pool[k] for k in quoted(found, float(trees["margin"]))]
    mean, scale, weights, margin = model()
    # The products' weights hold for the encoder and the document language they were learned on; elsewhere
    # they count as at their mean.
    languages = {cited[c - 1].chunk.document.language for c, _ in pool}
    usable = (retrieval.encoder, *languages) == trained_on() and matrix.shape[1] == len(weights)
    n = matrix.shape[1] if usable else len(FEATURES)
    return [pool[k] for k in quoted(((matrix[:, :n] - mean[:n]) / scale[:n]) @ weights[:n], margin)]
