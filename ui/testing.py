"""Run the app in a real subprocess for tests and screenshots: ``with served(data_dir) as url: ...``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUIET_ENV = {"HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False"}


def free_port() -> int:
    """An unused TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(
    data_dir: Path,
    port: int | None = None,
    timeout: float = 300.0,
    log: Path | None = None,
    pids: list[int] | None = None,
) -> Iterator[str]:
    """``python -m ui.app`` on loopback; yields its URL once it printed 'ready' (builds the index if absent).

    ``pids`` receives the server's process id (for measuring it).
    """
    port = port or free_port()
    cmd = [sys.executable, "-m", "ui.app", "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data_dir)]
    err = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, cwd=ROOT, env=os.environ | QUIET_ENV, stdout=subprocess.PIPE, stderr=err, text=True)
    ready: list[str] = []
    if pids is not None:
        pids.append(proc.pid)

    def watch() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("ready "):
                ready.append(line.split()[1])

    threading.Thread(target=watch, daemon=True).start()
    try:
        deadline = time.monotonic() + timeout
        while not ready:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"the app exited with code {proc.returncode} before it was ready" + (f"; see {log}" if log else "")
                )
            if time.monotonic() > deadline:
                raise TimeoutError(f"the app was not ready within {timeout:.0f} s")
            time.sleep(0.1)
        yield ready[0]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            err.close()  # type: ignore[union-attr]
