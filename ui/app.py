"""The Gradio app of the Jaarplan assistant: a cited-answer chat, the plan to read, feedback.

``build_app(assistant) -> gr.Blocks`` renders what ``Assistant.ask`` returns and holds no
retrieval logic; ``ui.serve.serve(settings, ...)`` (``jaarplan serve``) opens the assistant once and serves it.

API: one public endpoint, ``/ask``::

    from gradio_client import Client
    Client("http://127.0.0.1:7860/").predict(
        question="Quels obstacles au télétravail transfrontalier le Benelux veut-il lever ?",
        section="",      # "" = the whole plan, or a section/chapter label such as "2.1" or "2"
        language="",     # "" = detect from the question, or one of nl, fr, de, en
        api_name="/ask")

It returns the JSON contract (README, docs/architecture.md) (``Answer.to_dict()``), abstentions included
(``abstained: true``). Errors are raised, not returned: an unusable question (empty, too long),
an unknown section or an unserved language raises ``gr.Error`` with the assistant's message, which
``gradio_client`` surfaces as ``gradio_client.exceptions.AppError`` carrying that message, e.g.
"the question is empty. Type a question about the plan, ...". Every other event is private.

Interface language: the browser's locale picks it before the first question; then every label,
message and example follows the language detected in the first question, and stays (a reader who
asks in French once does not see the page flip to English for an English keyword); the selector
fixes it by hand instead. Questions are always answered in their own language.

``build_app`` does not style itself: mount it with ``css=CSS, theme=theme()`` (``ui.serve`` does).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from assistant.lang import SERVED  # noqa: E402
from ui import render  # noqa: E402
from ui.agenda_tab import agenda_tab, relabel_targets, wire_agenda  # noqa: E402
from ui.feedback import FeedbackStore  # noqa: E402
from ui.handlers import DEFAULT_LANGUAGE, ChatApp  # noqa: E402
from ui.i18n import AUTO, EXAMPLES, LANGUAGE_NAMES, texts  # noqa: E402

log = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("static")  # the page's CSS and scripts, as files
FEEDBACK_FILE = "feedback.sqlite3"
QUEUE_CONCURRENCY = 2  # per event; on 2 cores 1, 2, 4, 8 and 16 measured within noise, 2 best on p95

CSS = (STATIC / "app.css").read_text(encoding="utf-8")

SCROLL_TO_ANSWER = (STATIC / "scroll-to-answer.js").read_text(encoding="utf-8")
FOCUS_AND_LOCALE = (STATIC / "focus-and-locale.js").read_text(encoding="utf-8")
# Document-wide click handlers, in the page's <head>.
PAGE_SCRIPTS = ("goto-section.js", "rate-answer.js", "translate.js")
GOTO_SECTION = "".join(f"<script>\n{(STATIC / name).read_text(encoding='utf-8')}</script>" for name in PAGE_SCRIPTS)
# Gradio scopes ``css=`` inside the app's container; the page's own side padding needs an unscoped rule.
GOTO_SECTION += "<style>\n" + (STATIC / "page.css").read_text(encoding="utf-8") + "</style>"
CHAT_HEIGHT = "max(60vh, calc(100dvh - 11rem))"  # the screen less the question box (app.css: shorter while empty)
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
        page.translate = gr.Textbox(elem_id="jp-translate", elem_classes="jp-hidden", show_label=False, container=False)
        page.rating = gr.Textbox(elem_id="jp-rate", elem_classes="jp-hidden", show_label=False, container=False)
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
        height=CHAT_HEIGHT,
        render_markdown=False,
        sanitize_html=True,
        latex_delimiters=[],
        buttons=[],
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
    """The contents and the section being read: the first one until another is chosen."""
    t = texts(language)
    first = ui.first_section()
    page.toc = gr.Radio(
        render.toc_choices(ui.sections),
        value=first,
        label=t["toc_label"],
        info=t["read_hint"],
        elem_id="jp-toc",
        elem_classes="jp-toc",
        scale=1,
        min_width=260,
    )
    page.reader = gr.HTML(ui.read(first, language), elem_id="jp-reader", scale=2, min_width=300)


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
    page.rating.change(ui.rate, [page.rating, page.records, page.ui_lang], [page.last_row, page.status], **hidden)
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
    page.translate.change(ui.translate, [page.translate, page.chat, page.ui_lang], [page.chat], **hidden)
    wire_agenda(demo, page, ui.agenda, hidden)
    loaded = demo.load(ui.browser_language, [page.locale], [page.ui_lang], js=FOCUS_AND_LOCALE, **hidden)
    loaded.then(*relabel, **hidden)
    if shared:
        listed = gr.State(None)
        list_in = [listed, page.ui_lang, page.document, page.section, page.toc]
        lists = (ui.lists_if_changed, list_in, [page.document, page.section, page.toc, listed])
        loaded.then(*lists, **hidden)
        loaded.then(ui.store_notice, [page.ui_lang], [page.notice], queue=False, **hidden)
        timer = gr.Timer(ui.assistant.settings.refresh_seconds / 2)
        timer.tick(ui.store_notice, [page.ui_lang], [page.notice], queue=False, **hidden).then(*lists, **hidden)
