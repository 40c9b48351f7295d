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

STAGES = ("detect", "embed", "dense", "lexical", "fusion", "answer", "total")


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * (len(ordered) - 1) + 0.5))]


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(settings, queries: int = 200) -> int:  # type: ignore[no-untyped-def]
    """Print ingest, re-ingest, warm query latency by stage, bare embedding time and their ratio."""
    from assistant.api import Assistant, ingest, load_plan
    from assistant.settings import BUNDLED_PLAN
    from index.embed import load_embedder

    questions = [q.question for q in load_gold(DEFAULT_DEV) + load_gold(DEFAULT_TEST)]
    questions = (questions * (queries // len(questions) + 1))[:queries]
    embedder = load_embedder(settings.embed_model)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = replace(settings, data_dir=Path(tmp))
        plan = load_plan(BUNDLED_PLAN)
        ingest_s = _timed(lambda: ingest(fresh, [plan], embedder))
        reingest_s = _timed(lambda: ingest(fresh, [load_plan(BUNDLED_PLAN)], embedder))
        assistant = Assistant.open(fresh, embedder=embedder)
        stages: dict[str, list[float]] = {s: [] for s in STAGES}
        bare: list[float] = []
        for q in questions:
            bare.append(_timed(lambda q=q: embedder.query(q)) * 1000.0)
            answer = assistant.ask(q)
            for s in STAGES:
                stages[s].append(answer.timings_ms.get(s, 0.0))
    help_s = min(
        _timed(
            lambda: subprocess.run([sys.executable, "-m", "assistant.cli", "--help"], capture_output=True, check=True)
        )
        for _ in range(3)
    )
    paragraphs = len(plan.chunks)
    print(f"Benchmark on {len(questions)} warm questions (gold set, all languages), model {embedder.name}\n")
    print(f"ingest of the plan: {ingest_s:.1f} s ({paragraphs} paragraphs, {paragraphs / ingest_s:.1f} paragraphs/s)")
    print(f"re-ingest unchanged: {reingest_s:.2f} s")
    print(f"`jaarplan --help`: {help_s:.2f} s\n")
    print("| stage | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|")
    for s in STAGES:
        v = stages[s]
        print(f"| {s} | {statistics.median(v):.2f} | {_pct(v, 0.95):.2f} | {_pct(v, 0.99):.2f} |")
    print(
        f"| bare query embedding (baseline) | {statistics.median(bare):.2f} | {_pct(bare, 0.95):.2f} | "
        f"{_pct(bare, 0.99):.2f} |"
    )
    ratio50 = statistics.median(stages["total"]) / statistics.median(bare)
    ratio95 = _pct(stages["total"], 0.95) / _pct(bare, 0.95)
    print(f"\nwhole `ask` / bare embedding: {ratio50:.2f}x at p50, {ratio95:.2f}x at p95")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0
