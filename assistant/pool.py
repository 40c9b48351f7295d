"""`jaarplan serve --workers N`: questions are answered in N worker processes, each with its own models
over the same index, read-only. One process holds Python's GIL for the pure-Python parts of an answer
(language detection, BM25, composing); N processes answer N questions truly at once.

The serving process keeps its own assistant for everything else (sections, agenda, reading the plan,
streamed LLM answers). Each worker picks up a new generation itself, as any reader does.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import active_children, get_context, parent_process
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from assistant.api import Assistant
from assistant.model import Answer
from assistant.settings import Settings

_worker: Assistant | None = None


def _open(settings: Settings, threads: int) -> None:
    """Worker start: the cores are shared out between workers (set before the model loads)."""
    global _worker
    threading.Thread(target=_end_with_parent, daemon=True).start()
    os.environ["OMP_NUM_THREADS"] = str(threads)
    _worker = Assistant.open(settings, say=lambda _: None)


def _end_with_parent() -> None:
    """A server stopped by a signal never shuts its pool down, and its workers would live on, each
    looking for new generations: a worker ends when its parent does."""
    parent = parent_process()
    if parent is not None:
        wait([parent.sentinel])
        os._exit(0)


def _ask(question: str, filters: dict[str, Any]) -> Answer:
    assert _worker is not None, "worker not opened"
    return _worker.ask(question, **filters)


def _pid() -> int:
    return os.getpid()


def _child_pids() -> set[int]:
    """This process's live child processes (a started process always has a pid)."""
    return {p.pid for p in active_children() if p.pid is not None}


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB (Linux ``/proc``); 0 when unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class PooledAssistant:
    """An ``Assistant`` whose ``ask`` runs in a pool of worker processes; every other attribute is the
    serving process's own assistant."""

    def __init__(self, assistant: Assistant, workers: int) -> None:
        self.local = assistant
        threads = max(1, (os.cpu_count() or 1) // workers)
        before = _child_pids()
        self.pool = ProcessPoolExecutor(
            workers, mp_context=get_context("spawn"), initializer=_open, initargs=(assistant.settings, threads)
        )
        # Start every worker now (each submit starts one while none is idle), not at the first questions.
        for started in [self.pool.submit(_pid) for _ in range(workers)]:
            started.result()
        self.pids = sorted(_child_pids() - before)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.local, name)

    def ask(self, question: str, **filters: Any) -> Answer:
        """Answer in a worker; an LLM's answer is written here (it streams to a callback, and waits on
        the network rather than the CPU)."""
        if self.local.settings.llm_url:
            return self.local.ask(question, **filters)
        return self.pool.submit(_ask, question, filters).result()

    def memory(self) -> dict[str, float]:
        """Resident MB of the serving process and of each worker."""
        return {"serving": rss_mb(os.getpid())} | {f"worker {pid}": rss_mb(pid) for pid in self.pids}
