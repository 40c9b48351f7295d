"""Learns the sentence ranker's trees for the indexed documents (``assistant/sentence_trees.py``): gradient
boosting over the ranker's ``FEATURES`` and each sentence's ``CONTEXT``, on the same rows as
``eval/sentence_ranker.py``. It prints the first quote held out by set and by paragraph (ten folds each),
chooses the quoting margin on the held-out scores, checks that the exported trees score as scikit-learn
does, and writes ``assistant/sentence_trees.npz`` tied to the plan's sentences and the encoder.

    python -m eval.sentence_trees            # held-out figures, then writes the model
    python -m eval.sentence_trees --dry-run  # held-out figures only
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from assistant.sentence_rank import FEATURES
from assistant.sentence_trees import CONTEXT, MODEL, document_key, scores
from eval.sentence_ranker import chosen_margin, figures, folded, training

# Fixed before the model was first shipped, from four settings compared held out by set (docs/decisions.md).
SPEC = {"max_iter": 200, "learning_rate": 0.1, "max_leaf_nodes": 31, "l2_regularization": 1.0, "random_state": 0}
FOLDS = 10


def design(row: dict) -> np.ndarray:
    """A row's candidates: ``FEATURES`` then ``CONTEXT``."""
    return np.hstack([np.asarray(row["x"], dtype=np.float64)[:, : len(FEATURES)], row["context"]])


def fit(rows: list[dict]):  # type: ignore[no-untyped-def]
    """The boosted trees on the rows' candidates."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    x = np.vstack([design(r) for r in rows])
    y = np.concatenate([r["y"] for r in rows]).astype(int)
    return HistGradientBoostingClassifier(**SPEC).fit(x, y)


def learn(rows: list[dict]) -> Callable[[dict], np.ndarray]:
    model = fit(rows)
    return lambda r: model.decision_function(design(r))


def export(model) -> dict[str, np.ndarray]:  # type: ignore[no-untyped-def]
    """The fitted trees as padded arrays, one row a tree (what ``sentence_trees.scores`` walks)."""
    nodes = [predictor[0].nodes for predictor in model._predictors]
    width = max(len(n) for n in nodes)

    def padded(field: str, dtype: type) -> np.ndarray:
        out: np.ndarray = np.zeros((len(nodes), width), dtype=dtype)
        for k, n in enumerate(nodes):
            out[k, : len(n)] = n[field]
        return out

    return {
        "feature": padded("feature_idx", np.int64),
        "threshold": padded("num_threshold", np.float64),
        "left": padded("left", np.int64),
        "right": padded("right", np.int64),
        "leaf": padded("is_leaf", bool),
        "missing_left": padded("missing_go_to_left", bool),
        "value": padded("value", np.float64),
        "depth": np.array(max(int(n["depth"].max()) for n in nodes)),
        "baseline": np.array(float(np.ravel(model._baseline_prediction)[0])),
        "features": np.array([*FEATURES, *CONTEXT]),
    }


def main(argv: list[str] | None = None) -> int:
    args, assistant, rows = training("python -m eval.sentence_trees", __doc__, argv)
    print(f"{len(rows)} answered questions\n")
    by_set = folded(rows, learn, "set", FOLDS)
    margin = chosen_margin(rows, by_set)
    by_paragraph = folded(rows, learn, "paragraph", FOLDS)
    print(f"held out, at margin {margin}:\n")
    print("| held out by | questions | first | quoted | from evidence | quotes |\n|---|---|---|---|---|---|")
    for name, found in (("set", by_set), ("paragraph", by_paragraph)):
        for key, values in figures(rows, found, margin).items():
            print(f"| {name} | {key} | " + " | ".join(f"{v:.3f}" for v in values) + " |")
    if not args.dry_run:
        model = fit(rows)
        trees = export(model)
        sample = np.vstack([design(r) for r in rows[:200]])
        if not np.allclose(scores(sample, trees), model.decision_function(sample), atol=1e-6):
            raise SystemExit("the exported trees score otherwise than scikit-learn's: not written")
        retriever = assistant.retriever
        (document,) = {chunk.document.key for chunk in retriever.chunks}  # the tuning sets ask about one plan
        trees |= {"margin": np.array(margin), "encoder": np.array(retriever.embedder.name)}
        trees |= {"document": np.array(document_key(retriever.stored.sentences, document))}
        np.savez_compressed(MODEL, **trees)  # type: ignore[arg-type]  # numpy's stub takes the arrays for flags
        print(f"wrote {MODEL}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
