"""Learns which sentences an answer quotes, and which first (``assistant/sentence_rank.py``): the signals of every
candidate sentence of every answered answerable question in the tuning sets (``eval.judge.TUNING``), labelled by
whether it holds the question's evidence; logistic regression, cross-validated one set held out at a
time, the regularisation chosen on the held-out first quotes, then fitted on all of them and written to
``assistant/sentence_ranker.json`` with the margin chosen on the held-out scores (``chosen_margin``).

It also prints the first quote held out *by paragraph*: questions whose first cited paragraph is the same are
held out together (ten folds of paragraphs), so the model has not seen the sentences it ranks first. The
question sets all ask about the one plan, so held out by set the model has learned the plan's sentences
too; by paragraph is nearer what it does for a document it was not trained on.

    python -m eval.sentence_ranker            # held-out figures, then writes the model
    python -m eval.sentence_ranker --dry-run  # held-out figures only
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistant.agenda import period_asked
from assistant.answer import choose_citations
from assistant.judge import judged
from assistant.retrieve import Filters, Retrieval
from assistant.sentence_rank import FEATURES, MODEL, quoted, signals
from assistant.sentence_trees import context
from eval.judge import TUNING
from eval.metrics import holds_evidence

# (inverse regularisation strength, weight of the vector products against ``FEATURES``) tried; the best held
# out is kept. A lower weight regularises the products' columns harder.
GRID = tuple((c, v) for c in (0.1, 1.0) for v in (0.25, 0.5))
MARGINS = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0)  # in log-odds below the first sentence's


def collect(assistant, paths) -> list[dict]:  # type: ignore[no-untyped-def]
    """One row per answerable question the assistant answers: its candidates' signals and labels."""
    rows = []
    retriever = assistant.retriever
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            if not q["answerable"]:
                continue
            clean = assistant.check_question(q["question"])
            retrieval = retriever.search(clean, None, Filters(), k=10)
            if not _answered(assistant, clean, retrieval):
                continue
            cited = choose_citations(retrieval.hits, assistant.settings.citations)
            pool, matrix = signals(clean, cited, retrieval, retriever.sentences_of, retriever.stored.sentences)
            labels = [holds_evidence(q["evidence"], retriever.stored.sentences[s].text) for _, s in pool]
            cited_evidence = [holds_evidence(q["evidence"], cited[n - 1].chunk.text) for n, _ in pool]
            row = {"set": Path(path).stem, "lang": q["lang"], "x": matrix, "y": labels, "cites": cited_evidence}
            sentences = retriever.stored.sentences
            extra = context(clean, pool, cited, retrieval, retriever.sentences_of, sentences)
            rows.append(row | {"paragraph": cited[0].chunk.id, "context": extra})
    return rows


def _answered(assistant, question: str, retrieval: Retrieval) -> bool:  # type: ignore[no-untyped-def]
    """The assistant quotes sentences for it (as ``Assistant.ask``): it neither abstains nor answers from
    the agenda."""
    if not retrieval.hits or period_asked(question, retrieval.language, assistant.year) is not None:
        return False
    threshold = assistant.settings.abstain_below
    return judged(question, retrieval.language, retrieval, assistant.retriever, threshold) is None


def fit(rows: list[dict], c: float = 1.0, vector: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mean, scale, weights) of a logistic regression on the rows' candidates."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x = np.vstack([r["x"] for r in rows])
    y = np.concatenate([r["y"] for r in rows])
    scaler = StandardScaler().fit(x)
    scaler.scale_[len(FEATURES) :] /= vector
    model = LogisticRegression(C=c, max_iter=3000).fit(scaler.transform(x), y)
    return scaler.mean_, scaler.scale_, model.coef_[0]


def held_out(
    rows: list[dict], c: float = 1.0, vector: float = 1.0, by: str = "set", folds: int = 0
) -> list[np.ndarray]:
    """Each question's candidate scores from a logistic model fitted without its set (see ``folded``)."""

    def learn(training: list[dict]) -> Callable[[dict], np.ndarray]:
        mean, scale, weights = fit(training, c, vector)
        return lambda r: ((np.array(r["x"]) - mean) / scale) @ weights

    return folded(rows, learn, by, folds)


def folded(
    rows: list[dict], learn: Callable[[list[dict]], Callable[[dict], np.ndarray]], by: str = "set", folds: int = 0
) -> list[np.ndarray]:
    """Each question's candidate scores from what ``learn`` fitted without its set (or whatever ``by`` names),
    or, with ``folds``, without the fold its group falls in (the groups in sorted order, dealt round)."""
    groups = sorted({r[by] for r in rows})
    fold = {g: k % folds if folds else k for k, g in enumerate(groups)}
    scores: list[np.ndarray] = [np.zeros(0)] * len(rows)
    for out in sorted(set(fold.values())):
        score = learn([r for r in rows if fold[r[by]] != out])
        for k, r in enumerate(rows):
            if fold[r[by]] == out:
                scores[k] = score(r)
    return scores


def figures(rows: list[dict], scores: list[np.ndarray], margin: float) -> dict[str, tuple[float, ...]]:
    """By language and in all: (the first quote holds the evidence, a quote does, the share of quotes from a
    paragraph that holds it, quotes per answer)."""
    by: dict[str, list[tuple[float, ...]]] = defaultdict(list)
    for r, s in zip(rows, scores, strict=True):
        picks = quoted(s, margin)
        row = (r["y"][picks[0]], any(r["y"][k] for k in picks), np.mean([r["cites"][k] for k in picks]), len(picks))
        by["all"].append(row)
        by[r["lang"]].append(row)
    return {key: tuple(np.mean(values, axis=0)) for key, values in by.items()}


def best(rows: list[dict]) -> tuple[tuple[float, float], list[np.ndarray]]:
    """The ``GRID`` point whose held-out first quote holds the evidence most often, and its scores."""
    tried = {point: held_out(rows, *point) for point in GRID}
    chosen = max(GRID, key=lambda point: figures(rows, tried[point], 0.0)["all"][0])
    return chosen, tried[chosen]


def chosen_margin(rows: list[dict], scores: list[np.ndarray]) -> float:
    """The margin with the best balance (harmonic mean) of answers quoting the evidence and quotes coming from
    a paragraph that holds it: a wider one quotes the evidence more often, with more sentences from
    elsewhere."""

    def balance(m: float) -> float:
        _, evidence_quoted, from_evidence, _ = figures(rows, scores, m)["all"]
        return 2 * evidence_quoted * from_evidence / (evidence_quoted + from_evidence)

    return max(MARGINS, key=balance)


def training(prog: str, description: str | None, argv: list[str] | None):  # type: ignore[no-untyped-def]
    """What a trainer of sentence rankers starts from: its arguments (``--dry-run``), the assistant, and the
    rows of the tuning sets (``collect``), the same rows for the logistic ranker and the trees."""
    from assistant.api import Assistant
    from assistant.settings import Settings

    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--dry-run", action="store_true", help="print the held-out figures, write nothing")
    args = parser.parse_args(argv)
    assistant = Assistant.open(Settings.from_env())
    return args, assistant, collect(assistant, [p for p in TUNING if p.exists()])


def main(argv: list[str] | None = None) -> int:
    args, assistant, rows = training("python -m eval.sentence_ranker", __doc__, argv)
    reachable = sum(any(r["y"]) for r in rows) / len(rows)
    print(f"{len(rows)} answered questions; a candidate holds the evidence for {reachable:.3f}\n")
    point, scores = best(rows)
    print(f"C={point[0]}, vector weight {point[1]}\n")
    print("| margin | first quote holds the evidence | a quote does | quotes from evidence paragraphs | quotes |")
    print("|---|---|---|---|---|")
    for m in (*MARGINS, np.inf):
        print(f"| {m} | " + " | ".join(f"{v:.3f}" for v in figures(rows, scores, m)["all"]) + " |")
    margin = chosen_margin(rows, scores)
    print(f"\nheld out, at margin {margin}:\n")
    print("| questions | first | quoted | from evidence | quotes |\n|---|---|---|---|---|")
    for key, values in figures(rows, scores, margin).items():
        print(f"| {key} | " + " | ".join(f"{v:.3f}" for v in values) + " |")
    unseen = figures(rows, held_out(rows, *point, by="paragraph", folds=10), margin)
    print("\nheld out by paragraph, first quote: " + ", ".join(f"{k} {v[0]:.3f}" for k, v in unseen.items()))
    if not args.dry_run:
        mean, scale, weights = fit(rows, *point)
        retriever = assistant.retriever
        model: dict[str, object] = {"features": list(FEATURES), "encoder": retriever.embedder.name}
        model |= {"document_language": retriever.language, "c": point[0], "vector_weight": point[1]}
        model |= {"margin": margin, "mean": _rounded(mean), "scale": _rounded(scale), "weights": _rounded(weights)}
        MODEL.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL}")
    return 0


def _rounded(values: np.ndarray) -> list[float]:
    return [round(float(v), 6) for v in values]


if __name__ == "__main__":
    raise SystemExit(main())
