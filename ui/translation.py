"""The "Translate" control under each cited paragraph, and the machine translation that replaces it.

With an LLM configured, every source of an answer not in the plan's own language gets a link under its
paragraph (``controls``); ``static/translate.js`` turns a click into the value of the hidden
``#jp-translate`` box ('chunk id|answer language|click time'), and ``translated`` puts the translation,
labelled as a machine translation by the model, in place of that answer's link. The paragraph itself
always stays as the plan prints it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, unquote

from ui.i18n import texts
from ui.render import esc

_SOURCE = re.compile(r'(<li class="jp-source" data-chunk="([^"]*)">.*?</blockquote>)', re.S)
_LANG = re.compile(r'^<div class="jp-answer[^"]*" lang="([a-z]{2})"')
HREF = "#translate="


def _row(chunk_id: str, t: dict[str, str], after: str = "") -> str:
    href = esc(HREF + quote(chunk_id, safe=""))
    link = f'<a class="jp-translate" href="{href}" role="button">{esc(t["translate"])}</a>'
    return f'<p class="jp-translate-row">{link}{after}</p>'


def controls(page: str, answer_language: str, source_language: str, language: str, enabled: bool) -> str:
    """``page`` (``render.answer_html``) with a "Translate" link under each cited paragraph, in the
    interface ``language``; unchanged without an LLM or when the answer is in the plan's language."""
    if not enabled or answer_language == source_language:
        return page
    t = texts(language)
    return _SOURCE.sub(lambda m: m.group(1) + _row(html.unescape(m.group(2)), t), page)


def translated(
    value: str,
    chat: list[Any],
    language: str,
    translate: Callable[[str, str, str], str | None],
    chunk_text: Mapping[str, Any],
    model: str,
) -> list[Any] | None:
    """The chat with the paragraph of a clicked link ('quoted chunk id|answer language|time') translated
    under each answer in that language that cites it (labels in the interface ``language``), or the
    failure said there; ``None`` when the value names no paragraph. ``translate(chunk id, text,
    language)`` gives the translation or ``None``."""
    chunk_id, _, rest = (value or "").partition("|")
    chunk_id, target = unquote(chunk_id), rest.partition("|")[0]
    chunk = chunk_text.get(chunk_id)
    if chunk is None or not target:
        return None
    t = texts(language)
    text = translate(chunk_id, chunk.text, target)
    if text is None:
        block = _row(chunk_id, t, f'<span class="jp-mt-failed" role="status">{esc(t["translation_failed"])}</span>')
    else:
        label = t["machine_translation"].format(model=model)
        block = (
            f'<div class="jp-translation" lang="{esc(target)}"><p class="jp-mt-label">{esc(label)}</p>'
            f'<p class="jp-mt-text">{esc(text)}</p></div>'
        )
    href = re.escape(esc(HREF + quote(chunk_id, safe="")))
    row = re.compile(rf'<p class="jp-translate-row"><a class="jp-translate" href="{href}"[^>]*>[^<]*</a>.*?</p>')
    out = []
    for message in chat:
        content = _text(message.get("content") if isinstance(message, dict) else None)
        if content and (found := _LANG.match(content)) and found.group(1) == target:
            message = {**message, "content": row.sub(lambda _: block, content)}
        out.append(message)
    return out


def _text(content: Any) -> str | None:
    """A chat message's HTML: Gradio hands the chat back with each content as a list of parts
    (``{"type": "text", "text": ...}``); ``None`` for anything but text."""
    if isinstance(content, str):
        return content
    if isinstance(content, list) and content and all(isinstance(p, dict) and p.get("type") == "text" for p in content):
        return "".join(str(p.get("text", "")) for p in content)
    return None
