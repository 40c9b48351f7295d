"""The contents-page strategy: the plan's own table of contents ('title<TAB>page' lines) names the
sections, and the body's heading lines are matched to it in order. This is how the bundled plan is
read: the presidency's numbered list is not mistaken for chapters, and typos such as
"GRENREGIO’S" still match."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ingest.model import Section
from ingest.text import Block, Para, heading_text, is_heading, is_toc, matches, norm, truecase

_TOC_LINE = re.compile(r"^(?P<title>.+?)(?:\t\s*(?P<page>\d+)?)?\s*$")
_CHAPTER = re.compile(r"^(?P<num>\d+)\.\s+(?P<title>.+)$")
_SECTION = re.compile(r"^(?P<num>\d+\.\d+)\.?\s+(?P<title>.+)$")
_FRONT_LABELS = {"voorwoord": "voorwoord", "voorzitterschap": "voorzitterschap", "missie": "missie"}


@dataclass(frozen=True)
class Contents:
    """What the contents page gave: the sections in order, the body's paragraphs, and how many of
    the listed titles were found as headings in the body."""

    sections: tuple[Section, ...]
    paras: list[Para]
    listed: int
    found: int


def read_contents(blocks: list[Block], casing: dict[str, str]) -> Contents | None:
    """Parse by the contents page; ``None`` when the text has none. Front matter and the contents
    page itself are not body."""
    toc_at = next((i for i, b in enumerate(blocks) if is_toc(b)), None)
    if toc_at is None:
        return None
    end = toc_at + 1
    while end < len(blocks) and all("\t" in line for line in blocks[end].raw.splitlines()):
        end += 1
    toc = Block(blocks[toc_at].start, blocks[end - 1].end, "\n".join(b.raw for b in blocks[toc_at:end]))
    sections = tuple(_truecase_section(s, casing) for s in toc_sections(toc))
    paras, found = _walk(blocks[end:], sections, casing)
    used = {p.section.label for p in paras}
    ordered = tuple(s for s in _with_extras(sections, paras) if s.label in used or s.kind == "chapter")
    return Contents(ordered, paras, len(sections), found)


def toc_sections(block: Block) -> tuple[Section, ...]:
    """Read the table of contents into sections in order."""
    sections: list[Section] = []
    chapter: str | None = None
    for line in block.raw.splitlines():
        match = _TOC_LINE.match(line.strip("\n"))
        if not match or not match.group("title").strip():
            continue
        title, page = match.group("title").strip(), match.group("page")
        page_no = int(page) if page else None
        if m := _SECTION.match(title):
            sections.append(Section(m.group("num"), m.group("title"), "section", chapter, page=page_no))
        elif m := _CHAPTER.match(title):
            chapter = m.group("num")
            sections.append(Section(chapter, m.group("title"), "chapter", chapter, page=page_no))
        elif page_no is None and sections and sections[-1].kind == "chapter":
            sections[-1] = replace(sections[-1], subtitle=title)
        elif chapter is None:
            sections.append(Section(_front_label(title), title, "front", None, page=page_no))
        else:
            sections.append(Section(chapter, title, "part", chapter, page=page_no))
    return tuple(sections)


def _front_label(title: str) -> str:
    words = norm(title).split()
    return next((label for key, label in _FRONT_LABELS.items() if key in words), words[0] if words else "front")


def _truecase_section(section: Section, casing: dict[str, str]) -> Section:
    subtitle = truecase(section.subtitle, casing) if section.subtitle else None
    return replace(section, title=truecase(section.title, casing), subtitle=subtitle)


def _walk(body: list[Block], sections: tuple[Section, ...], casing: dict[str, str]) -> tuple[list[Para], int]:
    """Assign every body block to a section and sub-heading; return the paragraphs and how many
    listed titles were met."""
    paras: list[Para] = []
    pending = list(sections)
    current: Section | None = None
    heading: str | None = None
    hits = 0
    for i, block in enumerate(body):
        line = block.lines[0] if len(block.lines) == 1 else ""
        hit = next((k for k, s in enumerate(pending[:3]) if line and matches(line, _toc_title(s))), None)
        if hit is not None:
            section, hits = pending[hit], hits + 1
            pending = pending[hit + 1 :]
            if section.kind == "part":
                heading = section.title
                current = _chapter_of(sections, section) if current is None else current
            else:
                current, heading = section, None
            continue
        if current is None:
            continue
        if current.subtitle and line and matches(line, current.subtitle):
            heading = current.subtitle
            continue
        following = body[i + 1] if i + 1 < len(body) else None
        if is_heading(block, following):
            text = heading_text(line)
            if current.chapter and not pending and line.isupper() and len(text.split()) >= 3:
                current = Section(_front_label(text), truecase(text, casing), "closing")
                heading = None
                continue
            heading = truecase(text, casing)
            continue
        paras.append(Para(block.start, block.end, current, heading))
    return paras, hits


def _toc_title(section: Section) -> str:
    if section.kind == "chapter":
        return f"{section.label}. {section.title}"
    if section.kind == "section":
        return f"{section.label}. {section.title}"
    return section.title


def _chapter_of(sections: tuple[Section, ...], part: Section) -> Section:
    return next(s for s in sections if s.kind == "chapter" and s.label == part.chapter)


def _with_extras(sections: tuple[Section, ...], paras: list[Para]) -> list[Section]:
    known = {s.label for s in sections}
    extras = list(dict.fromkeys(p.section for p in paras if p.section.label not in known))
    return [s for s in sections if s.kind != "part"] + extras
