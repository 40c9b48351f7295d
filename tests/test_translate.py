"""Cited paragraphs translated by the user's LLM: checked, cached by (chunk, language, model), and shown in
the chat under a "Translate" link as a machine translation; no link without an LLM."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import quote

import pytest

from assistant.generate import LLMConfig
from assistant.translate import Translator
from eval.llm_servers import ScriptedLLM
from ui import render
from ui.feedback import FeedbackStore
from ui.handlers import ChatApp
from ui.i18n import AUTO, TEXTS

QUESTION = "Que prévoient les Pays-Bas pour les camions ?"
TOLL = "zal Nederland een tolheffing"
FRENCH = (
    "En 2026, les Pays-Bas introduiront un péage pour le transport de marchandises par route. "
    "L'Eurovignette disparaîtra ainsi. La Belgique connaît déjà une telle taxe depuis près d'une décennie."
)


@pytest.fixture(scope="module")
def toll(parsed):  # type: ignore[no-untyped-def]
    return next(c for c in parsed.chunks if TOLL in c.text)


@pytest.mark.integration
def test_a_translation_is_checked_and_cached(toll) -> None:  # type: ignore[no-untyped-def]
    with ScriptedLLM(FRENCH) as llm:
        translator = Translator(LLMConfig(llm.url, "scripted"))
        assert translator.translate(toll.id, toll.text, "fr") == FRENCH
        assert translator.translate(toll.id, toll.text, "fr") == FRENCH
        assert len(llm.requests) == 1, "the second request is served from the cache"
        system, user = (m["content"] for m in llm.requests[0]["messages"])
        assert "français" in system and user.startswith("In 2026 zal Nederland een")
        # French is no German translation: nothing is shown or cached, and the next click asks again.
        assert translator.translate(toll.id, toll.text, "de") is None
        assert translator.translate(toll.id, toll.text, "de") is None
        assert len(llm.requests) == 3 and translator.cached(toll.id, "de") is None
        llm.completion = FRENCH.replace("En 2026", "En 2027")
        assert translator.translate("other", toll.text, "fr") is None  # a year the paragraph does not state


@pytest.mark.integration
@pytest.mark.parametrize("script", [{"status": 500}, {"completion": ""}])
def test_a_failed_translation_is_none(toll, script) -> None:  # type: ignore[no-untyped-def]
    with ScriptedLLM(**script) as llm:
        assert Translator(LLMConfig(llm.url, "scripted")).translate(toll.id, toll.text, "fr") is None


def _app(assistant, tmp_path: Path, url: str = ""):  # type: ignore[no-untyped-def]
    from assistant.api import Assistant

    settings = dataclasses.replace(assistant.settings, llm_url=url, llm_model="scripted" if url else "")
    writer = Assistant(settings, assistant.retriever, assistant.generation)
    return ChatApp(writer, FeedbackStore(tmp_path / "feedback.sqlite3"), tmp_path)


@pytest.mark.integration
def test_the_chat_translates_a_source_under_its_paragraph(assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with ScriptedLLM(FRENCH) as llm:
        app = _app(assistant, tmp_path, llm.url)
        *_, last = app.turn(QUESTION, "", "", AUTO, "fr", [], [])
        chat = last[1]
        html = chat[-1]["content"]
        answer = app.assistant.ask(QUESTION)
        toll = next(c for c in answer.citations if TOLL in c.text)
        links = html.count('class="jp-translate"')
        assert links == len(answer.citations) and f">{TEXTS['fr']['translate']}</a>" in html
        asked = len(llm.requests)
        shown = app.translate(f"{quote(toll.chunk_id, safe='')}|fr|1", chat, "fr")
        assert len(llm.requests) == asked + 1
        translated = shown[-1]["content"]
        label = TEXTS["fr"]["machine_translation"].format(model="scripted")
        assert render.esc(label) in translated and render.esc(FRENCH) in translated
        assert translated.count('class="jp-translate"') == links - 1
        assert 'class="jp-translation" lang="fr"' in translated
        # The paragraph as the plan prints it stays, above its translation.
        assert translated.index("jp-para") < translated.index("jp-translation")
        # As Gradio hands the chat back: each content a list of text parts.
        parts = [{**m, "content": [{"type": "text", "text": m["content"]}]} for m in chat]
        again = app.translate(f"{quote(toll.chunk_id, safe='')}|fr|2", parts, "fr")
        assert again[-1]["content"] == translated and again[:-1] == parts[:-1]
        assert len(llm.requests) == asked + 1, "the second request is served from the cache"


@pytest.mark.integration
def test_no_translate_link_without_an_llm(assistant, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = _app(assistant, tmp_path)
    *_, last = app.turn(QUESTION, "", "", AUTO, "fr", [], [])
    assert "jp-translate" not in last[1][-1]["content"] and app.translator is None
