"""What ``jaarplan ingest --dry-run PATH`` shows: how a file's structure was found and what would be
indexed (sections, sub-headings, paragraph counts, language, warnings), without indexing it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.model import ParsedPlan
from ingest.parse import parse_file

_STRATEGIES = {
    "outline": "the PDF's bookmarks",
    "markdown": "Markdown headings",
    "styles": "Word heading styles",
    "contents": "the document's contents page",
    "numbered": "numbered headings",
    "typography": "short title-like lines",
    "pages": "none found: one section per page",
    "paragraphs": "none found: one section per few paragraphs",
}


@dataclass(frozen=True)
class SectionReport:
    """One section as it would be indexed, with its sub-headings and paragraph counts."""

    label: str
    title: str
    kind: str
    level: int
    paragraphs: int
    headings: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class StructureReport:
    """A file's structure as ``ingest`` reads it."""

    path: str
    title: str
    year: int | None
    language: str
    key: str
    strategy: str
    sections: tuple[SectionReport, ...]
    chunks: int
    warnings: tuple[str, ...]


def describe_structure(
    path: Path, title: str | None = None, year: int | None = None, language: str | None = None
) -> StructureReport:
    """Read and parse ``path`` as ``ingest`` would, and report what it found. Raises ``SourceError``
    for a file that cannot be ingested."""
    return report_of(parse_file(path, title, year, language))


def report_of(plan: ParsedPlan) -> StructureReport:
    """The report of an already parsed plan."""
    counts = Counter(c.section for c in plan.chunks)
    by_heading = Counter((c.section, c.heading) for c in plan.chunks if c.heading)
    sections = tuple(
        SectionReport(
            s.label,
            s.title,
            s.kind,
            2 if s.kind == "section" else 1,
            counts[s.label],
            tuple((heading, n) for (label, heading), n in by_heading.items() if label == s.label and heading),
        )
        for s in plan.sections
    )
    doc = plan.document
    return StructureReport(
        doc.source, doc.title, doc.year, doc.language, doc.key, plan.strategy, sections, len(plan.chunks), plan.warnings
    )


def format_report(report: StructureReport) -> str:
    """The report as text for the terminal."""
    year = report.year if report.year is not None else "unknown"
    lines = [
        f"{report.path}: {report.title} ({year}, {report.language}), key {report.key}",
        f"structure: {_STRATEGIES.get(report.strategy, report.strategy)} [{report.strategy}]",
        f"{len(report.sections)} sections, {report.chunks} paragraphs",
        "",
    ]
    width = max((len(s.label) for s in report.sections), default=0)
    for s in report.sections:
        indent = "  " * (s.level - 1)
        lines.append(f"{s.label.ljust(width)}  {indent}{s.title}  ({_count(s.paragraphs)})")
        lines += [f"{' ' * width}  {indent}  - {heading}  ({_count(n)})" for heading, n in s.headings]
    lines += ["", *(f"warning: {w}" for w in report.warnings)] if report.warnings else []
    return "\n".join(lines).rstrip() + "\n"


def _count(n: int) -> str:
    return f"{n} paragraph" if n == 1 else f"{n} paragraphs"
