"""More than one document: add, list, filter, re-ingest, replace and remove."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.errors import UsageError

pytestmark = pytest.mark.integration


def test_second_plan_is_added_filtered_and_removed(tmp_path: Path, index_dir: Path, plan_text: str, embedder) -> None:  # type: ignore[no-untyped-def]
    from assistant.api import Assistant
    from assistant.settings import Settings
    from index.lifecycle import documents, ingest, load_plan, remove

    data_dir = tmp_path / "data"
    shutil.copytree(index_dir, data_dir)
    settings = Settings.from_env(data_dir=data_dir)
    source = tmp_path / "jaarplan-2027.nl.txt"
    source.write_text(
        plan_text.replace("JAARPLAN 2026", "JAARPLAN 2027").replace(
            "In 2026 zal Nederland een *tolheffing*", "In 2027 zal Luxemburg een *wegenvignet*"
        ),
        encoding="utf-8",
    )
    report = ingest(settings, [load_plan(source)], embedder)
    assert report is not None and report.embedded <= 5, "unchanged paragraphs reuse their vectors"
    assert [(d.title, d.year) for d in documents(settings)] == [("Jaarplan 2026", 2026), ("Jaarplan 2027", 2027)]
    assert ingest(settings, [load_plan(source)], embedder) is None

    assistant = Assistant.open(settings, embedder=embedder)
    sections = [(s.document_key, s.label, s.document) for s in assistant.sections()]
    assert ("jaarplan-2026.nl", "1.1", "Jaarplan 2026") in sections
    assert ("jaarplan-2027.nl", "1.1", "Jaarplan 2027") in sections
    assert len(sections) == len(set(sections)) == 2 * len({label for _, label, _ in sections})
    toll_2027 = assistant.section_chunks("2.4", "jaarplan-2027.nl")
    assert {c.document.title for c in toll_2027} == {"Jaarplan 2027"}
    assert any("wegenvignet" in c.text for c in toll_2027)
    answer = assistant.ask("wegenvignet Luxemburg", year=2027)
    assert {c.document for c in answer.citations} == {"Jaarplan 2027"}
    assert "wegenvignet" in answer.citations[0].text and answer.to_dict()["citations"][0]["year"] == 2027
    only_2026 = assistant.ask("tolheffing vrachtwagens", document="jaarplan-2026.nl")
    assert only_2026.citations[0].document == "Jaarplan 2026" and only_2026.citations[0].section == "2.4"
    with pytest.raises(UsageError, match="nothing in the index matches"):
        assistant.ask("tolheffing", year=1999)

    source.write_text(source.read_text(encoding="utf-8").replace("wegenvignet", "tolvignet"), encoding="utf-8")
    replaced = ingest(settings, [load_plan(source)], embedder)
    assert replaced is not None and len(replaced.manifest.documents) == 2
    assert assistant.refresh() is True
    assert "tolvignet" in assistant.ask("tolvignet Luxemburg", year=2027).citations[0].text

    source.unlink()
    removed = remove(settings, "Jaarplan 2027", embedder)
    assert [d.title for d in removed.manifest.documents] == ["Jaarplan 2026"]
    with pytest.raises(UsageError, match="no document 'Jaarplan 2027'"):
        remove(settings, "Jaarplan 2027", embedder)
    with pytest.raises(UsageError, match="only document"):
        remove(settings, "jaarplan-2026.nl", embedder)

    env = os.environ | {"JAARPLAN_DATA_DIR": str(data_dir)}
    out = subprocess.run([sys.executable, "-m", "assistant.cli", "documents"], capture_output=True, text=True, env=env)
    assert out.returncode == 0 and "Jaarplan 2026" in out.stdout and "2027" not in out.stdout
    out = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "remove", "nope"], capture_output=True, text=True, env=env
    )
    assert out.returncode == 2 and "no document 'nope'" in out.stderr


def test_a_running_server_sees_what_another_process_ingests_and_removes(tmp_path: Path, index_dir: Path) -> None:
    """Embedded store: `jaarplan serve` picks up a new generation within 15 s, with no request and no restart."""
    import time

    import httpx

    from eval.servers import served

    data_dir = tmp_path / "data"
    shutil.copytree(index_dir, data_dir)
    env = os.environ | {"JAARPLAN_DATA_DIR": str(data_dir)}
    french = Path(__file__).parent / "files" / "plan-fr.txt"

    def listed(url: str, published: float) -> list[str]:
        while True:
            keys = [d["key"] for d in httpx.get(url + "api/documents").json()]
            if len(keys) == 2 or time.monotonic() - published > 15:
                return keys
            time.sleep(0.5)

    with served(data_dir, log=tmp_path / "server.log") as url:
        cli = [sys.executable, "-m", "assistant.cli"]
        out = subprocess.run([*cli, "ingest", str(french)], capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        assert "embedding: " in out.stderr and "storing: " in out.stderr, "one line per stage when not a terminal"
        keys = listed(url, time.monotonic())
        assert len(keys) == 2, "the new document was not picked up within 15 s"
        key = next(k for k in keys if k != "jaarplan-2026.nl")
        body = {"question": "Which questions will the common information desk answer?", "document": key}
        answer = httpx.post(url + "api/ask", json=body, timeout=30).json()
        assert {c["document"] for c in answer["citations"]} == {"Plan Annuel 2027"}
        assert answer["citations"][0]["section"] == "1.1"
        out = subprocess.run([*cli, "remove", key], capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        published = time.monotonic()
        while len(keys) == 2 and time.monotonic() - published < 15:
            time.sleep(0.5)
            keys = [d["key"] for d in httpx.get(url + "api/documents").json()]
        assert keys == ["jaarplan-2026.nl"]
        refused = httpx.post(url + "api/ask", json=body, timeout=30)
        assert refused.status_code == 400 and refused.json()["error"]["kind"]
