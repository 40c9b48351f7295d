"""Dataclasses that leave ``ingest``: documents, sections and paragraph chunks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One source plan: its title, year, language and content hash."""

    title: str
    year: int | None
    language: str
    sha256: str
    source: str = ""

    @property
    def key(self) -> str:
        """Short stable identifier used in chunk ids and filters."""
        base = "".join(ch if ch.isalnum() else "-" for ch in self.title.lower()).strip("-")
        return f"{base}.{self.language}"


@dataclass(frozen=True)
class Section:
    """One entry of the plan's structure, as the table of contents names it."""

    label: str
    title: str
    kind: str
    chapter: str | None = None
    subtitle: str | None = None
    page: int | None = None


@dataclass(frozen=True)
class Chunk:
    """One paragraph of the plan with its place in the structure."""

    id: str
    document: Document
    section: str
    section_title: str
    heading: str | None
    ordinal: int
    text: str
    char_start: int
    char_end: int
    content_hash: str = field(default="")

    @staticmethod
    def hash_text(text: str) -> str:
        """Content hash of a chunk's text."""
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    @property
    def chapter(self) -> str:
        """The chapter a section belongs to ("2" for "2.1"; the label itself otherwise)."""
        return self.section.split(".")[0]


@dataclass(frozen=True)
class ParsedPlan:
    """A parsed document: its sections in order and its chunks in reading order, with how its
    structure was found ("contents", "outline", "markdown", ...) and what the reader should check."""

    document: Document
    sections: tuple[Section, ...]
    chunks: tuple[Chunk, ...]
    strategy: str = ""
    warnings: tuple[str, ...] = ()
