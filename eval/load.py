"""`jaarplan load`: concurrent clients against one real `jaarplan serve`, over loopback, bounded in time."""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.gold import DEFAULT_DEV, DEFAULT_TEST, load_gold
from eval.metrics import percentile


def _key(result: dict[str, Any]) -> str:
    """What must not change under load: everything but the timings."""
    return json.dumps({k: v for k, v in result.items() if k != "timings_ms"}, sort_keys=True, ensure_ascii=False)


@dataclass
class _Tally:
    """What the client threads record, under one lock."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _caller(url: str, api: bool) -> Callable[[str], dict[str, Any]]:
    """One client's way to ask: the JSON API (one HTTP connection kept open) or gradio's queue."""
    if api:
        import httpx

        session = httpx.Client(base_url=url, timeout=60.0)

        def post(question: str) -> dict[str, Any]:
            response = session.post("api/ask", json={"question": question})
            response.raise_for_status()
            return dict(response.json())

        return post
    from gradio_client import Client

    client = Client(url, verbose=False)
    return lambda question: dict(client.predict(question, "", "", api_name="/ask"))


def _client(
    ask: Callable[[str], dict[str, Any]],
    questions: list[str],
    expected: dict[str, str],
    offset: int,
    stop: float,
    tally: _Tally,
) -> None:
    """One client asking the questions in turn, from ``offset``, until ``stop`` (monotonic time)."""
    i = offset
    while time.monotonic() < stop:
        q = questions[i % len(questions)]
        i += 1
        start = time.perf_counter()
        try:
            got = _key(ask(q))
        except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
            with tally.lock:
                tally.errors.append(f"{type(exc).__name__}: {exc}")
            continue
        with tally.lock:
            tally.latencies.append((time.perf_counter() - start) * 1000.0)
            if got != expected[q]:
                tally.mismatches.append(q)


def main(settings, clients: int = 32, seconds: float = 60.0, api: bool = False, workers: int = 1) -> int:  # type: ignore[no-untyped-def]
    """Single-user answers first (timed), then ``clients`` threads asking for ``seconds``; print figures."""
    import psutil

    from eval.servers import served

    questions = [q.question for q in load_gold(DEFAULT_DEV) + load_gold(DEFAULT_TEST)]
    pids: list[int] = []
    tally, rss, single_ms = _Tally(), [], []
    with served(Path(settings.data_dir), pids=pids, args=("--workers", str(workers))) as url:
        server = psutil.Process(pids[0])
        single = _caller(url, api)
        expected = {}
        for q in questions:
            start = time.perf_counter()
            expected[q] = _key(single(q))
            single_ms.append((time.perf_counter() - start) * 1000.0)
        stop = time.monotonic() + seconds
        threads = [
            threading.Thread(target=_client, args=(_caller(url, api), questions, expected, k * 7, stop, tally))
            for k in range(clients)
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            rss.append(sum(p.memory_info().rss for p in [server, *server.children(recursive=True)]) / 2**20)
            time.sleep(1.0)
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    how = "the JSON API (POST /api/ask)" if api else "the UI's gradio endpoint (/ask)"
    print(
        f"Load: {clients} clients for {seconds:.0f} s through {how} of one `jaarplan serve --workers {workers}` "
        f"on loopback ({url})"
    )
    _report(tally, rss, elapsed, percentile(single_ms, 0.5))
    return 0 if not tally.errors and not tally.mismatches else 1


def _report(tally: _Tally, rss: list[float], elapsed: float, single_p50: float) -> None:
    """Print requests, throughput, latency percentiles, efficiency, the server's memory and the first errors."""
    tenth = max(1, len(rss) // 10)
    growth = statistics.mean(rss[-tenth:]) - statistics.mean(rss[:tenth])
    ok, errors, mismatches = tally.latencies, tally.errors, tally.mismatches
    print(f"requests: {len(ok)} ok, {len(errors)} errors, {len(mismatches)} answers differing from single-user")
    throughput = len(ok) / elapsed
    cores = os.cpu_count() or 1
    print(f"throughput: {throughput:.1f} answers/s; single-client warm p50 {single_p50:.1f} ms (same run)")
    print(
        f"efficiency: {throughput * single_p50 / 1000.0 / cores:.2f} "
        f"(throughput x single-client p50 / {cores} cores; 1.0 = every core busy answering, no overhead)"
    )
    print("latency ms: " + ", ".join(f"p{round(q * 100)} {percentile(ok, q):.0f}" for q in (0.5, 0.95, 0.99)))
    print(
        f"server RSS MB (with its workers): start {rss[0]:.0f}, peak {max(rss):.0f}, end {rss[-1]:.0f} "
        f"(last tenth minus first tenth: {growth:+.0f} MB)"
    )
    for e in errors[:5]:
        print(f"  error: {e}")
