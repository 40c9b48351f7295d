"""Train the answerability judge (``assistant/judge.json``): signals on every labelled dev and training
set, logistic regression cross-validated one set held out at a time, the operating point chosen on the
held-out predictions for false abstention <= ``MAX_FALSE_ABSTENTION``.

    python -m eval.judge            # prints the cross-validated figures and writes the model
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

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
C = 1.0  # inverse regularisation strength of the logistic regression


def collect(assistant, paths) -> list[dict]:  # type: ignore[no-untyped-def]
    """One row per question that the judge would decide: its signals, label, language and set."""
    rows = []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            values = assistant.judged_signals(q["question"])
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
    print("| rows | n | unanswerable | judge abstention | judge false abst. | rules abstention | rules false abst. |")
    print("|---|---|---|---|---|---|---|")
    for key, idx in by.items():
        ix = np.array(idx)
        ja, jf = figures(p[ix], y[ix], threshold)
        ra, rf = figures(rule[ix].astype(float), y[ix], 0.5)
        print(f"| {key} | {len(ix)} | {int(y[ix].sum())} | {ja:.3f} | {jf:.3f} | {ra:.3f} | {rf:.3f} |")


def train(rows: list[dict], names: list[str]) -> dict:
    """The model over all rows, with the operating point chosen on the held-out probabilities."""
    p = held_out(rows, names)
    y = np.array([r["y"] for r in rows])
    threshold = operating_point(p, y)
    report(rows, p, threshold)
    x = np.array([[r["x"][n] for n in names] for r in rows])
    scaler, model = _fit(x, y)
    return {
        "names": names,
        "mean": scaler.mean_.tolist(),
        "scale": scaler.scale_.tolist(),
        "coef": model.coef_[0].tolist(),
        "intercept": float(model.intercept_[0]),
        "threshold": threshold,
    }


def curves(assistant, questions) -> dict:  # type: ignore[no-untyped-def]
    """The judge on a gold set: its reliability (mean predicted probability of "unanswerable" against
    the observed share, per bin) and its precision and recall of abstention at each threshold."""
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import precision_recall_curve

    from assistant.judge import load_judge

    judge = load_judge()
    pairs = [(assistant.judged_signals(q.question), not q.answerable) for q in questions]
    y = np.array([label for values, label in pairs if values is not None])
    p = np.array([judge.unanswerable(values) for values, _ in pairs if values is not None])
    if len(set(y.tolist())) < 2:
        return {}
    observed, predicted = calibration_curve(y, p, n_bins=5, strategy="quantile")
    precision, recall, thresholds = precision_recall_curve(y, p)
    return {
        "threshold": judge.threshold,
        "reliability": [[float(a), float(b)] for a, b in zip(predicted, observed, strict=True)],
        "precision_recall": [
            [float(a), float(b), float(t)] for a, b, t in zip(precision[:-1], recall[:-1], thresholds, strict=True)
        ],
    }


def curve_table(judge: dict) -> str:
    """The curves as Markdown: the reliability bins, and precision and recall at a few thresholds."""
    lines = ["| predicted unanswerable | observed unanswerable |", "|---|---|"]
    lines += [f"| {p:.2f} | {o:.2f} |" for p, o in judge["reliability"]]
    lines += ["", "| threshold | abstention precision | abstention recall |", "|---|---|---|"]
    points = judge["precision_recall"]
    for wanted in (0.2, 0.3, 0.4, judge["threshold"], 0.5, 0.6, 0.7, 0.8):
        at = min(points, key=lambda pt: abs(pt[2] - wanted))
        mark = " (operating point)" if wanted == judge["threshold"] else ""
        lines.append(f"| {at[2]:.2f}{mark} | {at[0]:.3f} | {at[1]:.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from assistant.api import Assistant
    from assistant.judge import MODEL
    from assistant.settings import Settings

    parser = argparse.ArgumentParser(prog="python -m eval.judge", description=__doc__)
    parser.add_argument("--rows", type=Path, help="read (or first write) the signals here")
    parser.add_argument("--out", type=Path, default=MODEL)
    args = parser.parse_args(argv)
    if args.rows and args.rows.exists():
        rows = [json.loads(line) for line in args.rows.read_text(encoding="utf-8").splitlines()]
    else:
        rows = collect(Assistant.open(Settings.from_env()), [p for p in TRAINING if p.exists()])
        if args.rows:
            args.rows.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    names = [n for n in rows[0]["x"] if n != "rules"]
    model = train(rows, names)
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out} (threshold {model['threshold']:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
