"""A learned answerability judge, tried against the shipped rules: signals on every labelled dev and
training set, logistic regression cross-validated one set held out at a time, the operating point chosen on
the held-out predictions for false abstention <= ``MAX_FALSE_ABSTENTION``, and the same figures for the
rules (``coverage.why_unanswered``) beside it. The assistant ships whichever decides better on held-out
questions; see docs/decisions.md for the last comparison.

    python -m eval.judge [--rows FILE]     # FILE caches the signals between runs
"""

from __future__ import annotations

import argparse
import json
import math
import re
from collections import defaultdict
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
    weak_evidence,
)
from assistant.question import content_words
from assistant.retrieve import Filters, Retrieval, Retriever
from ingest.languages import CODES

HERE = Path(__file__).parent
TESTS = HERE.parent / "tests"
# The sets the judge learns from. Never gold-test (the CI gate) nor the frozen blind sets.
TRAINING = (
    HERE / "gold-dev.jsonl",
    HERE / "gold-dev-blind.jsonl",
    HERE / "gold-dev-blind2.jsonl",
    HERE / "gold-dev-extra.jsonl",
    HERE / "gold-dev-hard.jsonl",
    HERE / "gold-train-1.jsonl",
    HERE / "gold-train-2.jsonl",
    TESTS / "nearmiss-questions.jsonl",
)
MAX_FALSE_ABSTENTION = 0.03
C = 0.1  # inverse regularisation strength: the best of 0.01-1 by the held-out abstention at 3%


_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")
_NAME = re.compile(r"(?<=[^\W\d_] )[A-ZÀ-Þ][\w'’-]+")
GAP_KINDS = ("offtopic", "quantity", "date", "office", "address", "place", "person", "name", "year")


def _share_missing(words: list[str], text: str) -> float:
    return sum(not held(w, text) for w in words) / len(words) if words else 0.0


def assess(
    question: str, language: str, retrieval: Retrieval, retriever: Retriever, threshold: float
) -> tuple[dict[str, float], Gap | None]:
    """A question's signals (floats by name; "rules" is the shipped decision, ``why_unanswered``, kept to
    compare with), and the gap the rule checks found."""
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
        "years_missing_evidence": float(any(y not in evidence for y in YEAR.findall(question))),
        "places_missing_evidence": float(any(not any(n in evidence for n in p) for p in places_in(question, language))),
        "followup_unstated": float(asks_followup(question) and not _followup_stated(question, retrieval, retriever)),
    }
    out.update({f"gap_{kind}": float(gap is not None and gap.kind == kind) for kind in GAP_KINDS})
    out.update({f"lang_{code}": float(language == code) for code in CODES})
    out["rules"] = float(gap is not None or weak_evidence(question, retrieval, retriever, threshold))
    return out, gap


def _followup_stated(question: str, retrieval: Retrieval, retriever: Retriever) -> bool:
    return any(states_followup(text, question, lang) for text, lang in pool(retrieval, retriever, POOL_MARGIN))


def collect(assistant, paths) -> list[dict]:  # type: ignore[no-untyped-def]
    """One row per question that the judge would decide: its signals, label, language and set."""
    rows = []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            values = signals_of(assistant, q["question"])
            if values is not None:
                rows.append({"set": Path(path).stem, "lang": q["lang"], "y": not q["answerable"], "x": values})
    return rows


def _fit(x: np.ndarray, y: np.ndarray):  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=C, max_iter=2000).fit(scaler.transform(x), y)
    return scaler, model


def held_out(rows: list[dict], names: list[str]) -> np.ndarray:
    """Each row's probability from a model trained without its set."""
    x = np.array([[r["x"][n] for n in names] for r in rows])
    y = np.array([r["y"] for r in rows])
    sets = np.array([r["set"] for r in rows])
    p = np.zeros(len(rows))
    for s in sorted(set(sets)):
        out = sets == s
        scaler, model = _fit(x[~out], y[~out])
        p[out] = model.predict_proba(scaler.transform(x[out]))[:, 1]
    return p


def operating_point(p: np.ndarray, y: np.ndarray, most: float = MAX_FALSE_ABSTENTION) -> float:
    """The lowest threshold whose false abstention (answerable questions abstained) is at most ``most``."""
    answerable = np.sort(p[~y])[::-1]
    allowed = int(np.floor(most * len(answerable)))
    return float(answerable[allowed] + 1e-9) if allowed < len(answerable) else 0.0


def figures(p: np.ndarray, y: np.ndarray, threshold: float) -> tuple[float, float]:
    """Abstention on unanswerable questions and false abstention on answerable ones."""
    abstain = p >= threshold
    return float(abstain[y].mean()) if y.any() else 0.0, float(abstain[~y].mean()) if (~y).any() else 0.0


def report(rows: list[dict], p: np.ndarray, threshold: float) -> None:
    y = np.array([r["y"] for r in rows])
    rule = np.array([r["x"]["rules"] for r in rows]) > 0.5
    by: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by["all"].append(i)
        by[r["set"]].append(i)
        by[r["lang"]].append(i)
    print(
        "| questions | n | unanswerable | judge abstention | judge false abst. | rules abstention | rules false abst. |"
    )
    print("|---|---|---|---|---|---|---|")
    for key, idx in by.items():
        ix = np.array(idx)
        ja, jf = figures(p[ix], y[ix], threshold)
        ra, rf = figures(rule[ix].astype(float), y[ix], 0.5)
        print(f"| {key} | {len(ix)} | {int(y[ix].sum())} | {ja:.3f} | {jf:.3f} | {ra:.3f} | {rf:.3f} |")


def reliability(p: np.ndarray, y: np.ndarray) -> None:
    """The held-out probabilities' reliability (predicted against observed share of unanswerable questions,
    per fifth) and the precision and recall of abstention at a few thresholds."""
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import precision_recall_curve

    observed, predicted = calibration_curve(y, p, n_bins=5, strategy="quantile")
    print("\n| predicted unanswerable | observed |\n|---|---|")
    for a, b in zip(predicted, observed, strict=True):
        print(f"| {a:.2f} | {b:.2f} |")
    precision, recall, thresholds = precision_recall_curve(y, p)
    print("\n| threshold | abstention precision | abstention recall |\n|---|---|---|")
    for wanted in (0.3, 0.5, 0.7, 0.9):
        i = int(np.argmin(abs(thresholds - wanted)))
        print(f"| {thresholds[i]:.2f} | {precision[i]:.3f} | {recall[i]:.3f} |")


def signals_of(assistant, question: str) -> dict[str, float] | None:  # type: ignore[no-untyped-def]
    """A question's signals as ``Assistant.ask`` would see them (``None``: no hit, or the agenda answers)."""
    from assistant.agenda import period_asked

    clean = assistant.check_question(question)
    retrieval = assistant.retriever.search(clean, None, Filters(), k=10)
    if not retrieval.hits or period_asked(clean, retrieval.language, assistant.year) is not None:
        return None
    return assess(clean, retrieval.language, retrieval, assistant.retriever, assistant.settings.abstain_below)[0]


def main(argv: list[str] | None = None) -> int:
    from assistant.api import Assistant
    from assistant.settings import Settings

    parser = argparse.ArgumentParser(prog="python -m eval.judge", description=__doc__)
    parser.add_argument("--rows", type=Path, help="read (or first write) the signals here")
    args = parser.parse_args(argv)
    if args.rows and args.rows.exists():
        rows = [json.loads(line) for line in args.rows.read_text(encoding="utf-8").splitlines()]
    else:
        rows = collect(Assistant.open(Settings.from_env()), [p for p in TRAINING if p.exists()])
        if args.rows:
            args.rows.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    names = [n for n in rows[0]["x"] if n != "rules"]
    p = held_out(rows, names)
    y = np.array([r["y"] for r in rows])
    threshold = operating_point(p, y)
    print(
        f"Held-out judge at false abstention <= {MAX_FALSE_ABSTENTION:.0%} (threshold {threshold:.3f}) and the rules:\n"
    )
    report(rows, p, threshold)
    reliability(p, y)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
