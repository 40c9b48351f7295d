"""What every structure strategy shares: blocks of text, headings found in them, paragraphs, and the
normalising, cleaning and heading-shape rules."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from ingest.model import Section

FINAL = tuple('.!?:;"”’)»')
EMPHASIS = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1")
NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>\S.*)$")
LIST_ITEM = re.compile(r"^(\d{1,2}[.)]|[-•–*+])\s")


@dataclass(frozen=True)
class Block:
    """A blank-line separated block of the source with its offsets."""

    start: int
    end: int
    raw: str

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.raw.splitlines() if line.strip()]


@dataclass(frozen=True)
class Heading:
    """A heading found in the text: its span, its level in the source (1 = top) and its title.
    Level 0 marks a span that is neither heading nor body (Markdown front matter, a rule)."""

    start: int
    end: int
    level: int
    title: str


@dataclass(frozen=True)
class Bookmark:
    """One entry of a PDF's outline: its depth (1 = top), title and page (0-based)."""

    level: int
    title: str
    page: int | None


@dataclass
class Para:
    """A body paragraph's span with the section and sub-heading it belongs to."""

    start: int
    end: int
    section: Section
    heading: str | None


def split_blocks(text: str) -> list[Block]:
    """Blank-line separated blocks with their character offsets."""
    return [Block(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]


def is_toc(block: Block) -> bool:
    """A contents page: four or more lines, nearly all of them 'title<TAB>page'."""
    lines = block.raw.splitlines()
    return len(lines) >= 4 and sum("\t" in line for line in lines) >= 0.8 * len(lines)


def norm(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a line, for matching headings."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split())


def matches(line: str, title: str) -> bool:
    """A line that prints a title, allowing a typo or two in long titles."""
    a, b = norm(line), norm(title)
    return a == b or (len(b) > 12 and SequenceMatcher(None, a, b).ratio() >= 0.9)


def slug(text: str | None) -> str:
    """Lower-case ASCII slug for ids."""
    return "-".join(norm(text or "").replace("'", "").split())[:60] or "-"


def split_number(title: str) -> tuple[str | None, str]:
    """A heading's printed number ("2.1") and the rest of its title."""
    found = NUMBERED.match(title.strip())
    return (found.group("num"), found.group("title").strip()) if found else (None, title.strip())


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


def heading_text(line: str) -> str:
    """A heading line without Markdown markers, emphasis or a closing colon."""
    return re.sub(r"^#+\s*", "", EMPHASIS.sub(r"\2", line)).rstrip(":").strip()


def heading_shaped(block: Block) -> bool:
    """One short line without closing punctuation that starts with a capital or a digit."""
    lines = block.lines
    if len(lines) != 1 or len(lines[0]) > 120:
        return False
    line = heading_text(lines[0])
    if not line or (lines[0].endswith(FINAL) and not (lines[0].endswith(":") and lines[0].isupper())):
        return False
    return line[0].isupper() or line[0].isdigit()


def is_heading(block: Block, following: Block | None) -> bool:
    """A short unpunctuated line that introduces a paragraph (or another heading)."""
    if not heading_shaped(block) or following is None or following.raw.lstrip()[:1].islower():
        return False
    return len(" ".join(following.lines)) >= 100 or heading_shaped(following)


def clean(raw: str) -> str:
    """A paragraph as printed: emphasis markers dropped, whitespace folded (list lines kept)."""
    lines = [" ".join(EMPHASIS.sub(r"\2", line).split()) for line in raw.splitlines()]
    return "\n".join(line for line in lines if line)
