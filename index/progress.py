"""Progress of ingest's stages: a tqdm bar per stage on a terminal, one line per finished stage otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

# (stage, done, total): "embedding", 48, 2300. A stage ends when done reaches total.
Progress = Callable[[str, int, int], None]


class StageProgress:
    """A ``Progress`` that draws one bar per stage (counts, rate, ETA) when ``stream`` is a terminal, and
    prints one line per stage when it ends otherwise (logs and pipes get no carriage returns)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.stage = ""
        self.bar: Any = None
        self.started = 0.0
        self.done = self.total = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage or self.bar is None:
            self._close()
            self._open(stage, total)
        self.bar.update(done - self.done)
        self.done = done
        if done >= total:
            self._close()

    def _open(self, stage: str, total: int) -> None:
        from tqdm import tqdm

        self.stage, self.started, self.done, self.total = stage, time.monotonic(), 0, total
        self.bar = tqdm(
            total=total, desc=stage, unit="text", file=self.stream, disable=not self.tty, mininterval=0.2, leave=True
        )

    def _close(self) -> None:
        if self.bar is None:
            return
        self.bar.close()
        if not self.tty:
            seconds = time.monotonic() - self.started
            print(f"{self.stage}: {self.done}/{self.total} in {seconds:.1f} s", file=self.stream, flush=True)
        self.bar = None
        self.stage = ""
