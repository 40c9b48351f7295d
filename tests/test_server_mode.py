"""Server mode: a real `chroma run` server shared by two assistants, killed and restarted."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import gradio as gr
import pytest

from assistant.errors import StoreError
from eval.servers import ChromaServer
from ui.feedback import FeedbackStore
from ui.handlers import ChatApp

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    srv = ChromaServer(tmp_path_factory.mktemp("chroma"))
    srv.start()
    yield srv
    srv.kill()


def test_server_mode_end_to_end(server: ChromaServer, tmp_path: Path, plan_text: str, embedder) -> None:  # type: ignore[no-untyped-def]
    from assistant.api import Assistant
    from assistant.settings import BUNDLED_PLAN, Settings
    from index.lifecycle import ingest, load_plan

    first = Settings.from_env(data_dir=tmp_path / "replica1", chroma_url=server.url)
    second = Settings.from_env(data_dir=tmp_path / "replica2", chroma_url=server.url)
    assert ingest(first, [load_plan(BUNDLED_PLAN)], embedder) is not None
    assert not (first.data_dir / "manifest.json").exists()

    replica1 = Assistant.open(first, embedder=embedder)
    replica2 = Assistant.open(second, embedder=embedder)
    page = ChatApp(replica2, FeedbackStore(tmp_path / "feedback.sqlite3"), tmp_path)
    hazeldonk = next(c.id for c in replica2.chunks if "Hazeldonksamenwerking" in c.text)
    *lists, listed = page.lists_if_changed(None, "en", "", "", None)  # an open page lists the sections once
    assert listed == replica2.generation and "2.4" in str(lists[1]["choices"])
    assert page.lists_if_changed(listed, "en", "", "", None) == (gr.skip(),) * 3 + (listed,)
    question = "Que prévoit le plan pour le télétravail des frontaliers ?"
    a1, a2 = replica1.ask(question), replica2.ask(question)
    assert a1.to_dict()["citations"] == a2.to_dict()["citations"]
    assert "2.1" in {c.section for c in a1.citations}
    assert ingest(second, [load_plan(BUNDLED_PLAN)], embedder) is None

    changed = tmp_path / "jaarplan-2026.nl.txt"
    changed.write_text(plan_text.replace("Hazeldonksamenwerking", "Hazeldonk-Maassamenwerking"), encoding="utf-8")
    report = ingest(first, [load_plan(changed)], embedder)
    assert report is not None and report.embedded <= 3
    references = replica2.retriever.references
    assert replica2.refresh() is True
    assert replica2.retriever.references is references  # same language: not embedded again
    assert "Hazeldonk-Maassamenwerking" in replica2.ask("Hazeldonk drugsnetwerken Frankrijk").citations[0].text
    # the UI's "show in context" follows the new generation (it rendered the old text before)
    assert any("Hazeldonk-Maassamenwerking" in c.text for c, _ in page.view.context(hazeldonk))
    *lists, relisted = page.lists_if_changed(listed, "en", "", "", None)  # and lists them again
    assert relisted == replica2.generation != listed and "2.4" in str(lists[1]["choices"])

    server.kill()
    assert replica2.ask("tolheffing vrachtwagens").citations[0].section == "2.4"
    with pytest.raises(StoreError, match="Start it|does not answer"):
        replica2.refresh()
    assert "Start it" in (replica2.store_status() or "") or "does not answer" in (replica2.store_status() or "")
    assert replica2.ask("tolheffing vrachtwagens").citations[0].section == "2.4"
    with pytest.raises(StoreError, match=r"cannot reach the Chroma server at http://127\.0\.0\.1"):
        ingest(first, [load_plan(BUNDLED_PLAN)], embedder)
    env = os.environ | {"JAARPLAN_CHROMA_URL": server.url, "JAARPLAN_DATA_DIR": str(tmp_path / "cli")}
    out = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest"], capture_output=True, text=True, env=env)
    assert out.returncode == 1 and "cannot reach the Chroma server" in out.stderr and "Traceback" not in out.stderr

    server.start()
    assert replica2.refresh() is False
    assert replica2.store_status() is None
    reopened = Assistant.open(first, embedder=embedder)
    assert reopened.ask("Hazeldonk drugsnetwerken Frankrijk").citations[0].section == "1.1"


def test_a_hung_server_never_delays_a_question(server: ChromaServer, tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """SIGSTOP: the server accepts connections and never answers (Chroma's client has no timeout)."""
    from assistant.api import Assistant
    from assistant.settings import BUNDLED_PLAN, Settings
    from index.lifecycle import ingest, load_plan

    settings = Settings.from_env(data_dir=tmp_path / "replica", chroma_url=server.url, refresh_seconds=2.0)
    ingest(settings, [load_plan(BUNDLED_PLAN)], embedder)
    replica = Assistant.open(settings, embedder=embedder)
    assert replica.store_status() is None
    server.pause()
    try:
        time.sleep(settings.refresh_seconds + 0.5)
        answers: list[str] = []
        asking = threading.Thread(
            target=lambda: answers.append(replica.ask("tolheffing vrachtwagens").citations[0].section)
        )
        started = time.monotonic()
        asking.start()
        asking.join(timeout=30)
        assert not asking.is_alive() and answers == ["2.4"], "the question waited for the hung server"
        print(f"\nquestion while the server hangs: {time.monotonic() - started:.2f} s")
        deadline = time.monotonic() + 2 * settings.refresh_seconds + 5
        while replica.store_status() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert re.fullmatch(
            r"the Chroma server at http://127\.0\.0\.1:\d+ has not answered for \d+ s\.", replica.store_status() or ""
        )
    finally:
        server.pause(False)
    deadline = time.monotonic() + 30
    while replica.store_status() is not None and time.monotonic() < deadline:
        time.sleep(0.5)
    assert replica.store_status() is None
