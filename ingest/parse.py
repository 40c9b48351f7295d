"""Parse a plan's text into its structure (sections, sub-headings) and paragraph chunks. How the
structure is found is ``ingest.structure``'s business; this module cuts the body into chunks."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

from ingest.errors import SourceError
from ingest.languages import document_words, phrases
from ingest.model import Chunk, Document, ParsedPlan
from ingest.readers import SourceText, describe, read_source, source_for
from ingest.structure import find_structure
from ingest.text import FINAL, LIST_ITEM, Block, Para, case_vocabulary, clean, norm, slug, split_blocks, truecase

__all__ = [
    "Block",
    "case_vocabulary",
    "clean",
    "norm",
    "opens_back",
    "parse_file",
    "parse_plan",
    "slug",
    "split_blocks",
    "split_sentences",
    "truecase",
]

MAX_CHARS = 1200
MIN_CHARS = 80
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-ZÀ-Ý0-9“\"(])")


@cache
def _document_words(language: str, kind: str) -> re.Pattern[str] | None:
    """Any of the document language's ``kind`` words as a whole word; ``None`` when it lists none."""
    words = document_words().get(language, {}).get(kind, [])
    return re.compile(r"\b(?:" + phrases(words) + ")", re.IGNORECASE) if words else None


def opens_back(sentence: str, language: str) -> bool:
    """The sentence opens by referring to the one before it ("Dit pakket wordt medio 2026 verwacht ...")."""
    pattern = _document_words(language, "opens_back")
    return bool(pattern and pattern.match(sentence.lstrip("\"'“‘(")))


def parse_plan(text: str, document: Document, source: SourceText | None = None) -> ParsedPlan:
    """Parse a whole document into sections and chunks. ``source`` carries what the file format
    says about structure (PDF bookmarks, Word heading styles); without it, it is read again from
    ``document.source`` when that is a PDF or Word file holding this text."""
    structure = find_structure(text, document, source or source_for(text, document.source))
    if not structure.paras:
        raise SourceError(
            f"{document.source or document.title}: no body text found. Check that the file holds the whole plan."
        )
    chunks = _to_chunks(text, structure.paras, document)
    return ParsedPlan(document, structure.sections, tuple(chunks), structure.strategy, structure.warnings)


def parse_file(
    path: Path, title: str | None = None, year: int | None = None, language: str | None = None
) -> ParsedPlan:
    """Read and parse one plan file (.txt, .md, .pdf, .docx)."""
    source = read_source(path)
    return parse_plan(source.text, describe(source.text, path, title, year, language), source)


def _joinable(prev: str, nxt: str) -> bool:
    """True when a page break cut one paragraph in two, or a lead-in colon introduces a list."""
    return bool(prev) and bool(nxt) and ((not prev.endswith(FINAL) and nxt[0].islower()) or prev.endswith(":"))


def _units(text: str, paras: list[Para], language: str) -> list[Para]:
    """Rejoin page-broken paragraphs, split long ones at sentences, merge tiny ones."""
    joined: list[Para] = []
    for para in paras:
        prev = joined[-1] if joined else None
        if (
            prev
            and prev.section == para.section
            and prev.heading == para.heading
            and _joinable(clean(text[prev.start : prev.end]), clean(text[para.start : para.end]))
        ):
            prev.end = para.end
        else:
            joined.append(Para(para.start, para.end, para.section, para.heading))
    split = [part for para in joined for part in _split_long(text, para)]
    return _merge_tiny(text, split, language)


def _split_long(text: str, para: Para) -> list[Para]:
    size = para.end - para.start
    if size <= MAX_CHARS:
        return [para]
    pieces = -(-size // MAX_CHARS)
    target = size / pieces
    cuts = [m.end() for m in _SENTENCE_END.finditer(text, para.start, para.end)]
    bounds, last = [para.start], para.start
    for cut in cuts:
        if cut - last >= target and para.end - cut >= MIN_CHARS * 2:
            bounds.append(cut)
            last = cut
    bounds.append(para.end)
    return [Para(a, b, para.section, para.heading) for a, b in zip(bounds, bounds[1:], strict=False)]


def _merge_tiny(text: str, paras: list[Para], language: str) -> list[Para]:
    out: list[Para] = []
    for para in paras:
        prev = out[-1] if out else None
        size = para.end - para.start
        if (
            prev is not None
            and (prev.section, prev.heading) == (para.section, para.heading)
            and (
                size < MIN_CHARS
                or prev.end - prev.start < MIN_CHARS
                or (size < 2 * MIN_CHARS and _states_purpose_back(text, para, language))
            )
        ):
            prev.end = para.end
        else:
            out.append(para)
    return out


def _states_purpose_back(text: str, para: Para, language: str) -> bool:
    """A short paragraph whose aim or means is the one before it ("De Benelux-landen zullen met andere
    EU-lidstaten hiertoe een eerste aanzet doen.") means nothing cited on its own: it joins that one.
    ("In dat verband biedt het Benelux-Politieverdrag ..." reads on its own; joined to the foreword's
    paragraph before it, it was found less often on the dev sets.)"""
    pattern = _document_words(language, "purpose_back")
    return bool(pattern and pattern.search(text, para.start, para.end))


def _to_chunks(text: str, paras: list[Para], document: Document) -> list[Chunk]:
    chunks: list[Chunk] = []
    ordinals: Counter[tuple[str, str | None]] = Counter()
    for para in _units(text, paras, document.language):
        key = (para.section.label, para.heading)
        ordinals[key] += 1
        body = _rejoin(text[para.start : para.end])
        chunks.append(
            Chunk(
                id=f"{document.key}:{para.section.label}:{slug(para.heading)}:{ordinals[key]}",
                document=document,
                section=para.section.label,
                section_title=para.section.title,
                heading=para.heading,
                ordinal=ordinals[key],
                text=body,
                char_start=para.start,
                char_end=para.end,
                content_hash=Chunk.hash_text(body),
            )
        )
    return chunks


def _rejoin(raw: str) -> str:
    """Clean a span that may hold several blocks: page-break joins become one space, a list item
    keeps its own line, and so does whatever follows a colon."""
    parts = [_unwrap(clean(part)) for part in re.split(r"\n\s*\n", raw) if part.strip()]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        out += ("\n" if out.endswith(":") or LIST_ITEM.match(part) else " ") + part
    return out


def _unwrap(text: str) -> str:
    """Join a hard-wrapped paragraph's lines (as editors leave Markdown); list items and table rows
    keep theirs."""
    if "```" in text:
        return text  # a code block keeps its lines
    out = ""
    for line in text.split("\n"):
        keep = LIST_ITEM.match(line) or out.endswith(":") or " | " in line
        out = f"{out}{chr(10) if keep else ' '}{line}" if out else line
    return out


_LIST_MARKER = re.compile(r"\s*(\d{1,2}[.)]|[-•*])\s+")


def _line_sentences(line: str) -> list[str]:
    """The sentences of one line; a list marker ("2. ", "- ") stays with its item, not a sentence of its own."""
    marker = _LIST_MARKER.match(line)
    head, rest = (line[: marker.end()], line[marker.end() :]) if marker else ("", line)
    pieces = [p for p in _SENTENCE_END.split(rest) if p.strip()]
    return [head + pieces[0], *pieces[1:]] if pieces else []


def split_sentences(text: str, min_chars: int = 25) -> list[str]:
    """A paragraph's sentences (list lines count as sentences); fragments join their neighbour."""
    pieces = [p.strip() for line in text.split("\n") for p in _line_sentences(line) if p.strip()]
    out: list[str] = []
    listing = False  # the last sentence is a lead-in ending in ":" with its list items
    for piece in pieces:
        item = bool(_LIST_MARKER.match(piece))
        if out and item and (listing or out[-1].endswith(":")):
            out[-1] = f"{out[-1]}\n{piece}"
            listing = True
            continue
        listing = False
        if out and (len(out[-1]) < min_chars or len(piece) < min_chars) and not out[-1].endswith(":"):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out
