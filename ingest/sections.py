"""From headings found in the text to sections and the paragraphs under them. The top heading level
found becomes chapters, the next sections, deeper ones sub-headings of the paragraphs. Labels keep a
printed number ("2.1"); unnumbered headings are counted ("1", "1.2"), or, beside numbered ones, named
by a slug of their title."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.model import Section
from ingest.text import (
    FINAL,
    LIST_ITEM,
    Block,
    Heading,
    Para,
    heading_text,
    is_heading,
    is_toc,
    slug,
    split_number,
    truecase,
)

_PAGE = {"nl": "Pagina {n}", "fr": "Page {n}", "de": "Seite {n}", "en": "Page {n}"}
_PART = {"nl": "Deel {n}", "fr": "Partie {n}", "de": "Teil {n}", "en": "Part {n}"}


def body_pieces(text: str, blocks: Sequence[Block], headings: Sequence[Heading]) -> list[Block]:
    """The blocks with the headings' spans cut out; contents pages and bare rules are not body."""
    spans = sorted((h.start, h.end) for h in headings)
    pieces: list[Block] = []
    for block in blocks:
        if is_toc(block):
            if pieces and len(pieces[-1].lines) == 1 and not pieces[-1].lines[0].endswith(FINAL):
                pieces.pop()  # the contents page's own title ("Inhalt", "Sommaire")
            continue
        cursor = block.start
        for start, end in [*(s for s in spans if s[0] < block.end and s[1] > block.start), (block.end, block.end)]:
            piece = _piece(text, cursor, max(cursor, start))
            pieces.extend([piece] if piece else [])
            cursor = max(cursor, end)
    return pieces


def _piece(text: str, start: int, end: int) -> Block | None:
    raw = text[start:end]
    if not re.search(r"[^\W_]", raw):
        return None
    lead = len(raw) - len(raw.lstrip())
    return Block(start + lead, start + len(raw.rstrip()), raw.strip())


@dataclass
class _Labels:
    """Stable, unique section labels."""

    numbered_chapters: bool
    numbered_sections: bool
    used: set[str] = field(default_factory=set)
    chapters: int = 0
    sections: int = 0

    def chapter(self, number: str | None, title: str) -> str:
        self.chapters, self.sections = self.chapters + 1, 0
        return self.unique(number or (self.named(title) if self.numbered_chapters else str(self.chapters)))

    def section(self, number: str | None, title: str, chapter: Section | None) -> str:
        self.sections += 1
        if number:
            return self.unique(number)
        if chapter is None or self.numbered_sections:
            return self.unique(self.named(title))
        return self.unique(f"{chapter.label}.{self.sections}")

    def named(self, title: str) -> str:
        """The shortest free start of the title's slug ("voorwoord", "the-year"), at least 4 letters."""
        words = slug(title).split("-")
        starts = ("-".join(words[:k]) for k in range(1, len(words) + 1))
        return next((s for s in starts if len(s) >= 4 and s not in self.used), slug(title)[:40].strip("-"))

    def unique(self, label: str) -> str:
        base, n = label, 1
        while label in self.used:
            n += 1
            label = f"{base}-{n}"
        self.used.add(label)
        return label


@dataclass
class _Walk:
    """Reading state: the chapter, section and sub-heading the next paragraph belongs to."""

    labels: _Labels
    casing: dict[str, str]
    intro_title: str
    chapter: Section | None = None
    current: Section | None = None
    heading: str | None = None
    sections: list[Section] = field(default_factory=list)
    paras: list[Para] = field(default_factory=list)

    def open(self, heading: Heading, rank: int) -> None:
        number, title = split_number(truecase(" ".join(heading.title.split()), self.casing))
        if rank == 1:
            label = self.labels.chapter(number, title)
            self.chapter = self.current = Section(label, title, "chapter", label)
        elif rank == 2:
            label = self.labels.section(number, title, self.chapter)
            chapter = self.chapter.label if self.chapter else None
            self.current = Section(label, title, "section", chapter)
        else:
            self.heading = truecase(" ".join(heading.title.split()), self.casing)
            return
        self.sections.append(self.current)
        self.heading = None

    def add(self, piece: Block, following: Block | None) -> None:
        if self.current is None and len(piece.lines) == 1 and not piece.lines[0].endswith(FINAL):
            # Cover lines (title, date, author) are not body; one right above a paragraph names it.
            if is_heading(piece, following) and following and len(" ".join(following.lines)) >= 100:
                self.intro_title = truecase(heading_text(piece.lines[0]), self.casing)
            return
        if self.current is None:
            self.current = Section(self.labels.unique("intro"), self.intro_title, "front")
            self.sections.append(self.current)
        if is_heading(piece, following) and not LIST_ITEM.match(piece.lines[0]):
            self.heading = truecase(heading_text(piece.lines[0]), self.casing)
            return
        self.paras.append(Para(piece.start, piece.end, self.current, self.heading))


def ranks(headings: Sequence[Heading]) -> dict[int, int]:
    """Heading start -> rank (1 chapter, 2 section, 3+ sub-heading; 0 the document's own title:
    the one heading of the top level, first, above deeper ones)."""
    real = [h for h in headings if h.level > 0]
    levels = sorted({h.level for h in real})
    title = None
    if len(levels) > 1 and [h.level for h in real].count(levels[0]) == 1 and real[0].level == levels[0]:
        title, levels = real[0], levels[1:]
    return {h.start: (0 if h is title else levels.index(h.level) + 1) for h in real}


def from_headings(
    text: str, blocks: Sequence[Block], headings: Sequence[Heading], casing: dict[str, str], title: str
) -> tuple[tuple[Section, ...], list[Para]]:
    """Sections and paragraphs from headings found in the text."""
    rank = ranks(headings)
    numbers = {r: any(split_number(h.title)[0] for h in headings if rank.get(h.start) == r) for r in (1, 2)}
    walk = _Walk(_Labels(numbers[1], numbers[2]), casing, title)
    items: list[Heading | Block] = sorted([*headings, *body_pieces(text, blocks, headings)], key=lambda x: x.start)
    for i, item in enumerate(items):
        if isinstance(item, Heading):
            if rank.get(item.start) == 0:
                walk.intro_title = " ".join(split_number(item.title)[1].split())
            elif item.level > 0:
                walk.open(item, rank[item.start])
            continue
        following = items[i + 1] if i + 1 < len(items) else None
        walk.add(item, following if isinstance(following, Block) else None)
    used = {p.section.label for p in walk.paras}
    used |= {s.chapter for s in walk.sections if s.label in used and s.chapter}
    return tuple(s for s in walk.sections if s.label in used), walk.paras


def by_page(pieces: Sequence[Block], page_starts: Sequence[int], language: str) -> list[Para]:
    """One section per PDF page, for a document with no structure to find."""
    paras: list[Para] = []
    sections: dict[int, Section] = {}
    for piece in pieces:
        page = max(bisect_right(page_starts, piece.start), 1)
        name = _PAGE.get(language, _PAGE["en"]).format(n=page)
        section = sections.setdefault(page, Section(str(page), name, "chapter", str(page), page=page))
        paras.append(Para(piece.start, piece.end, section, None))
    return paras


def by_count(pieces: Sequence[Block], size: int, language: str) -> list[Para]:
    """One section per ``size`` paragraphs, for a text with no structure to find."""
    paras: list[Para] = []
    for i, piece in enumerate(pieces):
        n = i // size + 1
        section = Section(str(n), _PART.get(language, _PART["en"]).format(n=n), "chapter", str(n))
        paras.append(Para(piece.start, piece.end, section, None))
    return paras
