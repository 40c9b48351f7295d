"""Pure rendering of questions, answers and plan sections to HTML and Markdown.

Every piece of text that comes from a user or from the plan is HTML-escaped before any markup
is added, so the chat can render these strings as HTML (with Markdown rendering switched off).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from ui.i18n import texts
from ui.typography import french_spacing

_REF = re.compile(r"\[(\d+)\]")
_QUOTE = re.compile(r'"(?:[^"]|"(?! \[\d+\]))*" \[\d+\]')  # one quoted sentence and its marker
CONTEXT_RADIUS = 2


def esc(text: str) -> str:
    """HTML-escaped text (quotes included)."""
    return html.escape(text, quote=True)


def section_name(section: str, title: str, heading: str | None = None) -> str:
    """'§2.1 Title — heading' for numbered sections; named parts (voorwoord, missie) get no §."""
    prefix = f"§{section} " if section[:1].isdigit() else ""
    return f"{prefix}{title}" + (f" — {heading}" if heading else "")


class PlanView:
    """Read-only lookups over the assistant's chunks in reading order (for context views)."""

    def __init__(self, chunks: Sequence[Any]) -> None:
        self.chunks = list(chunks)
        self.position = {c.id: i for i, c in enumerate(self.chunks)}

    def context(self, chunk_id: str, radius: int = CONTEXT_RADIUS) -> list[tuple[Any, bool]]:
        """The cited chunk with up to ``radius`` neighbours each side from the same section."""
        at = self.position.get(chunk_id)
        if at is None:
            return []
        here = self.chunks[at]
        window = self.chunks[max(0, at - radius) : at + radius + 1]
        return [
            (c, c.id == chunk_id)
            for c in window
            if c.section == here.section and c.document.title == here.document.title
        ]


def _spans(text: str, sentences: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text`` (whitespace-tolerant), merged and sorted."""
    spans = []
    for sentence in sentences:
        words = sentence.split()
        if not words:
            continue
        found = re.search(r"\s+".join(map(re.escape, words)), text)
        if found:
            spans.append((found.start(), found.end()))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, sentences: Sequence[str]) -> str:
    """The escaped paragraph with the used sentences wrapped in <mark>."""
    out, last = [], 0
    for start, end in _spans(text, sentences):
        out += [esc(text[last:start]), "<mark>", esc(text[start:end]), "</mark>"]
        last = end
    out.append(esc(text[last:]))
    return "".join(out)


def question_html(question: str) -> str:
    """A user's question as literal text."""
    return f'<div class="jp-question">{esc(question)}</div>'


def _short(answer_text: str, language: str = "") -> str:
    """Escaped answer text with [n] as superscripts; French framing (outside the quotes) gets its spaces."""
    if language == "fr":
        parts = re.split(r'("[^"]*")', answer_text)
        answer_text = "".join(p if p.startswith('"') else french_spacing(p) for p in parts)
    return _REF.sub(r'<sup class="jp-ref">[\1]</sup>', esc(answer_text))


def _quotes(answer: Any) -> tuple[str, list[str]] | None:
    """(frame, quotes) of a quoted answer, best quote first, or None when it is not one."""
    if answer.abstained or getattr(answer, "mode", "quoted") != "quoted":
        return None
    quotes = _QUOTE.findall(answer.answer)
    frame = answer.answer[: answer.answer.find('"')] if quotes else ""
    if not quotes or frame + " ".join(quotes) != answer.answer:
        return None
    return frame, quotes


def short_html(answer: Any) -> str:
    """The answer's text: a quoted answer leads with its best sentence, the others smaller under it."""
    split = _quotes(answer)
    if split is None:
        return f'<p class="jp-short">{_short(answer.answer, answer.language)}</p>'
    frame, quotes = split
    lead = f'<span class="jp-quote jp-primary">{_short(quotes[0])}</span>'
    rest = "".join(f'<li class="jp-quote jp-secondary">{_short(q)}</li>' for q in quotes[1:])
    more = f'<ul class="jp-more">{rest}</ul>' if rest else ""
    return f'<p class="jp-short">{_short(frame, answer.language)}{lead}</p>{more}'


def answer_key(question: str, answer_text: str) -> str:
    """A short key naming one answer to one question (the rating buttons carry it)."""
    return hashlib.sha256(f"{question}\n{answer_text}".encode()).hexdigest()[:16]


def _rating_html(answer: Any, t: dict[str, str]) -> str:
    """The labelled rating buttons under an answer (``static/rate-answer.js`` sends a click to the server)."""
    key = answer_key(answer.question, answer.answer)
    buttons = "".join(
        f'<button type="button" class="jp-rate-btn jp-rate-{rating} jp-key-{key}">{esc(t["rate_" + rating])}</button>'
        for rating in ("helpful", "not_helpful")
    )
    return f'<div class="jp-rate"><span class="jp-rate-q">{esc(t["rate_question"])}</span> {buttons}</div>'


def goto_href(chunk_id: str, section: str) -> str:
    """The link that opens the plan at one paragraph: '#section=key:label&chunk=id' (``static/goto-section.js``)."""
    target = quote(section_value(chunk_id.partition(":")[0], section), safe=":.")
    return f"#section={target}&chunk={quote(chunk_id, safe=':.')}"


def _context_html(view: PlanView, chunk_id: str, t: dict[str, str]) -> str:
    parts, heading = [], None
    for chunk, cited in view.context(chunk_id):
        if chunk.heading and chunk.heading != heading:
            parts.append(f'<p class="jp-ctx-heading">{esc(chunk.heading)}</p>')
        heading = chunk.heading
        cls = "jp-ctx-para jp-cited" if cited else "jp-ctx-para"
        parts.append(f'<p class="{cls}">{esc(chunk.text)}</p>')
    if not parts:
        return ""
    return (
        f'<details class="jp-context"><summary>{esc(t["in_context"])}</summary>'
        f'<p class="jp-ctx-note">{esc(t["context_note"])}</p>{"".join(parts)}</details>'
    )


def section_value(document_key: str, label: str) -> str:
    """The UI's value for one section of one document: 'key:label' (keys never hold a colon)."""
    return f"{document_key}:{label}"


def split_section(value: str) -> tuple[str, str]:
    """(document key, section label) of a ``section_value``; a bare label gives ('', label)."""
    key, sep, label = (value or "").partition(":")
    return (key, label) if sep else ("", key)


def _source_html(c: Any, view: PlanView, t: dict[str, str]) -> str:
    label = esc(f"{c.document} · {section_name(c.section, c.section_title, c.heading)}")
    return (
        f'<li class="jp-source" data-chunk="{esc(c.chunk_id)}">'
        f'<div class="jp-source-label"><span class="jp-n">[{c.n}]</span> '
        f'<a class="jp-goto" href="{esc(goto_href(c.chunk_id, c.section))}">{label}</a></div>'
        f'<blockquote class="jp-para">{highlight(c.text, c.used_sentences)}</blockquote>'
        f"{_context_html(view, c.chunk_id, t)}</li>"
    )


def answer_html(answer: Any, view: PlanView, language: str) -> str:
    """The short answer with its [n] markers, then each cited paragraph (or the closest ones)."""
    t = texts(language)
    title = t["closest"] if answer.abstained else t["sources"]
    sources = "".join(_source_html(c, view, t) for c in answer.citations)
    block = (
        (
            f'<div class="jp-sources"><p class="jp-sources-title">{esc(title)}</p>'
            f'<ol class="jp-source-list">{sources}</ol></div>'
        )
        if sources
        else ""
    )
    kind = "jp-answer jp-abstained" if answer.abstained else "jp-answer"
    return (
        f'<div class="{kind}" lang="{esc(answer.language)}">{_written_by(answer, t)}'
        f"{short_html(answer)}{block}{_rating_html(answer, t)}</div>"
    )


def _written_by(answer: Any, t: dict[str, str]) -> str:
    """The label of a generated answer, or the notice saying why the plan's own sentences are shown."""
    if getattr(answer, "mode", "quoted") == "generated":
        return f'<p class="jp-written">{esc(t["written_by"].format(model=answer.model))}</p>'
    notice = getattr(answer, "notice", "")
    return f'<p class="jp-notice">{esc(notice)}</p>' if notice else ""


def error_html(message: str, language: str) -> str:
    """A user-facing error (never a traceback)."""
    t = texts(language)
    return f'<div class="jp-error" role="alert"><strong>{esc(t["error"])}</strong> {esc(message)}</div>'


def pending_html(language: str) -> str:
    """Placeholder shown while the answer is computed."""
    return f'<div class="jp-pending">{esc(texts(language)["pending"])}</div>'


def section_html(chunks: Sequence[Any], language: str, target: str = "") -> str:
    """A section's (or chapter's) paragraphs with sub-section titles and headings; the ``target``
    paragraph (a chunk id) is marked ``jp-target`` (``static/goto-section.js`` scrolls to it)."""
    t = texts(language)
    if not chunks:
        return f'<p class="jp-read-hint">{esc(t["read_hint"])}</p>'
    parts, section, heading = [], None, None
    for chunk in chunks:
        if chunk.section != section:
            parts.append(f"<h3>{esc(section_name(chunk.section, chunk.section_title))}</h3>")
            section, heading = chunk.section, None
        if chunk.heading and chunk.heading != heading:
            parts.append(f"<h4>{esc(chunk.heading)}</h4>")
        heading = chunk.heading
        cls = "jp-read-para jp-target" if chunk.id == target else "jp-read-para"
        parts.append(f'<p class="{cls}" data-chunk="{esc(chunk.id)}">{esc(chunk.text)}</p>')
    return f'<div class="jp-read">{"".join(parts)}</div>'


def answer_markdown(answer: Any, language: str) -> str:
    """The answer with its numbered sources as a Markdown document."""
    t = texts(language)
    title = t["closest"] if answer.abstained else t["md_sources"]
    lines = [
        f"## {t['md_question']}",
        "",
        answer.question,
        "",
        f"## {t['md_answer']}",
        "",
        answer.answer,
        "",
        f"## {title}",
        "",
    ]
    for c in answer.citations:
        lines.append(f"{c.n}. **{section_name(c.section, c.section_title, c.heading)}** ({c.document})")
        lines.append("")
        lines.append("   > " + c.text.replace("\n", "\n   > "))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def filter_choices(sections: Sequence[Any], language: str) -> list[tuple[str, str]]:
    """(label, value) pairs for the section filter: the whole plan, then every section."""
    return [(texts(language)["filter_all"], "")] + toc_choices(sections)


def toc_choices(sections: Sequence[Any]) -> list[tuple[str, str]]:
    """(label, ``section_value``) pairs for the table of contents; labels name the plan when several are listed."""
    several = len({s.document_key for s in sections}) > 1
    return [
        (
            (f"{s.document} · " if several else "") + section_name(s.label, s.title),
            section_value(s.document_key, s.label),
        )
        for s in sections
    ]


def store_notice(problem: str | None, generation: int, seconds: float, language: str) -> str:
    """The notice shown while the index server cannot be reached ('' when it can)."""
    if not problem:
        return ""
    text = texts(language)["store_down"].format(generation=generation, seconds=f"{seconds:g}")
    return f'<div class="jp-store-down" role="status" title="{esc(problem)}">{esc(text)}</div>'
