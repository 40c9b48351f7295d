"""Whether the plan answers a question: a small network (one hidden layer; five trained from different
seeds, merged into one whose output is the mean of theirs) over the retrieval scores, the rule checks of
``coverage`` (each a signal, not a verdict) and how the question's vectors relate to its
closest sentence's and first paragraph's, learned from the labelled question sets by ``eval/judge.py``
(whole sets held out, the operating point chosen there for false abstention <= 3%) and shipped as data
(``judge.json``). The hidden layer lets a signal count differently by context: a missing figure
matters when a figure is asked, a vector part when the scores are close.

The vectors carry what scalar scores cannot: what the question asks that the closest sentence does not
say ("what comes next", a figure, another topic). ``VECTORS`` are, for e5, the difference of the
question's vector and the sentence's and their product component by component (which parts of the
meaning match), and for the second encoder the difference again: two encoders miss different things;
then the same three against the first paragraph. They relate the question to its evidence rather than
standing for the question alone, so that the judge weighs what is asked against what the plan says more
than which topics unanswerable questions happened to be about. The model holds only for the encoder and
documents it was trained on; with another encoder (``JAARPLAN_EMBED_MODEL``) or a user's own document
the rule checks decide alone.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.answer_types import asks_followup, states_followup
from assistant.coverage import (
    POOL_MARGIN,
    YEAR,
    Gap,
    held,
    missing,
    places_in,
    pool,
    typed_answer_found,
    unmentioned,
    weak_evidence,
    why_unanswered,
)
from assistant.question import content_words
from assistant.retrieve import Retrieval, Retriever
from ingest.languages import CODES

MODEL = Path(__file__).with_name("judge.json")
GAP_KINDS = ("offtopic", "quantity", "date", "office", "address", "place", "person", "name", "year")
SCALARS = (
    "dense",  # the best paragraph's dense score
    "dense_margin",  # ... less the second's
    "dense_spread",  # ... less the fifth's
    "sentence",  # the best sentence's cosine among the three best paragraphs
    "sentence_top",  # ... in the paragraph ranked first
    "second",  # the second encoder's cosine of the first paragraph
    "second_best",  # ... its best among the three best
    "offtopic_margin",  # the closest everyday off-topic question's cosine less the best paragraph's
    "typed_found",  # the closest sentences state the date, place or person asked
    "below_threshold",  # the best paragraph scores below ``abstain_below``
    "same_language",  # the question is in the documents' language
    "words",  # log(1 + the question's content words)
    "words_missing_evidence",  # the share of them the three best paragraphs lack
    "words_missing_plan",  # ... the documents lack
    "names_missing_evidence",  # the share of capitalised names the three best paragraphs lack
    "numbers_missing_evidence",  # besides the documents' own year, which no paragraph needs to name
    "years_missing_evidence",
    "places_missing_evidence",
    "unmentioned",  # it uses a word the documents never do, not even in a compound (same language only)
    "followup_unstated",  # it asks what comes next and no close sentence says
    "weak",  # ``coverage.weak_evidence``
    "flagged",  # weak, or a gap found: the rule checks' own verdict
    *(f"gap_{kind}" for kind in GAP_KINDS),  # what ``coverage.missing`` found
    *(f"lang_{code}" for code in CODES),
)
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
_NAME = re.compile(r"(?<=[^\W\d_] )[A-ZÀ-Þ][\w'’-]+")


def _share_missing(words: list[str], text: str) -> float:
    return sum(not held(w, text) for w in words) / len(words) if words else 0.0


def scalars(
    question: str, language: str, retrieval: Retrieval, retriever: Retriever, threshold: float
) -> tuple[dict[str, float], Gap | None, Gap | None]:
    """A question's ``SCALARS`` by name, the gap ``coverage.missing`` found, and the word of the asked part
    the documents never use (``coverage.unmentioned``)."""
    hits = retrieval.hits
    scores = retrieval.sentence_scores
    sent = [max((float(scores[s]) for s in retriever.sentences_of[h.index]), default=-1.0) for h in hits[:3]]
    dense = sorted((h.dense for h in hits), reverse=True)
    evidence = "\n".join(retriever.lowered[h.index] for h in hits[:3])
    asked = asked_part(question)  # the words of the asker's context are not what the plan should hold
    words = [w for w in dict.fromkeys(content_words(asked)) if w.lower() not in retriever.common]
    gap = missing(question, language, retrieval, retriever)
    absent = unmentioned(asked, language, retriever)
    own = {str(h.chunk.document.year) for h in hits}
    out = {
        "dense": dense[0],
        "dense_margin": dense[0] - dense[1] if len(dense) > 1 else 0.0,
        "dense_spread": dense[0] - dense[min(4, len(dense) - 1)],
        "sentence": max(sent),
        "sentence_top": sent[0],
        "second": retrieval.second.get(hits[0].index, 0.0),
        "second_best": max((retrieval.second.get(h.index, 0.0) for h in hits[:3]), default=0.0),
        "offtopic_margin": retriever.references.offtopic_score(retrieval.query) - dense[0],
        "typed_found": float(typed_answer_found(question, retrieval, retriever, threshold)),
        "below_threshold": float(dense[0] < threshold),
        "same_language": float(language == retriever.language),
        "words": math.log1p(len(words)),
        "words_missing_evidence": _share_missing(words, evidence),
        "words_missing_plan": _share_missing(words, retriever.lexicon),
        "names_missing_evidence": _share_missing(_NAME.findall(asked), evidence),
        "numbers_missing_evidence": float(any(n not in evidence for n in _NUMBER.findall(asked) if n not in own)),
        "years_missing_evidence": float(any(y not in evidence for y in YEAR.findall(asked) if y not in own)),
        "places_missing_evidence": float(any(not any(n in evidence for n in p) for p in places_in(asked, language))),
        "unmentioned": float(absent is not None),
        "followup_unstated": float(asks_followup(question) and not _followup_stated(question, retrieval, retriever)),
        "weak": float(weak_evidence(question, retrieval, retriever, threshold)),
    }
    out.update({f"gap_{kind}": float(gap is not None and gap.kind == kind) for kind in GAP_KINDS})
    out.update({f"lang_{code}": float(language == code) for code in CODES})
    out["flagged"] = float(out["weak"] or gap is not None)
    return out, gap, absent


def _followup_stated(question: str, retrieval: Retrieval, retriever: Retriever) -> bool:
    return any(states_followup(text, question, lang) for text, lang in pool(retrieval, retriever, POOL_MARGIN))


# What precedes the asked part of a question: the asker's context, up to the last sentence end (before a
# capital: "o.a. de" goes on) or spaced dash before the closing question mark ("Ik woon in Kerkrade en werk
# in Aken. Wat doet ...?").
_CONTEXT = re.compile(r"^.*(?:[.!]\s+(?=[A-ZÀ-ÖØ-Þ])|\s[–—-]\s+)(?=[^.!?–—]*\?\s*$)", re.DOTALL)


def asked_part(question: str) -> str:
    """The question without the asker's context before it, when it has any."""
    found = _CONTEXT.match(question)
    return question[found.end() :] if found else question


# The vector parts of a row after ``SCALARS``, in order; ``judge.json`` names the ones it was trained on.
VECTORS = (
    "difference",
    "product",
    "second_difference",
    "paragraph_difference",
    "paragraph_product",
    "paragraph_second_difference",
)


def vectors(question: str, language: str, retrieval: Retrieval, retriever: Retriever) -> np.ndarray:
    """``VECTORS`` of what the question asks (``asked_part``: where the asker lives or what befell them is
    context, not something the plan should say) against its closest sentence of the three best paragraphs,
    by each encoder, then the same against the first paragraph as a whole (which a sentence taken alone
    may not show to be about the asked topic)."""
    asked = asked_part(question)
    ids = [s for h in retrieval.hits[:3] for s in retriever.sentences_of[h.index]]
    query = retrieval.query if asked == question else retriever.references.align(retriever.embed(asked), language)
    query = np.asarray(query, dtype=np.float64)
    own = retriever.stored.sentence_vectors[ids]
    closest = own[int(np.argmax(own @ query))]
    second = retrieval.second_query if asked == question else None
    second = retriever.second.encode([asked])[0] if second is None else second
    theirs = retriever.universal.sentences[ids]
    top = retrieval.hits[0].index
    paragraph, their_paragraph = retriever.stored.vectors[top], retriever.universal.paragraphs[top]
    return np.concatenate(
        [
            *_relation(query, closest),
            second - theirs[int(np.argmax(theirs @ second))],
            *_relation(query, paragraph),
            second - their_paragraph,
        ]
    )


def _relation(query: np.ndarray, text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What the question's vector holds that the text's does not, and which parts of their meaning match."""
    return query - text, query * text


def features(
    question: str, language: str, retrieval: Retrieval, retriever: Retriever, threshold: float
) -> tuple[np.ndarray, Gap | None, Gap | None]:
    """The judge's input row (``SCALARS`` then ``VECTORS``), the gap the rule checks found and the word the
    documents never use (``scalars``)."""
    named, gap, absent = scalars(question, language, retrieval, retriever, threshold)
    row = np.concatenate([[named[name] for name in SCALARS], vectors(question, language, retrieval, retriever)])
    return row, gap, absent


@lru_cache(maxsize=1)
def model() -> dict | None:
    """The shipped model (``encoder``, ``mean``, ``scale``, ``hidden_weights``, ``hidden_bias``, ``weights``,
    ``intercept``, ``threshold``); ``None`` when there is none of this form for these ``SCALARS`` and
    ``VECTORS``, as while ``eval/judge.py`` trains a new one."""
    if not MODEL.exists():
        return None
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    if tuple(data["scalars"]) != SCALARS or tuple(data.get("vectors", ())) != VECTORS or "hidden_weights" not in data:
        return None
    data["documents"] = frozenset(data.get("documents", ()))
    return {k: np.array(v) if isinstance(v, list) else v for k, v in data.items() if k not in ("scalars", "vectors")}


def applies(retrieval: Retrieval) -> bool:
    """Whether the shipped model was trained for this retrieval: these signals, the encoder of its vectors,
    and the document of its first paragraph (the vector weights carry that document's topics, so for a user's
    own document, or with another encoder, the rule checks decide)."""
    found = model()
    return (
        found is not None
        and found["encoder"] == retrieval.encoder
        and bool(retrieval.hits)
        and retrieval.hits[0].chunk.document.sha256 in found["documents"]
    )


def probabilities(m: dict, rows: np.ndarray) -> np.ndarray:
    """How likely the plan does not answer each row (one per line of ``rows``), by the model ``m``: one hidden
    layer of rectified units, standardised inputs."""
    hidden = np.maximum(((rows - m["mean"]) / m["scale"]) @ m["hidden_weights"].T + m["hidden_bias"], 0.0)
    return 1.0 / (1.0 + np.exp(-(hidden @ m["weights"] + m["intercept"])))


def probability(row: np.ndarray) -> float:
    """How likely the plan does not answer, by the shipped model."""
    m = model()
    if m is None:
        raise RuntimeError(f"no {MODEL.name} for these signals: train one with `python -m eval.judge`")
    return float(probabilities(m, row[None, :])[0])


def abstains(row: np.ndarray) -> bool:
    """Whether the shipped model's probability reaches its operating point."""
    return probability(row) >= model()["threshold"]  # type: ignore[index]  # ``probability`` checked the model


def decides(retrieval: Retrieval) -> bool:
    """Whether the question is the judge's to decide: not with no hit (the plan cannot answer), nor when the
    first paragraph cites an identifier the question names (exact evidence, and too rare in the tuning sets
    to weigh): there the rule checks decide (``coverage.why_unanswered``)."""
    return bool(retrieval.hits) and not retrieval.hits[0].identified


def judged(question: str, language: str, retrieval: Retrieval, retriever: Retriever, threshold: float) -> Gap | None:
    """Why the plan cannot answer the question (``None`` when it may), as the judge decides: the gap a rule
    check found when there is one, else a word of the question the documents never use, else weak
    evidence. A question closer to an everyday off-topic one than to any paragraph always abstains; where
    the judge does not decide (``decides``) or its model does not apply (``applies``), the rule checks do."""
    if not decides(retrieval) or not applies(retrieval):
        return why_unanswered(question, language, retrieval, retriever, threshold)
    row, gap, absent = features(question, language, retrieval, retriever, threshold)
    # An everyday question, not a near one, always abstains: the tuning sets hold too few to weigh it.
    offtopic = gap is not None and gap.kind == "offtopic"
    if not offtopic and not abstains(row):
        return None
    weak = row[SCALARS.index("weak")] > 0.5
    return (None if weak else gap) or absent or Gap("evidence")
