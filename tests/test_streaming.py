"""Streaming a generated answer: sentences are handed on as they are verified (never an unverified one),
and the chat's handler shows them before the final answer, which equals the answer not streamed."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from assistant.generate import NOTICES, LLMConfig, generate
from assistant.verify import Verifier
from eval.llm_servers import ScriptedLLM
from ui import render, translation
from ui.feedback import FeedbackStore
from ui.handlers import ChatApp
from ui.i18n import AUTO, texts

pytestmark = pytest.mark.integration

QUESTION = "Que prévoient les Pays-Bas pour les camions ?"
FAITHFUL = "En 2026, les Pays-Bas introduiront un péage pour le transport de marchandises par route [1]."
FABRICATED = "Ce péage rapportera 45 millions d'euros par an [1]."
SECOND = "La Belgique connaît déjà une telle taxe depuis près d'une décennie [1]."
UNCITED = "Cette mesure remplacera l'Eurovignette."


def _with_llm(assistant, url: str, timeout: float = 20.0):  # type: ignore[no-untyped-def]
    from assistant.api import Assistant

    settings = dataclasses.replace(assistant.settings, llm_url=url, llm_model="scripted", llm_timeout=timeout)
    return Assistant(settings, assistant.retriever, assistant.generation)


def _numbered(assistant, *sentences: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The sentences citing the road toll paragraph by its number in the answer to ``QUESTION``."""
    toll = next(c.n for c in assistant.ask(QUESTION).citations if "zal Nederland een tolheffing" in c.text)
    return [s.replace("[1]", f"[{toll}]") for s in sentences]


@pytest.fixture(scope="module")
def verifier(assistant):  # type: ignore[no-untyped-def]
    return Verifier(assistant.retriever.embedder, assistant.retriever.second)


def test_verified_sentences_are_handed_on_one_by_one(assistant, verifier) -> None:  # type: ignore[no-untyped-def]
    citations = assistant.ask(QUESTION).citations
    first, fabricated, second = _numbered(assistant, FAITHFUL, FABRICATED, SECOND)
    with ScriptedLLM(" ".join([first, fabricated, UNCITED, second]), token_delay=0.02) as llm:
        config = LLMConfig(llm.url, "scripted", timeout=20.0)
        shown: list[str] = []
        streamed = generate(QUESTION, "fr", citations, config, verifier, on_verified=shown.append)
        whole = generate(QUESTION, "fr", citations, config, verifier)
    assert streamed == whole and whole.kept == (first, second)
    # The last sentence is only known to be complete at the end: the stream shows the first one before.
    assert shown == [first]
    assert not any(fabricated in text or UNCITED in text for text in shown)


def test_the_chat_streams_verified_sentences_then_the_final_answer(assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, fabricated, second, third = _numbered(
        assistant, FAITHFUL, FABRICATED, SECOND, FAITHFUL.replace("En 2026, les", "Les")
    )
    completion = " ".join([first, fabricated, second, UNCITED, third])
    with ScriptedLLM(completion, token_delay=0.05) as llm:
        writer = _with_llm(assistant, llm.url)
        chat = ChatApp(writer, FeedbackStore(tmp_path / "feedback.sqlite3"), tmp_path)
        start, updates = time.monotonic(), []
        for step in chat.turn(QUESTION, "", "", AUTO, "fr", [], []):
            updates.append((time.monotonic() - start, step[1][-1]["content"]))
        final = writer.ask(QUESTION)
    assert final.mode == "generated" and final.answer == f"{first} {second} {third}"
    partial = [(t, html) for t, html in updates if "jp-written" in html and "jp-pending" in html]
    assert len(partial) >= 2, [html[:200] for _, html in updates]
    assert partial[-1][0] < updates[-1][0] - 0.2, "the partial updates come before the final one"
    written = render.esc(texts("fr")["written_by"].format(model="scripted"))
    for _, html in partial:
        assert written in html and "45 millions" not in html and render.esc(UNCITED) not in html
    # The markers are rendered as superscripts: the words before them are what the reader sees.
    assert "introduiront un péage" in partial[0][1] and render.esc("une telle taxe depuis") in partial[-1][1]
    assert updates[-1][1] == translation.controls(render.answer_html(final, chat.view, "fr"), "fr", "nl", "fr", True)


def test_a_dead_endpoint_in_the_chat_gives_the_quoted_answer_with_its_notice(assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    writer = _with_llm(assistant, "http://127.0.0.1:9/v1", timeout=2.0)
    chat = ChatApp(writer, FeedbackStore(tmp_path / "feedback.sqlite3"), tmp_path)
    start = time.monotonic()
    steps = list(chat.turn(QUESTION, "", "", AUTO, "fr", [], []))
    assert time.monotonic() - start < 2.0 + 2.0
    html = steps[-1][1][-1]["content"]
    assert "jp-notice" in html and "jp-written" not in html and "jp-pending" not in html
    quoted = dataclasses.replace(assistant.ask(QUESTION), notice=NOTICES["fr"]["unreachable"])
    assert html == translation.controls(render.answer_html(quoted, chat.view, "fr"), "fr", "nl", "fr", True)
