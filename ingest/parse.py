"""Parse a plan's text into its structure (table of contents, sections, sub-headings) and chunks."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from ingest.errors import SourceError
from ingest.model import Chunk, Document, ParsedPlan, Section

MAX_CHARS = 1200
MIN_CHARS = 80
_FINAL = tuple('.!?:;"”’)»')
_TOC_LINE = re.compile(r"^(?P<title>.+?)(?:\t\s*(?P<page>\d+)?)?\s*$")
_CHAPTER = re.compile(r"^(?P<num>\d+)\.\s+(?P<title>.+)$")
_SECTION = re.compile(r"^(?P<num>\d+\.\d+)\.?\s+(?P<title>.+)$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-ZÀ-Ý0-9“\"(])")
_EMPHASIS = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1")
# A short paragraph whose aim or means is the one before it ("De Benelux-landen zullen met andere
# EU-lidstaten hiertoe een eerste aanzet doen.") means nothing cited on its own: it joins that one.
# ("In dat verband biedt het Benelux-Politieverdrag ..." reads on its own; joined to the foreword's
# paragraph before it, it was found less often on the dev sets.)
_POINTS_BACK = re.compile(r"\b(hiertoe|daartoe|hiervoor|daarvoor)\b", re.IGNORECASE)
_FRONT_LABELS = {"voorwoord": "voorwoord", "voorzitterschap": "voorzitterschap", "missie": "missie"}


@dataclass(frozen=True)
class Block:
    """A blank-line separated block of the source with its offsets."""

    start: int
    end: int
    raw: str

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.raw.splitlines() if line.strip()]


@dataclass
class _Para:
    start: int
    end: int
    section: Section
    heading: str | None


def parse_plan(text: str, document: Document) -> ParsedPlan:
    """Parse the whole plan: front matter and table of contents are read, not chunked."""
    blocks = split_blocks(text)
    toc_at = next((i for i, b in enumerate(blocks) if _is_toc(b)), None)
    if toc_at is None:
        raise SourceError(
            f"{document.source or document.title}: no table of contents found "
            "(lines 'title<TAB>page'). The parser needs the plan's own contents page."
        )
    end = toc_at + 1
    while end < len(blocks) and all("\t" in line for line in blocks[end].raw.splitlines()):
        end += 1
    toc = Block(blocks[toc_at].start, blocks[end - 1].end, "\n".join(b.raw for b in blocks[toc_at:end]))
    sections = toc_sections(toc)
    body = blocks[end:]
    casing = case_vocabulary(text)
    sections = tuple(_truecase_section(s, casing) for s in sections)
    paras = _walk(body, sections, casing)
    if not paras:
        raise SourceError(
            f"{document.source or document.title}: no body text after the table of "
            "contents. Check that the file holds the whole plan."
        )
    chunks = _to_chunks(text, paras, document)
    used = {p.section.label for p in paras}
    ordered = tuple(s for s in _with_extras(sections, paras) if s.label in used or s.kind == "chapter")
    return ParsedPlan(document=document, sections=ordered, chunks=tuple(chunks))


def split_blocks(text: str) -> list[Block]:
    """Blank-line separated blocks with their character offsets."""
    return [Block(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]


def _is_toc(block: Block) -> bool:
    lines = block.raw.splitlines()
    return len(lines) >= 4 and sum("\t" in line for line in lines) >= 0.8 * len(lines)


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


def norm(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a line, for matching headings."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split())


def _matches(line: str, title: str) -> bool:
    a, b = norm(line), norm(title)
    return a == b or (len(b) > 12 and SequenceMatcher(None, a, b).ratio() >= 0.9)


def case_vocabulary(text: str) -> dict[str, str]:
    """Most frequent spelling of each word and hyphenated compound in running text (for true-casing headings)."""
    forms: dict[str, Counter[str]] = {}
    for line in text.splitlines():
        if not line.isupper():
            for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", line):
                for form in {word, *word.split("-")}:
                    forms.setdefault(form.lower(), Counter())[form] += 1
    return {low: counts.most_common(1)[0][0] for low, counts in forms.items()}


def truecase(line: str, casing: dict[str, str]) -> str:
    """Turn an all-capitals heading into its ordinary spelling, first letter capitalised; a compound
    a line break split ("SECRETARIAAT- GENERAAL") is joined when the running text spells it whole."""
    if not line.isupper():
        return line
    line = re.sub(
        r"([^\W\d_]+)- ([^\W\d_]+)", lambda m: f"{m[1]}-{m[2]}" if f"{m[1]}-{m[2]}".lower() in casing else m[0], line
    )
    cased = re.sub(r"[^\W\d_]+", lambda m: casing.get(m.group(0).lower(), m.group(0).lower()), line)
    first = re.search(r"[^\W\d_]", cased)
    return cased if not first else cased[: first.start()] + cased[first.start()].upper() + cased[first.start() + 1 :]


def _truecase_section(section: Section, casing: dict[str, str]) -> Section:
    subtitle = truecase(section.subtitle, casing) if section.subtitle else None
    return replace(section, title=truecase(section.title, casing), subtitle=subtitle)


def _heading_text(line: str) -> str:
    return re.sub(r"^#+\s*", "", _EMPHASIS.sub(r"\2", line)).rstrip(":").strip()


def _heading_shaped(block: Block) -> bool:
    lines = block.lines
    if len(lines) != 1 or len(lines[0]) > 120:
        return False
    line = _heading_text(lines[0])
    if not line or (lines[0].endswith(_FINAL) and not (lines[0].endswith(":") and lines[0].isupper())):
        return False
    return line[0].isupper() or line[0].isdigit()


def _is_heading(block: Block, following: Block | None) -> bool:
    """A short unpunctuated line that introduces a paragraph (or another heading)."""
    if not _heading_shaped(block) or following is None or following.raw.lstrip()[:1].islower():
        return False
    return len(" ".join(following.lines)) >= 100 or _heading_shaped(following)


def _walk(body: list[Block], sections: tuple[Section, ...], casing: dict[str, str]) -> list[_Para]:
    """Assign every body block to a section and sub-heading; return the paragraphs."""
    paras: list[_Para] = []
    pending = list(sections)
    current: Section | None = None
    heading: str | None = None
    for i, block in enumerate(body):
        line = block.lines[0] if len(block.lines) == 1 else ""
        hit = next((k for k, s in enumerate(pending[:3]) if line and _matches(line, _toc_title(s))), None)
        if hit is not None:
            section = pending[hit]
            pending = pending[hit + 1 :]
            if section.kind == "part":
                heading = section.title
                current = _chapter_of(sections, section) if current is None else current
            else:
                current, heading = section, None
            continue
        if current is None:
            continue
        if current.subtitle and line and _matches(line, current.subtitle):
            heading = current.subtitle
            continue
        following = body[i + 1] if i + 1 < len(body) else None
        if _is_heading(block, following):
            text = _heading_text(line)
            if current.chapter and not pending and line.isupper() and len(text.split()) >= 3:
                current = Section(_front_label(text), truecase(text, casing), "closing")
                heading = None
                continue
            heading = truecase(text, casing)
            continue
        paras.append(_Para(block.start, block.end, current, heading))
    return paras


def _toc_title(section: Section) -> str:
    if section.kind == "chapter":
        return f"{section.label}. {section.title}"
    if section.kind == "section":
        return f"{section.label}. {section.title}"
    return section.title


def _chapter_of(sections: tuple[Section, ...], part: Section) -> Section:
    return next(s for s in sections if s.kind == "chapter" and s.label == part.chapter)


def _with_extras(sections: tuple[Section, ...], paras: list[_Para]) -> list[Section]:
    known = {s.label for s in sections}
    extras = list(dict.fromkeys(p.section for p in paras if p.section.label not in known))
    return [s for s in sections if s.kind != "part"] + extras


def clean(raw: str) -> str:
    """A paragraph as printed: emphasis markers dropped, whitespace folded (list lines kept)."""
    lines = [" ".join(_EMPHASIS.sub(r"\2", line).split()) for line in raw.splitlines()]
    return "\n".join(line for line in lines if line)


def _joinable(prev: str, nxt: str) -> bool:
    """True when a page break cut one paragraph in two, or a lead-in colon introduces a list."""
    return bool(prev) and bool(nxt) and ((not prev.endswith(_FINAL) and nxt[0].islower()) or prev.endswith(":"))


def _units(text: str, paras: list[_Para]) -> list[_Para]:
    """Rejoin page-broken paragraphs, split long ones at sentences, merge tiny ones."""
    joined: list[_Para] = []
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
            joined.append(_Para(para.start, para.end, para.section, para.heading))
    split = [part for para in joined for part in _split_long(text, para)]
    return _merge_tiny(text, split)


def _split_long(text: str, para: _Para) -> list[_Para]:
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
    return [_Para(a, b, para.section, para.heading) for a, b in zip(bounds, bounds[1:], strict=False)]


def _merge_tiny(text: str, paras: list[_Para]) -> list[_Para]:
    out: list[_Para] = []
    for para in paras:
        prev = out[-1] if out else None
        size = para.end - para.start
        if (
            prev is not None
            and (prev.section, prev.heading) == (para.section, para.heading)
            and (
                size < MIN_CHARS
                or prev.end - prev.start < MIN_CHARS
                or (size < 2 * MIN_CHARS and _POINTS_BACK.search(text, para.start, para.end))
            )
        ):
            prev.end = para.end
        else:
            out.append(para)
    return out


def slug(text: str | None) -> str:
    """Lower-case ASCII slug for ids."""
    return "-".join(norm(text or "").replace("'", "").split())[:60] or "-"


def _to_chunks(text: str, paras: list[_Para], document: Document) -> list[Chunk]:
    chunks: list[Chunk] = []
    ordinals: Counter[tuple[str, str | None]] = Counter()
    for para in _units(text, paras):
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
    """Clean a span that may hold several blocks: page-break joins become one space."""
    parts = [clean(part) for part in re.split(r"\n\s*\n", raw) if part.strip()]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        out += (" " if not out.endswith(":") else "\n") + part
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
