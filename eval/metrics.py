"""Relevance by evidence, retrieval metrics (ranx), and answer checks."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from eval.gold import GoldQuestion

CUTOFFS = (1, 3, 5)
WINDOW = 1500
_MARKER = re.compile(r"\[(\d+)\]")
_QUOTED = re.compile(r"\"(.+?)\" \[(\d+)\]", re.DOTALL)


def normalize(text: str) -> str:
    """Emphasis markers and line breaks aside, as in chunk texts."""
    return " ".join(text.replace("*", "").split())


def relevant(question: GoldQuestion, texts: Sequence[str]) -> list[bool]:
    """Which texts hold one of the question's evidence strings."""
    needles = [normalize(e) for e in question.evidence]
    return [any(n in normalize(t) for n in needles) for t in texts]


def holds_evidence(evidence: Sequence[str], sentence: str) -> bool:
    """A quoted sentence holds one of the evidence strings, or is part of it (evidence may run over two
    sentences)."""
    flat = normalize(sentence)
    return any(n in flat or flat in n for n in map(normalize, evidence))


def evidence_early(question: GoldQuestion, text: str) -> bool:
    """The evidence starts within the first ``WINDOW`` characters of the cited text."""
    flat = normalize(text)
    return any(0 <= flat.find(normalize(e)) < WINDOW for e in question.evidence)


def retrieval_scores(
    questions: Sequence[GoldQuestion], rankings: Sequence[Sequence[str]], texts_of: Sequence[Sequence[str]]
) -> dict[str, float]:
    """hit@1/3/5, MRR@10 and nDCG@10 over answerable questions, computed by ranx."""
    from ranx import Qrels, Run, evaluate

    qrels: dict[str, dict[str, int]] = {}
    run: dict[str, dict[str, float]] = {}
    # ranx's numba functions compile once per width of the ids' numpy strings: ids of one width (a number
    # per distinct id) let every evaluation reuse what ``compile_metrics`` compiled at set-up.
    codes: dict[str, str] = {}

    def code(name: str) -> str:
        return codes.setdefault(name, f"{len(codes):09d}")

    for q, ids, texts in zip(questions, rankings, texts_of, strict=False):
        if not q.answerable:
            continue
        flags = relevant(q, texts)
        rel = {code(cid): 1 for cid, ok in zip(ids, flags, strict=False) if ok} or {code(f"{q.id}::unseen"): 1}
        qrels[code(q.id)] = rel
        run[code(q.id)] = {code(cid): float(len(ids) - k) for k, cid in enumerate(ids[:10])} or {code("∅"): 0.0}
    if not qrels:
        return {}
    names = [f"hit_rate@{k}" for k in CUTOFFS] + ["mrr@10", "ndcg@10"]
    # one thread: a few hundred questions take milliseconds, and numba's thread pool would contend with
    # the embedder's OpenMP threads (see docs/decisions.md)
    got = evaluate(Qrels(qrels), Run(run), names, make_comparable=True, threads=1)
    return {name.replace("hit_rate", "hit"): float(got[name]) for name in names}


def compile_metrics() -> None:
    """Runs ``retrieval_scores`` once on a planted ranking. ranx's metrics are numba functions compiled on
    first use (about 40 s on 2 cores) and cached beside the package, so ``make setup`` calls this and the
    first evaluation does not pay it."""
    planted = GoldQuestion("planted", "nl", "?", True, ("needle",), "1", "")
    retrieval_scores([planted], [["a", "b"]], [["hay", "a needle"]])


def answer_checks(answer_text: str, citation_texts: dict[int, str]) -> tuple[bool, bool]:
    """(every [n] points at a citation, every quoted answer sentence occurs in its cited paragraph)."""
    markers_ok = all(int(n) in citation_texts for n in _MARKER.findall(answer_text))
    quotes = _QUOTED.findall(answer_text)
    quotes_ok = all(normalize(s) in normalize(citation_texts.get(int(n), "")) for s, n in quotes)
    return markers_ok, quotes_ok


def quote_figures(question: GoldQuestion, answer_text: str, citation_texts: dict[int, str]) -> tuple[bool, int, int]:
    """(the first quoted sentence holds the evidence, quoted sentences from evidence paragraphs, quoted sentences)."""
    quotes = _QUOTED.findall(answer_text)
    if not quotes:
        return False, 0, 0
    holds = holds_evidence(question.evidence, quotes[0][0])
    from_evidence = sum(relevant(question, [citation_texts.get(int(n), "")])[0] for _, n in quotes)
    return holds, from_evidence, len(quotes)


def wilson(share: float, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (95% by default) of a share observed on ``n`` questions: how far a
    gate metric measured on few questions may be from the assistant's true rate."""
    if n <= 0:
        return 0.0, 1.0
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank ``p`` quantile (0..1) of ``values``; 0.0 when there are none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * (len(ordered) - 1) + 0.5))] if ordered else 0.0


def judge_curves(p: Sequence[float], y: Sequence[bool]) -> dict[str, list[list[float]]]:
    """The answerability judge's reliability (per fifth of its probabilities: mean predicted against observed
    share of unanswerable questions) and precision and recall of abstention at thresholds 0.1-0.9."""
    import numpy as np
    from sklearn.calibration import calibration_curve

    probs, labels = np.asarray(p, dtype=float), np.asarray(y, dtype=bool)
    if len(set(labels.tolist())) < 2:
        return {"reliability": [], "precision_recall": []}
    observed, predicted = calibration_curve(labels, probs, n_bins=5, strategy="quantile")
    curve = []
    for t in np.linspace(0.1, 0.9, 9):
        abstain = probs >= t
        precision = float(labels[abstain].mean()) if abstain.any() else 1.0
        curve.append([round(float(t), 2), precision, float(abstain[labels].mean())])
    reliability = [[float(a), float(b)] for a, b in zip(predicted, observed, strict=True)]
    return {"reliability": reliability, "precision_recall": curve}


def curves_text(curves: dict[str, list[list[float]]]) -> str:
    """``judge_curves`` as two Markdown tables."""
    lines = ["| judge: predicted unanswerable | observed |", "|---|---|"]
    lines += [f"| {a:.2f} | {b:.2f} |" for a, b in curves["reliability"]]
    lines += ["", "| judge threshold | abstention precision | abstention recall |", "|---|---|---|"]
    lines += [f"| {t:.1f} | {pr:.3f} | {rc:.3f} |" for t, pr, rc in curves["precision_recall"]]
    return "\n".join(lines)
