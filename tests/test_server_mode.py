"""Server mode: a real `chroma run` server shared by two assistants, killed and restarted."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.errors import StoreError

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ChromaServer:
    """`chroma run` on loopback, started and stopped by process id."""

    def __init__(self, path: Path, port: int) -> None:
        self.path, self.port = path, port
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        chroma = Path(sys.executable).with_name("chroma")
        self.proc = subprocess.Popen(
            [str(chroma), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=os.environ | {"ANONYMIZED_TELEMETRY": "False"},
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("chroma server did not start")

    def kill(self) -> None:
        if self.proc:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)
            self.proc = None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    srv = ChromaServer(tmp_path_factory.mktemp("chroma"), _free_port())
    srv.start()
    yield srv
    srv.kill()


def test_server_mode_end_to_end(server: ChromaServer, tmp_path: Path, plan_text: str, embedder) -> None:  # type: ignore[no-untyped-def]
    from assistant.api import Assistant, ingest, load_plan
    from assistant.settings import BUNDLED_PLAN, Settings

    first = Settings.from_env(data_dir=tmp_path / "replica1", chroma_url=server.url)
    second = Settings.from_env(data_dir=tmp_path / "replica2", chroma_url=server.url)
    assert ingest(first, [load_plan(BUNDLED_PLAN)], embedder) is not None
    assert not (first.data_dir / "manifest.json").exists()

    replica1 = Assistant.open(first, embedder=embedder)
    replica2 = Assistant.open(second, embedder=embedder)
    question = "Que prévoit le plan pour le télétravail des frontaliers ?"
    a1, a2 = replica1.ask(question), replica2.ask(question)
    assert a1.to_dict()["citations"] == a2.to_dict()["citations"]
    assert "2.1" in {c.section for c in a1.citations}
    assert ingest(second, [load_plan(BUNDLED_PLAN)], embedder) is None

    changed = tmp_path / "jaarplan-2026.nl.txt"
    changed.write_text(plan_text.replace("Hazeldonksamenwerking", "Hazeldonk-Maassamenwerking"), encoding="utf-8")
    report = ingest(first, [load_plan(changed)], embedder)
    assert report is not None and report.embedded <= 3
    assert replica2.refresh() is True
    assert "Hazeldonk-Maassamenwerking" in replica2.ask("Hazeldonk drugsnetwerken Frankrijk").citations[0].text

    server.kill()
    assert replica2.ask("tolheffing vrachtwagens").citations[0].section == "2.4"
    with pytest.raises(StoreError, match="Start it|does not answer"):
        replica2.refresh()
    with pytest.raises(StoreError, match=r"cannot reach the Chroma server at http://127\.0\.0\.1"):
        ingest(first, [load_plan(BUNDLED_PLAN)], embedder)
    env = os.environ | {"JAARPLAN_CHROMA_URL": server.url, "JAARPLAN_DATA_DIR": str(tmp_path / "cli")}
    out = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest"], capture_output=True, text=True, env=env)
    assert out.returncode == 1 and "cannot reach the Chroma server" in out.stderr and "Traceback" not in out.stderr

    server.start()
    assert replica2.refresh() is False
    reopened = Assistant.open(first, embedder=embedder)
    assert reopened.ask("Hazeldonk drugsnetwerken Frankrijk").citations[0].section == "1.1"
