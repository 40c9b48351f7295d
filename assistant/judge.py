"""Does the plan answer the question? One learned decision (logistic regression, ``judge.json``) over
language-agnostic signals of the retrieval, the answer-type and name checks, and concept coverage.

``eval/judge.py`` computes the signals on the labelled sets, cross-validates, chooses the operating
point and writes ``judge.json``; this module only reads it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.answer_types import asks_followup, states_followup
from assistant.coverage import POOL_MARGIN, Gap, compound, missing, places_in, pool, typed_answer_found
from assistant.question import content_words
from assistant.retrieve import Retrieval, Retriever
from ingest.languages import CODES

MODEL = Path(__file__).with_name("judge.json")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
_NAME = re.compile(r"(?<=[^\W\d_] )[A-ZÀ-Þ][\w'’-]+")
STEM = 5  # a word is held by a text holding its first letters: "grensarbeider" in "grensarbeiders"
GAP_KINDS = ("offtopic", "quantity", "date", "office", "address", "place", "person", "name")


def _held(word: str, text: str) -> bool:
    """Whether ``text`` (lower-cased) holds the word or its stem, inside a compound too ("wasbeer" in
    "wasbeerbeheer")."""
    word = word.lower()
    return (word[: max(STEM, len(word) - 2)] if len(word) > STEM else word) in text


def _share_missing(words: list[str], text: str) -> float:
    return sum(not _held(w, text) for w in words) / len(words) if words else 0.0


def assess(
    question: str, language: str, retrieval: Retrieval, retriever: Retriever, threshold: float
) -> tuple[dict[str, float], Gap | None]:
    """The judge's inputs for one question (every name is in ``judge.json``; "rules" is the decision of
    the hand-written checks alone, kept to compare), and the gap those checks found."""
    hits = retrieval.hits
    top = hits[0]
    sentences = retriever.sentences_of
    scores = retrieval.sentence_scores
    sent = [max((float(scores[s]) for s in sentences[h.index]), default=-1.0) for h in hits[:3]]
    dense = sorted((h.dense for h in hits), reverse=True)
    evidence = "\n".join(retriever.lowered[h.index] for h in hits[:3])
    words = [w for w in dict.fromkeys(content_words(question)) if w.lower() not in retriever.common]
    names = _NAME.findall(question)
    gap = missing(question, language, retrieval, retriever)
    offtopic = retriever.references.offtopic_score(retrieval.query)
    out = {
        "dense": dense[0],
        "dense_margin": dense[0] - dense[1] if len(dense) > 1 else 0.0,
        "dense_spread": dense[0] - dense[min(4, len(dense) - 1)],
        "sentence": max(sent),
        "sentence_top": sent[0],
        "second": retrieval.second.get(top.index, 0.0),
        "second_best": max((retrieval.second.get(h.index, 0.0) for h in hits[:3]), default=0.0),
        "offtopic_margin": offtopic - dense[0],
        "identified": float(top.identified),
        "typed_found": float(typed_answer_found(question, retrieval, retriever, threshold)),
        "below_threshold": float(dense[0] < threshold),
        "same_language": float(language == retriever.language),
        "words": math.log1p(len(words)),
        "words_missing_evidence": _share_missing(words, evidence),
        "words_missing_plan": _share_missing(words, retriever.corpus),
        "names_missing_evidence": _share_missing(names, evidence),
        "numbers_missing_evidence": float(any(n not in evidence for n in _NUMBER.findall(question))),
        "years_missing_evidence": float(any(y not in evidence for y in _YEAR.findall(question))),
        "places_missing_evidence": float(any(not any(n in evidence for n in p) for p in places_in(question, language))),
        "followup_unstated": float(asks_followup(question) and not _followup_stated(question, retrieval, retriever)),
    }
    out.update({f"gap_{kind}": float(gap is not None and gap.kind == kind) for kind in GAP_KINDS})
    out.update({f"lang_{code}": float(language == code) for code in CODES})
    weak = out["below_threshold"] and not top.identified and not out["typed_found"]
    out["rules"] = float(bool(weak or gap))
    return out, gap


def unmentioned(question: str, language: str, retriever: Retriever) -> Gap | None:
    """A word of a question in the documents' own language that they never use, even inside a compound:
    the reason an abstention gives in the asker's words ("It never mentions 'visquota'")."""
    if language != retriever.language:
        return None
    for word in content_words(question):
        lower = word.lower()
        held = _held(lower, retriever.corpus) or compound(lower, retriever.vocabulary)
        if len(lower) > 3 and not lower.isdigit() and not held:
            return Gap("name", word)
    return None


def _followup_stated(question: str, retrieval: Retrieval, retriever: Retriever) -> bool:
    return any(states_followup(text, question, lang) for text, lang in pool(retrieval, retriever, POOL_MARGIN))


@dataclass(frozen=True)
class Judge:
    """A logistic regression over standardised signals; abstains at ``threshold`` or above."""

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    def unanswerable(self, values: dict) -> float:
        """The probability that the plan does not answer, as the model was trained to judge."""
        x = (np.array([values[n] for n in self.names]) - self.mean) / self.scale
        return float(1.0 / (1.0 + np.exp(-(x @ self.coef + self.intercept))))

    def abstains(self, values: dict) -> bool:
        return self.unanswerable(values) >= self.threshold

    def to_json(self) -> dict:
        return {
            "names": list(self.names),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "threshold": self.threshold,
        }


@lru_cache(maxsize=1)
def load_judge(path: Path = MODEL) -> Judge:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Judge(
        tuple(raw["names"]),
        np.array(raw["mean"]),
        np.array(raw["scale"]),
        np.array(raw["coef"]),
        float(raw["intercept"]),
        float(raw["threshold"]),
    )
