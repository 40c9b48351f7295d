"""Shared fixtures: one index of the real plan, built once per test session with the bundled model."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "data" / "jaarplan-2026.nl.txt"
# The plan's own words, as the assistant passes them to language detection.
PLAN_WORDS = frozenset(re.findall(r"[^\W\d_]+", PLAN.read_text("utf-8").lower()))

# The JSON contract of the README (with year and used_sentences), as the API and the UI return it.
CONTRACT = {"question", "language", "abstained", "answer", "citations", "timings_ms", "mode", "notice"}
# Two French questions the UI tests ask through the API and the browser alike.
TELEWORK_FR = "Quels obstacles au télétravail transfrontalier le Benelux veut-il lever ?"
DIPLOMAS_FR = "Que prévoit le plan pour la reconnaissance des diplômes ?"
CITATION = {
    "n",
    "chunk_id",
    "document",
    "section",
    "section_title",
    "heading",
    "text",
    "score",
    "year",
    "used_sentences",
}


def question_set(name: str) -> list[dict[str, Any]]:
    """The JSON lines of a question set kept beside the tests ("offtopic-messages.jsonl", ...)."""
    return [json.loads(line) for line in (Path(__file__).parent / name).read_text("utf-8").splitlines()]


@pytest.fixture(scope="session")
def plan_text() -> str:
    return PLAN.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def parsed():  # type: ignore[no-untyped-def]
    from index.lifecycle import load_plan

    return load_plan(PLAN)


class EmbeddedOnce:
    """The real bundled model, each distinct passage embedded once per session: many tests ingest the
    same plan into a store of their own, and a passage's vector never changes."""

    def __init__(self, model: Any) -> None:
        self._model, self.name, self.dim = model, model.name, model.dim
        self._vectors: dict[str, Any] = {}

    def query(self, text: str) -> Any:
        return self._model.query(text)

    def queries(self, texts: list[str]) -> Any:
        return self._model.queries(texts)

    def passages(self, texts: list[str]) -> Any:
        import numpy as np

        new = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if new:
            self._vectors.update(zip(new, self._model.passages(new), strict=True))
        return np.array([self._vectors[t] for t in texts], dtype=np.float32).reshape(len(texts), self.dim)


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    from index.embed import load_embedder

    return EmbeddedOnce(load_embedder("bundled-e5-small"))


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory, embedder) -> Path:  # type: ignore[no-untyped-def]
    """A data dir holding the index of the bundled plan (built once, ~40 s)."""
    from assistant.settings import Settings
    from index.lifecycle import ingest, load_plan

    data_dir = tmp_path_factory.mktemp("index")
    ingest(Settings.from_env(data_dir=data_dir), [load_plan(PLAN)], embedder)
    return data_dir


@pytest.fixture(scope="session")
def assistant(index_dir: Path, embedder):  # type: ignore[no-untyped-def]
    from assistant.api import Assistant
    from assistant.settings import Settings

    return Assistant.open(Settings.from_env(data_dir=index_dir), embedder=embedder)


@pytest.fixture(scope="session")
def ui_data_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The UI tests' index folder: $JAARPLAN_UI_TEST_DATA_DIR, else the suite's `index_dir`."""
    if os.environ.get("JAARPLAN_UI_TEST_DATA_DIR"):
        return Path(os.environ["JAARPLAN_UI_TEST_DATA_DIR"])
    return Path(request.getfixturevalue("index_dir"))


@pytest.fixture(scope="module")
def server(ui_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `jaarplan serve` on a free loopback port, for one test module."""
    from eval.servers import served

    with served(ui_data_dir, log=tmp_path_factory.mktemp("ui") / "server.log") as url:
        yield url


class FakeEmbedder:
    """Hashed bag of words: the cosine of two texts grows with the words they share. No model (unit tier)."""

    name, dim = "fake-words", 256

    def _vector(self, text: str) -> Any:
        import numpy as np

        v = np.zeros(self.dim, dtype=np.float32)
        for word in re.findall(r"[^\W\d_]+|\d+", text.lower()):
            v[int.from_bytes(word.encode()[:8].ljust(8, b"_"), "little") * 2654435761 % self.dim] += 1.0
        return v / (np.linalg.norm(v) or 1.0)

    def query(self, text: str) -> Any:
        return self._vector(text)

    def queries(self, texts: list[str]) -> Any:
        return self.passages(texts)

    def passages(self, texts: list[str]) -> Any:
        import numpy as np

        return np.array([self._vector(t) for t in texts], dtype=np.float32).reshape(len(texts), self.dim)


class FakeSecondEncoder(FakeEmbedder):
    """The second encoder's stand-in: the same hashed words, 512-d."""

    dim = 512

    def encode(self, texts: list[str]) -> Any:
        return self.passages(list(texts))


MINI_PLAN = Path(__file__).parent / "files" / "mini-plan.nl.txt"


@pytest.fixture(scope="session")
def mini(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """An Assistant over a planted five-paragraph plan with fake encoders: answer logic in milliseconds."""
    import assistant.retrieve
    from assistant.api import Assistant
    from assistant.settings import Settings
    from index.lifecycle import ingest, load_plan

    # Patched only while the assistant is built: its retriever keeps the fake, no later one sees it.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assistant.retrieve, "UniversalEncoder", FakeSecondEncoder)
        data_dir = tmp_path_factory.mktemp("mini")
        settings = Settings.from_env(data_dir=data_dir, embed_model=FakeEmbedder.name, abstain_below=0.3)
        ingest(settings, [load_plan(MINI_PLAN)], FakeEmbedder())
        opened = Assistant.open(settings, embedder=FakeEmbedder(), say=lambda _: None)
    assert assistant.retrieve.UniversalEncoder is not FakeSecondEncoder
    return opened
