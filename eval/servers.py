"""Real server processes for the load test, the benchmark and tests: `jaarplan serve` (``served``), a Chroma server."""

from __future__ import annotations

import os
import signal
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
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
) -> Iterator[str]:
    """``jaarplan serve`` on loopback; yields its URL once it printed 'ready' (builds the index if absent).

    ``pids`` receives the server's process id (for measuring it); ``env`` is added to its environment
    (e.g. ``JAARPLAN_CHROMA_URL``); ``args`` are more ``jaarplan serve`` flags (e.g. ``--auth``).
    """
    port = port or free_port()
    cmd = [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--data-dir", str(data_dir), *args]
    err = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=os.environ | QUIET_ENV | (env or {}), stdout=subprocess.PIPE, stderr=err, text=True
    )
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


class ChromaServer:
    """`chroma run` on loopback, started, paused and stopped by process id."""

    def __init__(self, path: Path, port: int | None = None) -> None:
        self.path, self.port = path, port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        """Start the server on ``path`` and wait until it accepts connections."""
        chroma = Path(sys.executable).with_name("chroma")
        self.proc = subprocess.Popen(
            [str(chroma), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=os.environ | QUIET_ENV,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"chroma server did not start within {timeout:.0f} s")

    def pause(self, paused: bool = True) -> None:
        """Stop (SIGSTOP) or continue (SIGCONT) the server: a hung server accepts connections, never answers."""
        if self.proc:
            os.kill(self.proc.pid, signal.SIGSTOP if paused else signal.SIGCONT)

    def kill(self) -> None:
        """Kill the server (SIGKILL, as a crash would)."""
        if self.proc:
            os.kill(self.proc.pid, signal.SIGCONT)
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)
            self.proc = None
