"""The evaluation report: Markdown with the tables, and a PNG chart of MRR@10 by language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ingest.languages import CODES

LANGS = ("all", *CODES)


def chart(results: dict[str, Any], path: Path) -> None:
    """Grouped bars: MRR@10 and hit@1 per language, the assistant beside each baseline."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = list(results["retrieval"])
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    width = 0.8 / len(systems)
    for ax, metric in zip(axes, ("mrr@10", "hit@1"), strict=False):
        for k, name in enumerate(systems):
            values = [results["retrieval"][name][lang][metric] for lang in LANGS]
            ax.bar([i + k * width for i in range(len(LANGS))], values, width, label=name)
        ax.set_xticks([i + width * (len(systems) - 1) / 2 for i in range(len(LANGS))], LANGS)
        ax.set_title(metric)
        ax.set_ylim(0, 1)
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(loc="lower left", fontsize=8)
    fig.suptitle("Jaarplan assistant vs baselines, by question language")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def judge_chart(curves: dict[str, list[list[float]]], path: Path) -> None:
    """The answerability judge's reliability curve and its precision/recall curve of abstention."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4))
    left.plot([0, 1], [0, 1], ":", color="grey")
    left.plot(*zip(*curves["reliability"], strict=True), "o-")
    left.set(
        xlabel="predicted unanswerable", ylabel="observed unanswerable", title="reliability", xlim=(0, 1), ylim=(0, 1)
    )
    _, precision, recall = zip(*curves["precision_recall"], strict=True)
    right.plot(recall, precision, "o-")
    right.set(xlabel="abstention recall", ylabel="abstention precision", title="precision/recall (thresholds 0.1-0.9)")
    right.set(xlim=(0, 1), ylim=(0, 1))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(folder: Path, results: dict[str, Any], gold: str) -> None:
    """Write ``report.md`` and ``chart.png`` into ``folder`` (``gold``: the gold set's file name or names)."""
    from eval.run import table

    folder.mkdir(parents=True, exist_ok=True)
    chart(results, folder / "chart.png")
    judge = ""
    if results.get("judge", {}).get("reliability"):
        judge_chart(results["judge"], folder / "judge.png")
        judge = "![The answerability judge: reliability and precision/recall](judge.png)\n\n"
    gate = results["gate"]
    verdict = "passed" if gate["passed"] else "FAILED: " + "; ".join(gate["failures"])
    (folder / "report.md").write_text(
        f"# Evaluation report\n\nGold set `{gold}`: {results['questions']} questions, "
        f"{results['answerable']} answerable. Relevance is judged by evidence strings, not chunk ids.\n\n"
        f"![MRR@10 and hit@1 by language](chart.png)\n\n{judge}{table(results)}\n\nGate ({'eval/thresholds.toml'}): "
        f"{verdict}\n",
        encoding="utf-8",
    )
