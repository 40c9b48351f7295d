"""Which structure to trust. A document's sections come from the first of these it carries: its PDF
bookmarks, Markdown headings, Word heading styles, its own contents page, numbered headings, then
short title-like lines. A document with none of them is still read, one section per page (PDF) or
per few paragraphs, with a warning.

The contents page comes before numbered headings and typography because it is the document's own
statement of its structure, and because a plan with a contents page (the bundled one) must keep
being read exactly as before; bookmarks, Markdown and Word styles are explicit markup and come first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ingest.contents import read_contents
from ingest.headings import bookmark_headings, markdown_headings, numbered_headings, typographic_headings
from ingest.model import Document, Section
from ingest.readers import SourceText
from ingest.sections import body_pieces, by_count, by_page, from_headings
from ingest.text import FINAL, Block, Heading, Para, case_vocabulary, split_blocks

PARAGRAPHS_PER_PART = 5
STRATEGIES = ("outline", "markdown", "styles", "contents", "numbered", "typography", "pages", "paragraphs")
_CHECK = "Check the sections with `jaarplan ingest --dry-run`."


@dataclass(frozen=True)
class Structure:
    """A document's sections and body paragraphs, the strategy that found them, and warnings."""

    strategy: str
    sections: tuple[Section, ...]
    paras: list[Para]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Doc:
    source: SourceText
    document: Document
    blocks: list[Block]
    casing: dict[str, str]


def find_structure(text: str, document: Document, source: SourceText | None = None) -> Structure:
    """The structure of a document's text, by the most trusted strategy that finds one."""
    if source is None or source.text != text:
        source = SourceText(text, source.kind if source else "text")
    doc = _Doc(source, document, split_blocks(text), case_vocabulary(text))
    notes: list[str] = []
    finders: tuple[Callable[[_Doc, list[str]], Structure | None], ...] = (
        _by_outline,
        _by_markdown,
        _by_styles,
        _by_contents,
        _by_numbers,
        _by_typography,
    )
    for finder in finders:
        found = finder(doc, notes)
        if found is not None and found.paras:
            return Structure(found.strategy, found.sections, found.paras, (*notes, *found.warnings))
    return _unstructured(doc, notes)


def _headed(strategy: str, doc: _Doc, headings: list[Heading], warnings: tuple[str, ...] = ()) -> Structure:
    title = doc.document.title
    sections, paras = from_headings(doc.source.text, doc.blocks, headings, doc.casing, title)
    return Structure(strategy, sections, paras, warnings)


def _by_outline(doc: _Doc, notes: list[str]) -> Structure | None:
    marks = doc.source.bookmarks
    if not marks:
        return None
    found, missing = bookmark_headings(doc.source.text, doc.blocks, marks, doc.source.page_starts)
    if len(found) < 2 or len(found) < len(marks) / 2:
        notes.append(f"Only {len(found)} of the PDF's {len(marks)} bookmarks are printed in its text; not used.")
        return None
    titles = "; ".join(m.title for m in missing[:5])
    lost = (f"{len(missing)} bookmarks not found in the text: {titles}. {_CHECK}",) if missing else ()
    return _headed("outline", doc, found, lost)


def _by_markdown(doc: _Doc, notes: list[str]) -> Structure | None:
    if doc.source.kind in ("pdf", "docx"):
        return None
    found = markdown_headings(doc.source.text)
    return _headed("markdown", doc, found) if sum(h.level > 0 for h in found) >= 2 else None


def _by_styles(doc: _Doc, notes: list[str]) -> Structure | None:
    if doc.source.kind != "docx":
        return None
    if len(doc.source.styled) < 2:
        notes.append("The Word file uses no heading styles (Heading 1, Heading 2, ...); structure guessed.")
        return None
    return _headed("styles", doc, list(doc.source.styled))


def _by_contents(doc: _Doc, notes: list[str]) -> Structure | None:
    contents = read_contents(doc.blocks, doc.casing)
    if contents is None:
        return None
    if not contents.paras or contents.found < contents.listed / 2:
        notes.append(
            f"A contents page lists {contents.listed} sections but only {contents.found} are printed as "
            "headings in the text; it was not used."
        )
        return None
    return Structure("contents", contents.sections, contents.paras)


def _by_numbers(doc: _Doc, notes: list[str]) -> Structure | None:
    found = numbered_headings(doc.blocks)
    return _headed("numbered", doc, found) if found else None


def _by_typography(doc: _Doc, notes: list[str]) -> Structure | None:
    found = typographic_headings(doc.blocks)
    if len(found) < 2:
        return None
    warning = f"No marked-up headings: sections guessed from {len(found)} short title-like lines. {_CHECK}"
    return _headed("typography", doc, found, (warning,))


def _unstructured(doc: _Doc, notes: list[str]) -> Structure:
    pieces = body_pieces(doc.source.text, doc.blocks, [])
    while len(pieces) > 1 and len(pieces[0].lines) == 1 and not pieces[0].lines[0].endswith(FINAL):
        pieces = pieces[1:]  # the title and cover lines are not a paragraph
    language = doc.document.language
    if doc.source.page_starts:
        paras = by_page(pieces, doc.source.page_starts, language)
        strategy = "pages"
        warning = "No structure found (no bookmarks, headings or contents page): one section per page."
    else:
        paras = by_count(pieces, PARAGRAPHS_PER_PART, language)
        strategy = "paragraphs"
        warning = (
            "No structure found (no headings or contents page): "
            f"one section per {PARAGRAPHS_PER_PART} paragraphs. Add headings (e.g. Markdown '#') for better citations."
        )
    sections = tuple(dict.fromkeys(p.section for p in paras))
    return Structure(strategy, sections, paras, (*notes, warning))
