"""The Gradio app of the Jaarplan assistant: a cited-answer chat, the plan to read, feedback.

``build_app(assistant) -> gr.Blocks`` renders what ``Assistant.ask`` returns and holds no
retrieval logic; ``ui.serve.serve(settings, ...)`` (``jaarplan serve``) opens the assistant once and serves it.

API: one public endpoint, ``/ask``::

    from gradio_client import Client
    Client("http://127.0.0.1:7860/").predict(
        question="Que prévoit le plan pour le télétravail des frontaliers ?",
        section="",      # "" = the whole plan, or a section/chapter label such as "2.1" or "2"
        language="",     # "" = detect from the question, or one of nl, fr, de, en
        api_name="/ask")

It returns the JSON contract (README, docs/architecture.md) (``Answer.to_dict()``), abstentions included
(``abstained: true``). Errors are raised, not returned: an unusable question (empty, too long),
an unknown section or an unserved language raises ``gr.Error`` with the assistant's message, which
``gradio_client`` surfaces as ``gradio_client.exceptions.AppError`` carrying that message, e.g.
"the question is empty. Type a question about the plan, ...". Every other event is private.

Interface language: every label, message and example follows the language detected in each
question; the selector fixes it by hand instead (questions are still answered in their own
language). The browser's locale picks the language shown before the first question.

``build_app`` does not style itself: mount it with ``css=CSS, theme=theme()`` (``ui.serve`` does).
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from assistant.api import REFRESH_SECONDS  # noqa: E402
from assistant.errors import JaarplanError, QuestionError  # noqa: E402
from assistant.lang import SERVED  # noqa: E402
from ui import render  # noqa: E402
from ui.agenda_tab import AgendaPanel, agenda_tab, relabel_targets, wire_agenda  # noqa: E402
from ui.feedback import FeedbackStore  # noqa: E402
from ui.i18n import AUTO, EXAMPLES, LANGUAGE_NAMES, from_locale, texts  # noqa: E402

log = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("static")  # the page's CSS and scripts, as files
DEFAULT_LANGUAGE = "nl"
FEEDBACK_FILE = "feedback.sqlite3"
RATING = {True: "helpful", False: "not_helpful", "Like": "helpful", "Dislike": "not_helpful"}
QUEUE_CONCURRENCY = 2  # per event; on 2 cores 1, 2, 4, 8 and 16 measured within noise, 2 best on p95

CSS = (STATIC / "app.css").read_text(encoding="utf-8")

SCROLL_TO_ANSWER = (STATIC / "scroll-to-answer.js").read_text(encoding="utf-8")
FOCUS_AND_LOCALE = (STATIC / "focus-and-locale.js").read_text(encoding="utf-8")
GOTO_SECTION = "<script>\n" + (STATIC / "goto-section.js").read_text(encoding="utf-8") + "</script>"
THEME_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]


def theme() -> gr.themes.Base:
    """The default theme with system fonts only (no font downloads from the web)."""
    return gr.themes.Default(font=THEME_FONTS, font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"])


def _header(language: str) -> str:
    t = texts(language)
    return (
        f'<div class="jp-header"><h1>{render.esc(t["title"])}</h1><p>{render.esc(t["intro"])}</p>'
        f'<p class="jp-note">{render.esc(t["plan_note"])}</p></div>'
    )


def _language_choices(language: str) -> list[tuple[str, str]]:
    return [(texts(language)["language_auto"], AUTO)] + [(LANGUAGE_NAMES[x], x) for x in SERVED]


def _example_title(language: str, group: str) -> str:
    return f'<p class="jp-examples-title">{render.esc(texts(language)["examples_" + group])}</p>'


EXAMPLE_GROUPS = ("officials", "workers")


def _example(language: str, group: str, k: int) -> dict[str, Any]:
    return gr.update(value=EXAMPLES[language][group][k])


def _hint(language: str) -> str:
    return f'<p class="jp-feedback-hint">{render.esc(texts(language)["feedback_hint"])}</p>'


def _relabeller(
    targets: list[tuple[Any, Callable[[str], Any]]], per_document: list[tuple[Any, Callable[[str, str], Any]]]
) -> Callable[..., list[Any]]:
    """An event handler giving every target its text in the interface language, when it changed.

    ``per_document`` targets also depend on the plan selected (their makers take language, document).
    """

    def relabel(language: str, shown: str, document: str = "") -> list[Any]:
        if language == shown:
            return [shown] + [gr.skip() for _ in targets + per_document]
        return (
            [language]
            + [make(language) for _, make in targets]
            + [make(language, document) for _, make in per_document]
        )

    return relabel


class ChatApp:
    """Event handlers over one open assistant and one feedback store (shared by every session)."""

    def __init__(self, assistant: Any, feedback: FeedbackStore, downloads: Path) -> None:
        self.assistant = assistant
        self.feedback = feedback
        self.downloads = downloads
        self.agenda = AgendaPanel(assistant, downloads)
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
        answer = self._answer(clean, section, document, language)
        if isinstance(answer, str):
            chat[-1] = {"role": "assistant", "content": answer}
            yield "", chat, records, language, gr.skip(), gr.skip()
            return
        language = answer.language if choice == AUTO else choice
        chat[-1] = {"role": "assistant", "content": render.answer_html(answer, self.view, language)}
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

    def _answer(self, clean: str, section: str, document: str, language: str) -> Any:
        """The ``Answer`` to a checked question, or the HTML of the error that stopped it."""
        key, label = render.split_section(section)
        try:
            return self.assistant.ask(clean, section=label or None, document=key or document or None)
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

    def rate(self, data: gr.LikeData, records: list, language: str) -> tuple:
        """Store a thumbs up/down on an answer; remembers the row so a comment can be attached."""
        index = data.index if isinstance(data.index, int) else data.index[0]
        record = records[index] if 0 <= index < len(records or []) else None
        rating = RATING.get(data.liked) if isinstance(data.liked, (bool, str)) else None
        if record is None or rating is None:
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

    def read(self, value: str | None, language: str) -> str:
        """The paragraphs of the chosen section (a ``render.section_value``) of its plan."""
        key, label = render.split_section(value or "")
        chunks = self.assistant.section_chunks(label, key or None) if label else []
        return render.section_html(chunks, language)

    def follow_document(self, document: str, section: str, toc: str | None, language: str) -> tuple:
        """The section filter and the contents listing only the chosen plan's sections (every plan's for "").

        A chosen section of another plan is cleared. Returns (filter, contents, reader).
        """
        shown = self.sections_of(document)
        keys = {s.document_key for s in shown}
        keep = section if render.split_section(section)[0] in keys else ""
        reading = toc if toc and render.split_section(toc)[0] in keys else None
        return (
            gr.update(choices=render.filter_choices(shown, language), value=keep),
            gr.update(choices=render.toc_choices(shown), value=reading),
            gr.skip() if reading else render.section_html([], language),
        )

    def goto(self, value: str, document: str, section: str, language: str) -> tuple:
        """Open a section link ('section_value|click time') in the reader, switching to every plan if needed.

        Returns (plan selector, section filter, contents, reader).
        """
        value = value.partition("|")[0]
        key = render.split_section(value)[0]
        if not key or not self.sections_of(key):
            return gr.skip(), gr.skip(), gr.skip(), self.read(value, language)
        if document and document != key:
            document = ""
        filter_update, _, _ = self.follow_document(document, section, None, language)
        toc = gr.update(choices=render.toc_choices(self.sections_of(document)), value=value)
        return document, filter_update, toc, self.read(value, language)

    def store_notice(self, language: str) -> dict[str, Any]:
        """The notice while the index server cannot be reached; checks the server when a check is due."""
        problem = self.assistant.store_status()
        if problem != self.problem:
            (log.warning if problem else log.info)("index server: %s", problem or "reachable again")
            self.problem = problem
        html = render.store_notice(problem, self.assistant.generation, REFRESH_SECONDS, language)
        return gr.update(value=html, visible=bool(html))

    @staticmethod
    def choose_language(choice: str, current: str) -> str:
        """The interface language after the selector changed (auto keeps the current one)."""
        return current if choice == AUTO else choice

    @staticmethod
    def browser_language(locale: str) -> str:
        """The interface language from the browser's locale at page load."""
        return from_locale(locale, DEFAULT_LANGUAGE)


def _said(err: QuestionError, language: str) -> str:
    """A question's error in the interface language (the assistant's own message when it has no text for it)."""
    text = texts(language).get(f"refused_{err.kind}")
    return text.format(**err.values) if text else str(err)


def build_app(assistant: Any, feedback: FeedbackStore | None = None, language: str = DEFAULT_LANGUAGE) -> gr.Blocks:
    """The Blocks app over an open ``Assistant`` (launch it with ``css=CSS, theme=theme()``)."""
    store = feedback or FeedbackStore(Path(assistant.settings.data_dir) / FEEDBACK_FILE)
    ui = ChatApp(assistant, store, Path(tempfile.mkdtemp(prefix="jaarplan-ui-")))
    with gr.Blocks(title="Jaarplan assistant", analytics_enabled=False, delete_cache=(3600, 86400)) as demo:
        gr.api(
            ui.api_ask,
            api_name="ask",  # first, so that no private event's default name can take "ask"
            api_description="Answer a question over the plan; returns the JSON contract of the README.",
        )
        page = SimpleNamespace(ui_lang=gr.State(language), shown=gr.State(language))
        page.records, page.last_row = gr.State([]), gr.State(None)
        page.locale = gr.Textbox(visible=False)
        page.header = gr.HTML(_header(language))
        page.notice = gr.HTML("", elem_id="jp-store-status", visible=False)
        page.goto = gr.Textbox(elem_id="jp-goto", elem_classes="jp-hidden", show_label=False, container=False)
        _controls(page, ui, language)
        with gr.Tabs():
            with gr.Tab(texts(language)["tab_ask"], id="ask") as page.tab_ask:
                _ask_tab(page, language)
            with gr.Tab(texts(language)["tab_read"], id="read") as page.tab_read, gr.Row():
                _read_tab(page, ui, language)
            with gr.Tab(texts(language)["tab_agenda"], id="agenda") as page.tab_agenda:
                agenda_tab(page, ui.agenda, language)
        _wire(demo, page, ui, bool(getattr(assistant.store, "shared", False)))
    return demo


def _controls(page: SimpleNamespace, ui: ChatApp, language: str) -> None:
    """The interface language, the section filter and (with several plans) the plan selector."""
    t = texts(language)
    with gr.Row(equal_height=True):
        page.lang_choice = gr.Dropdown(
            _language_choices(language), value=AUTO, label=t["language_label"], elem_id="jp-language", min_width=240
        )
        page.section = gr.Dropdown(
            render.filter_choices(ui.sections, language),
            value="",
            label=t["filter_label"],
            elem_id="jp-filter",
            min_width=240,
        )
        page.document = gr.Dropdown(
            ui.document_choices(language),
            value="",
            label=t["document_label"],
            elem_id="jp-document",
            min_width=200,
            visible=len(ui.documents) > 1,
        )


def _ask_tab(page: SimpleNamespace, language: str) -> None:
    """The chat, the question box, the examples, feedback and the Markdown export."""
    t = texts(language)
    page.chat = gr.Chatbot(
        label=t["chat_label"],
        show_label=False,
        elem_id="jp-chat",
        height="55vh",
        render_markdown=False,
        sanitize_html=True,
        latex_delimiters=[],
        buttons=[],
        feedback_options=("Like", "Dislike"),
        allow_tags=False,
        autoscroll=False,
        layout="panel",
    )
    with gr.Row(equal_height=True):
        page.question = gr.Textbox(
            label=t["question_label"], placeholder=t["placeholder"], elem_id="jp-question", scale=5, min_width=200
        )
        page.send = gr.Button(t["send"], variant="primary", elem_id="jp-send", scale=1, min_width=90)
    page.titles, page.examples = {}, {}
    with gr.Row(elem_id="jp-examples"):
        for group in EXAMPLE_GROUPS:
            with gr.Column(min_width=280):
                page.titles[group] = gr.HTML(_example_title(language, group))
                page.examples[group] = [
                    gr.Button(q, size="sm", variant="secondary", elem_classes="jp-example")
                    for q in EXAMPLES[language][group]
                ]
    page.hint = gr.HTML(_hint(language))
    _feedback_and_export(page, t)


def _feedback_and_export(page: SimpleNamespace, t: dict[str, str]) -> None:
    """The comment box under the chat and the accordion with the answer as Markdown."""
    with gr.Row(equal_height=True):
        page.comment = gr.Textbox(
            label=t["comment_label"],
            placeholder=t["comment_placeholder"],
            elem_id="jp-comment",
            scale=5,
            min_width=200,
            max_length=2000,
        )
        page.comment_send = gr.Button(t["comment_send"], elem_id="jp-comment-send", scale=1, min_width=90)
    page.status = gr.Markdown("", elem_id="jp-feedback-status")
    with gr.Accordion(t["export_label"], open=False, elem_id="jp-export") as page.export:
        page.download = gr.DownloadButton(
            t["download"], value=None, interactive=False, elem_id="jp-download", size="md"
        )
        page.markdown = gr.Textbox(
            label=t["export_label"], lines=8, max_lines=20, interactive=False, buttons=["copy"], elem_id="jp-markdown"
        )


def _read_tab(page: SimpleNamespace, ui: ChatApp, language: str) -> None:
    """The contents and the section being read."""
    t = texts(language)
    page.toc = gr.Radio(
        render.toc_choices(ui.sections),
        value=None,
        label=t["toc_label"],
        info=t["read_hint"],
        elem_id="jp-toc",
        elem_classes="jp-toc",
        scale=1,
        min_width=260,
    )
    page.reader = gr.HTML("", elem_id="jp-reader", scale=2, min_width=300)


def _relabel(page: SimpleNamespace, ui: ChatApp) -> tuple:
    """The event that relabels every component in the interface language: (function, inputs, outputs)."""
    targets: list[tuple[Any, Callable[[str], Any]]] = [
        (page.header, _header),
        (page.lang_choice, lambda x: gr.update(label=texts(x)["language_label"], choices=_language_choices(x))),
        (page.tab_ask, lambda x: gr.update(label=texts(x)["tab_ask"])),
        (page.tab_read, lambda x: gr.update(label=texts(x)["tab_read"])),
        (page.chat, lambda x: gr.update(label=texts(x)["chat_label"])),
        (page.question, lambda x: gr.update(label=texts(x)["question_label"], placeholder=texts(x)["placeholder"])),
        (page.send, lambda x: gr.update(value=texts(x)["send"])),
        (page.hint, _hint),
        (
            page.comment,
            lambda x: gr.update(label=texts(x)["comment_label"], placeholder=texts(x)["comment_placeholder"]),
        ),
        (page.comment_send, lambda x: gr.update(value=texts(x)["comment_send"])),
        (page.export, lambda x: gr.update(label=texts(x)["export_label"])),
        (page.download, lambda x: gr.update(label=texts(x)["download"])),
        (page.markdown, lambda x: gr.update(label=texts(x)["export_label"])),
        (page.toc, lambda x: gr.update(label=texts(x)["toc_label"], info=texts(x)["read_hint"])),
        (page.document, lambda x: gr.update(label=texts(x)["document_label"], choices=ui.document_choices(x))),
        (page.notice, ui.store_notice),
    ]
    per_document: list[tuple[Any, Callable[[str, str], Any]]] = [
        (
            page.section,
            lambda x, d: gr.update(label=texts(x)["filter_label"], choices=render.filter_choices(ui.sections_of(d), x)),
        ),
    ]
    targets += relabel_targets(page, ui.agenda)
    for group in EXAMPLE_GROUPS:
        targets.append((page.titles[group], partial(_example_title, group=group)))
        targets += [(b, partial(_example, group=group, k=k)) for k, b in enumerate(page.examples[group])]
    return (
        _relabeller(targets, per_document),
        [page.ui_lang, page.shown, page.document],
        [page.shown] + [c for c, _ in targets + per_document],
    )


def _wire(demo: gr.Blocks, page: SimpleNamespace, ui: ChatApp, shared: bool) -> None:
    """The events: asking (box, button, examples), feedback, language, reading, and in server mode
    the store notice and the re-listing of a new generation's sections."""
    hidden: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
    relabel = _relabel(page, ui)
    ask_in = [page.section, page.document, page.lang_choice, page.ui_lang, page.chat, page.records]
    ask_out = [page.question, page.chat, page.records, page.ui_lang, page.download, page.markdown]
    sources = [(page.question.submit, page.question), (page.send.click, page.question)]
    sources += [(b.click, b) for g in EXAMPLE_GROUPS for b in page.examples[g]]
    for trigger, source in sources:
        asked = trigger(ui.turn, [source] + ask_in, ask_out, **hidden)
        asked.then(None, js=SCROLL_TO_ANSWER)
        asked.then(*relabel, **hidden)
    page.chat.like(ui.rate, [page.records, page.ui_lang], [page.last_row, page.status], **hidden)
    page.chat.clear(lambda: ([], None), None, [page.records, page.last_row], **hidden)
    for trigger in (page.comment.submit, page.comment_send.click):
        trigger(ui.comment, [page.comment, page.last_row, page.ui_lang], [page.comment, page.status], **hidden)
    chosen = page.lang_choice.input(ui.choose_language, [page.lang_choice, page.ui_lang], [page.ui_lang], **hidden)
    chosen.then(*relabel, **hidden)
    page.toc.input(ui.read, [page.toc, page.ui_lang], [page.reader], **hidden)
    plan_views = [page.section, page.toc, page.reader]
    page.document.input(ui.follow_document, [page.document, page.section, page.toc, page.ui_lang], plan_views, **hidden)
    goto_in = [page.goto, page.document, page.section, page.ui_lang]
    page.goto.change(ui.goto, goto_in, [page.document, *plan_views], **hidden)
    wire_agenda(demo, page, ui.agenda, hidden)
    loaded = demo.load(ui.browser_language, [page.locale], [page.ui_lang], js=FOCUS_AND_LOCALE, **hidden)
    loaded.then(*relabel, **hidden)
    if shared:
        listed = gr.State(None)
        list_in = [listed, page.ui_lang, page.document, page.section, page.toc]
        lists = (ui.lists_if_changed, list_in, [page.document, page.section, page.toc, listed])
        loaded.then(*lists, **hidden)
        loaded.then(ui.store_notice, [page.ui_lang], [page.notice], queue=False, **hidden)
        timer = gr.Timer(REFRESH_SECONDS / 2)
        timer.tick(ui.store_notice, [page.ui_lang], [page.notice], queue=False, **hidden).then(*lists, **hidden)
