"""The chat's event handlers: asking, rating, commenting, reading, following links, the store notice.

``ChatApp`` holds one open assistant and one feedback store, shared by every session; the layout and the
wiring of these handlers to components are in ``ui.app``.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.errors import JaarplanError, QuestionError
from ui import render, translation
from ui.agenda_tab import AgendaPanel
from ui.feedback import FeedbackStore
from ui.i18n import AUTO, from_locale, texts

log = logging.getLogger(__name__)
DEFAULT_LANGUAGE = "nl"
RATINGS = ("helpful", "not_helpful")


class ChatApp:
    """Event handlers over one open assistant and one feedback store (shared by every session)."""

    def __init__(self, assistant: Any, feedback: FeedbackStore, downloads: Path) -> None:
        self.assistant = assistant
        self.feedback = feedback
        self.downloads = downloads
        self.agenda = AgendaPanel(assistant, downloads)
        self.translator = _translator(getattr(assistant, "settings", None))
        self.problem: str | None = None
        self._generation: int | None = None
        self._sync()

    def _sync(self) -> None:
        """Rebuild the plan's views when the assistant serves another generation (server mode: another
        replica re-ingested). The generation is read before the chunks: the assistant sets it last."""
        generation = self.assistant.generation
        if generation == self._generation:
            return
        self._generation = generation
        self._view = render.PlanView(self.assistant.chunks)
        self._sections = self.assistant.sections()
        self._documents = sorted({(s.document, s.document_key) for s in self._sections})

    @property
    def view(self) -> render.PlanView:
        """The plan as rendered for "show in context", of the generation being served."""
        self._sync()
        return self._view

    @property
    def sections(self) -> list[Any]:
        """The indexed sections of the generation being served."""
        self._sync()
        return self._sections

    @property
    def labels(self) -> set[str]:
        """The section labels the filter accepts."""
        return {s.label for s in self.sections}

    @property
    def documents(self) -> list[tuple[str, str]]:
        """(title, key) of every indexed plan."""
        self._sync()
        return self._documents

    def plan_choices(self, language: str, document: str, section: str, toc: str | None) -> tuple:
        """The plan selector, section filter and contents as the served generation has them (at page
        load: a page opened after a re-ingest lists the new sections). Returns (plan, filter, contents)."""
        keys = {key for _, key in self.documents}
        chosen = document if document in keys else ""
        plan = gr.update(choices=self.document_choices(language), value=chosen, visible=len(keys) > 1)
        filter_update, toc_update, _ = self.follow_document(chosen, section, toc, language)
        return plan, filter_update, toc_update

    def lists_if_changed(self, seen: int | None, language: str, document: str, section: str, toc: str | None) -> tuple:
        """``plan_choices`` again when the served generation is not the one this page last listed
        (server mode: another replica re-ingested), else no change. Returns (plan, filter,
        contents, generation listed)."""
        current = self.assistant.generation
        if seen == current:
            return gr.skip(), gr.skip(), gr.skip(), seen
        return (*self.plan_choices(language, document, section, toc), current)

    def sections_of(self, document: str) -> list[Any]:
        """The sections of one plan (by key), or of every plan when ``document`` is empty."""
        return [s for s in self.sections if not document or s.document_key == document]

    def document_choices(self, language: str) -> list[tuple[str, str]]:
        """(title, key) pairs for the plan selector, after 'all plans'."""
        return [(texts(language)["document_all"], "")] + self.documents

    def api_ask(self, question: str, section: str = "", language: str = "", document: str = "", year: int = 0) -> dict:
        """Answer one question over the plan; returns the JSON contract (Answer.to_dict()).

        ``document`` (key or title) and ``year`` (0 = any) restrict it to one indexed plan.
        """
        try:
            self._check_section(section)
            answer = self.assistant.ask(
                question,
                section=section or None,
                language=language or None,
                document=document or None,
                year=int(year) or None,
            )
        except JaarplanError as err:
            raise gr.Error(str(err), print_exception=False) from None
        return answer.to_dict()

    def _check_section(self, section: str) -> None:
        if section and section not in self.labels:
            raise QuestionError(
                f"section '{section}' is not in the plan. Use one of "
                f"{', '.join(s.label for s in self.sections)}, or leave it empty."
            )

    def turn(
        self, question: str, section: str, document: str, choice: str, language: str, chat: list, records: list
    ) -> Iterator[tuple]:
        """Show the question at once with a pending note, then the answer (or the error message).

        Yields (question box, chat, records, interface language, download button, markdown).
        """
        chat, records = list(chat or []), list(records or [])
        answered = any(isinstance(r, dict) for r in records)  # the interface follows the first question only
        try:
            clean = self.assistant.check_question(question)
        except QuestionError as err:
            chat.append({"role": "assistant", "content": render.error_html(_said(err, language), language)})
            yield "", chat, records + [None], language, gr.skip(), gr.skip()
            return
        chat += [
            {"role": "user", "content": render.question_html(clean)},
            {"role": "assistant", "content": render.pending_html(language)},
        ]
        records += [None, None]
        yield "", chat, records, language, gr.skip(), gr.skip()
        for answer, done in self._streamed(clean, section, document, language):
            if done:
                break
            # A generated answer as far as it is verified, still marked pending (the next sentence is coming).
            shown = choice if choice != AUTO else language if answered else answer.language
            html = render.answer_html(answer, self.view, shown) + render.pending_html(shown)
            chat[-1] = {"role": "assistant", "content": html}
            yield "", chat, records, language, gr.skip(), gr.skip()
        if isinstance(answer, str):
            chat[-1] = {"role": "assistant", "content": answer}
            yield "", chat, records, language, gr.skip(), gr.skip()
            return
        language = choice if choice != AUTO else language if answered else answer.language
        html = render.answer_html(answer, self.view, language)
        source = getattr(getattr(self.assistant, "retriever", None), "language", "nl")
        html = translation.controls(html, answer.language, source, language, self.translator is not None)
        chat[-1] = {"role": "assistant", "content": html}
        records[-1] = {
            "question": answer.question,
            "answer": answer.answer,
            "language": answer.language,
            "chunk_ids": [c.chunk_id for c in answer.citations],
        }
        markdown = render.answer_markdown(answer, language)
        yield (
            "",
            chat,
            records,
            language,
            gr.update(value=str(self._download_file(markdown)), interactive=True),
            markdown,
        )

    def _streamed(self, clean: str, section: str, document: str, language: str) -> Iterator[tuple[Any, bool]]:
        """With an LLM configured, the answer as far as it is written and verified (``(Answer, False)``,
        each time a sentence is kept), then, as without one, ``(answer or error HTML, True)``. The answer
        is written in a worker thread; it ends within the LLM's timeout (``generate.generate``)."""
        if not getattr(getattr(self.assistant, "settings", None), "llm_url", ""):
            yield self._answer(clean, section, document, language), True
            return
        updates: queue.Queue[tuple[Any, bool]] = queue.Queue()

        def work() -> None:
            result: Any = render.error_html(texts(language)["unexpected"], language)
            try:
                result = self._answer(clean, section, document, language, lambda a: updates.put((a, False)))
            finally:
                updates.put((result, True))

        threading.Thread(target=work, name="chat-answer", daemon=True).start()
        while True:
            item = updates.get()
            while not item[1] and not updates.empty():
                item = updates.get()  # a slow page shows the latest verified text, not every step
            yield item
            if item[1]:
                return

    def _answer(
        self, clean: str, section: str, document: str, language: str, on_verified: Callable[[Any], None] | None = None
    ) -> Any:
        """The ``Answer`` to a checked question, or the HTML of the error that stopped it."""
        key, label = render.split_section(section)
        streaming = {"on_verified": on_verified} if on_verified else {}
        try:
            return self.assistant.ask(clean, section=label or None, document=key or document or None, **streaming)
        except QuestionError as err:
            return render.error_html(_said(err, language), language)
        except JaarplanError as err:
            return render.error_html(str(err), language)
        except Exception:  # noqa: BLE001 - the user gets a message, the log gets the traceback
            log.exception("answering %r failed", clean)
            return render.error_html(texts(language)["unexpected"], language)

    def _download_file(self, markdown: str) -> Path:
        """A fresh Markdown file for the download button; files older than an hour are removed."""
        cutoff = time.time() - 3600
        for old in self.downloads.glob("jaarplan-answer-*.md"):
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
        path = self.downloads / f"jaarplan-answer-{uuid.uuid4().hex[:8]}.md"
        path.write_text(markdown, encoding="utf-8")
        return path

    def rate(self, value: str, records: list, language: str) -> tuple:
        """Store a click on an answer's rating button ('answer key|rating|click time', ``render.answer_key``);
        remembers the row so a comment can be attached. Returns (row, status)."""
        key, _, rest = (value or "").partition("|")
        rating = rest.partition("|")[0]
        record = next(
            (r for r in reversed(records or []) if r and render.answer_key(r["question"], r["answer"]) == key), None
        )
        if record is None or rating not in RATINGS:
            return gr.skip(), gr.skip()
        row = self.feedback.add(record["question"], record["answer"], record["language"], record["chunk_ids"], rating)
        return row, texts(language)["thanks"]

    def comment(self, text: str, row: int | None, language: str) -> tuple:
        """Attach the optional comment to the last rating."""
        t = texts(language)
        if row is None:
            return gr.skip(), t["rate_first"]
        if not (text or "").strip():
            return gr.skip(), gr.skip()
        self.feedback.comment(row, text)
        return "", t["thanks_comment"]

    def read(self, value: str | None, language: str, target: str = "") -> str:
        """The paragraphs of the chosen section (a ``render.section_value``) of its plan, ``target`` marked."""
        key, label = render.split_section(value or "")
        chunks = self.assistant.section_chunks(label, key or None) if label else []
        return render.section_html(chunks, language, target)

    def first_section(self, document: str = "") -> str | None:
        """The ``render.section_value`` of the first section of a plan (of every plan for ""), if any."""
        shown = self.sections_of(document)
        return render.section_value(shown[0].document_key, shown[0].label) if shown else None

    def follow_document(self, document: str, section: str, toc: str | None, language: str) -> tuple:
        """The section filter and the contents listing only the chosen plan's sections (every plan's for "").

        A chosen section of another plan is cleared, and the reader opens that plan's first section.
        Returns (filter, contents, reader).
        """
        shown = self.sections_of(document)
        keys = {s.document_key for s in shown}
        keep = section if render.split_section(section)[0] in keys else ""
        reading = toc if toc and render.split_section(toc)[0] in keys else None
        first = None if reading else self.first_section(document)
        return (
            gr.update(choices=render.filter_choices(shown, language), value=keep),
            gr.update(choices=render.toc_choices(shown), value=reading or first),
            gr.skip() if reading else self.read(first, language),
        )

    def goto(self, value: str, document: str, section: str, language: str) -> tuple:
        """Open a link ('section_value|chunk id|click time') in the reader at that paragraph (marked),
        switching to every plan if needed. Returns (plan selector, section filter, contents, reader).
        """
        value, _, rest = value.partition("|")
        target = rest.partition("|")[0]
        key = render.split_section(value)[0]
        if not key or not self.sections_of(key):
            return gr.skip(), gr.skip(), gr.skip(), self.read(value, language, target)
        if document and document != key:
            document = ""
        filter_update, _, _ = self.follow_document(document, section, None, language)
        toc = gr.update(choices=render.toc_choices(self.sections_of(document)), value=value)
        return document, filter_update, toc, self.read(value, language, target)

    def translate(self, value: str, chat: list, language: str) -> Any:
        """A "Translate" link's paragraph ('chunk id|answer language|click time') translated by the LLM in
        place of the link (``ui.translation``); no change without an LLM or for an unknown paragraph."""
        if self.translator is None:
            return gr.skip()
        chunks = self.assistant.chunk_of
        shown = translation.translated(value, chat, language, self.translator.translate, chunks, self.translator.model)
        return gr.skip() if shown is None else shown

    def store_notice(self, language: str) -> dict[str, Any]:
        """The notice while the index server cannot be reached; checks the server when a check is due."""
        problem = self.assistant.store_status()
        if problem != self.problem:
            (log.warning if problem else log.info)("index server: %s", problem or "reachable again")
            self.problem = problem
        every = self.assistant.settings.refresh_seconds
        html = render.store_notice(problem, self.assistant.generation, every, language)
        return gr.update(value=html, visible=bool(html))

    @staticmethod
    def choose_language(choice: str, current: str) -> str:
        """The interface language after the selector changed (auto keeps the current one)."""
        return current if choice == AUTO else choice

    @staticmethod
    def browser_language(locale: str) -> str:
        """The interface language from the browser's locale at page load."""
        return from_locale(locale, DEFAULT_LANGUAGE)


def _translator(settings: Any) -> Any:
    """The translator of the LLM the settings name, or ``None`` without one (llama-index is then not loaded)."""
    if not getattr(settings, "llm_url", ""):
        return None
    from assistant.translate import Translator

    return Translator.from_settings(settings)


def _said(err: QuestionError, language: str) -> str:
    """A question's error in the interface language (the assistant's own message when it has no text for it)."""
    text = texts(language).get(f"refused_{err.kind}")
    return text.format(**err.values) if text else str(err)
