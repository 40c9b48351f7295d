"""`jaarplan bench`: speed figures on this machine, with ratios against baselines measured in the same run."""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from eval.gold import DEFAULT_DEV, DEFAULT_TEST, load_gold
from eval.metrics import percentile

STAGES = ("detect", "embed", "dense", "lexical", "fusion", "second", "answer", "total")


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def scaled(assistant, factor: int, seed: int = 0):  # type: ignore[no-untyped-def]
    """An assistant over ``factor`` x the plan: copies of every paragraph with perturbed vectors."""
    import numpy as np

    from assistant.api import Assistant
    from assistant.retrieve import Retriever
    from index.lexical import LexicalIndex
    from index.store import Sentence, StoredIndex
    from index.universal import UniversalVectors

    base = assistant.retriever.stored
    rng = np.random.default_rng(seed)

    def noisy(m: np.ndarray) -> np.ndarray:
        out = m + rng.normal(0, 0.02, m.shape).astype(np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    chunks = [replace(c, id=f"{c.id}~{k}") if k else c for k in range(factor) for c in base.chunks]
    sentences = [
        Sentence(f"{s.id}~{k}", f"{s.chunk_id}~{k}" if k else s.chunk_id, s.ordinal, s.text)
        for k in range(factor)
        for s in base.sentences
    ]
    stored = StoredIndex(
        chunks,
        np.concatenate([base.vectors] + [noisy(base.vectors) for _ in range(factor - 1)]),
        sentences,
        np.concatenate([base.sentence_vectors] + [noisy(base.sentence_vectors) for _ in range(factor - 1)]),
    )
    lexical = LexicalIndex([c.id for c in chunks], [c.text for c in chunks], assistant.retriever.language)
    second = assistant.retriever.universal
    universal = UniversalVectors(
        tuple(c.id for c in chunks),
        np.concatenate([second.paragraphs] + [noisy(second.paragraphs) for _ in range(factor - 1)]),
        tuple(s.id for s in sentences),
        np.concatenate([second.sentences] + [noisy(second.sentences) for _ in range(factor - 1)]),
    )
    retriever = assistant.retriever
    return Assistant(
        assistant.settings, Retriever(stored, lexical, retriever.embedder, retriever.references, universal)
    )


def _latencies(assistant, questions: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    return [assistant.ask(q).timings_ms["total"] for q in questions]


def _serve_rss(settings) -> float:  # type: ignore[no-untyped-def]
    """Resident memory of a real `jaarplan serve` after answering a few questions, in MB."""
    import psutil
    from gradio_client import Client

    from eval.servers import served

    pids: list[int] = []
    with served(Path(settings.data_dir), pids=pids) as url:
        client = Client(url, verbose=False)
        for q in ("Wat staat er over telewerk?", "Lkw-Maut 2026", "hydrogen networks"):
            client.predict(q, "", "", api_name="/ask")
        proc = psutil.Process(pids[0])
        return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20


def scaling(assistant, questions: list[str], report: Path | None) -> None:  # type: ignore[no-untyped-def]
    """Warm latency with the store at x1, x10 and x100 the plan's size; a table, and a PNG in ``report``."""
    rows = []
    for factor in (1, 10, 100):
        target = assistant if factor == 1 else scaled(assistant, factor)
        lat = _latencies(target, questions)
        rows.append((factor, len(target.chunks), statistics.median(lat), percentile(lat, 0.95), percentile(lat, 0.99)))
    print("\n| store size | paragraphs | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|")
    for factor, n, p50, p95, p99 in rows:
        print(f"| x{factor} | {n} | {p50:.1f} | {p95:.1f} | {p99:.1f} |")
    print(f"\np95 at x100 / p95 at x1: {rows[-1][3] / rows[0][3]:.2f}x")
    if report:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        report.mkdir(parents=True, exist_ok=True)
        fig, ax = plt.subplots(figsize=(6, 4))
        for col, label in ((2, "p50"), (3, "p95"), (4, "p99")):
            ax.plot([r[1] for r in rows], [r[col] for r in rows], marker="o", label=label)
        ax.set_xscale("log")
        ax.set_xlabel("paragraphs in the store")
        ax.set_ylabel("warm ask latency (ms)")
        ax.set_title("Query cost as the store grows")
        ax.legend()
        ax.grid(alpha=0.3)
        fig.tight_layout()
        fig.savefig(report / "scaling.png", dpi=110)
        plt.close(fig)


def main(settings, queries: int = 200, report: Path | None = None) -> int:  # type: ignore[no-untyped-def]
    """Print ingest, re-ingest, warm latency by stage against the bare embedding, scaling and memory."""
    from assistant.api import Assistant
    from assistant.settings import BUNDLED_PLAN
    from index.build import embedded_texts
    from index.embed import load_embedder
    from index.lifecycle import ingest, load_plan

    questions = [q.question for q in load_gold(DEFAULT_DEV) + load_gold(DEFAULT_TEST)]
    questions = (questions * (queries // len(questions) + 1))[:queries]
    embedder = load_embedder(settings.embed_model)
    help_s = min(
        _timed(lambda: subprocess.run([sys.executable, "-m", "assistant.cli", "--help"], capture_output=True))
        for _ in range(3)
    )
    with tempfile.TemporaryDirectory() as tmp:
        fresh = replace(settings, data_dir=Path(tmp))
        plan = load_plan(BUNDLED_PLAN)
        ingest_s = _timed(lambda: ingest(fresh, [plan], embedder))
        _, texts = embedded_texts(plan.chunks)
        bare_ingest_s = _timed(lambda: embedder.passages(texts))
        reingest_s = _timed(lambda: ingest(fresh, [load_plan(BUNDLED_PLAN)], embedder))
        assistant = Assistant.open(fresh, embedder=embedder)
        stages: dict[str, list[float]] = {s: [] for s in STAGES}
        bare: list[float] = []
        for q in questions:
            bare.append(_timed(lambda q=q: embedder.query(q)) * 1000.0)
            answer = assistant.ask(q)
            for s in STAGES:
                stages[s].append(answer.timings_ms.get(s, 0.0))
        n = len(plan.chunks)
        print(f"Benchmark on {len(questions)} warm questions (gold set, all languages), model {embedder.name}\n")
        print(f"ingest of the plan: {ingest_s:.1f} s ({n} paragraphs, {n / ingest_s:.1f} paragraphs/s)")
        print(
            f"bare embedding of its {len(texts)} texts (baseline): {bare_ingest_s:.1f} s; "
            f"ingest / bare embedding: {ingest_s / bare_ingest_s:.2f}x"
        )
        print(f"re-ingest unchanged: {reingest_s:.2f} s")
        print(f"`jaarplan --help`: {help_s:.2f} s\n")
        print("| stage | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|")
        for s in STAGES:
            v = stages[s]
            print(f"| {s} | {statistics.median(v):.2f} | {percentile(v, 0.95):.2f} | {percentile(v, 0.99):.2f} |")
        print(
            f"| bare query embedding (baseline) | {statistics.median(bare):.2f} | {percentile(bare, 0.95):.2f} | "
            f"{percentile(bare, 0.99):.2f} |"
        )
        ratio50 = statistics.median(stages["total"]) / statistics.median(bare)
        ratio95 = percentile(stages["total"], 0.95) / percentile(bare, 0.95)
        print(f"\nwhole `ask` / bare embedding: {ratio50:.2f}x at p50, {ratio95:.2f}x at p95")
        print(f"peak RSS of `bench` (as `ask`): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        scaling(assistant, questions[: max(50, queries // 2)], report)
        print(f"\nRSS of `jaarplan serve` (with its children) after warm-up: {_serve_rss(fresh):.0f} MB")
    return 0
