"""Read a Word .docx file into the plain-text conventions (one paragraph per block; list items,
table rows and contents lines as lines of one block), with its heading-styled paragraphs."""

from __future__ import annotations

import re
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from ingest.errors import SourceError
from ingest.languages import CODES, document_words
from ingest.text import Heading


def read_docx(path: Path) -> tuple[str, tuple[Heading, ...]]:
    """The text of a .docx and its headings (Title is level 1, Heading n is level n + 1)."""
    units = [unit for item in _open(path).iter_inner_content() for unit in _units(item)]
    parts: list[str] = []
    headings: list[Heading] = []
    offset = 0
    for i, (text, level, group) in enumerate(units):
        joined = i > 0 and group is not None and units[i - 1][2] == group
        if joined:
            parts[-1] += f"\n{text}"
        else:
            offset += (2 if parts else 0) + (len(parts[-1]) if parts else 0)
            parts.append(text)
        if level is not None:
            headings.append(Heading(offset, offset + len(text), level, text))
    return "\n\n".join(parts), tuple(headings)


def _open(path: Path) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(
            f"{path}: a password-protected or old-format Word file, not a .docx. "
            "Open it in Word and save it as .docx without a password (or as PDF)."
        )
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise SourceError(
            f"{path}: not a readable Word .docx file (damaged, or another kind of file named .docx). "
            "Save it again from Word as .docx, or as PDF."
        ) from None


def _units(item: Any) -> list[tuple[str, int | None, str | None]]:
    """(text, heading level, group) per printed line; lines of one group share a block."""
    if hasattr(item, "rows"):
        return [(row, None, "table") for row in _rows(item)]
    style = ((item.style.name if item.style is not None else "") or "").strip()
    text = " ".join(item.text.split())
    if not text:
        return []
    if style.lower().startswith("toc"):
        parts = [" ".join(part.split()) for part in item.text.split("\t") if part.strip()]
        return [(f"{' '.join(parts[:-1])}\t{parts[-1]}" if len(parts) > 1 else text, None, "toc")]
    level = _level(style)
    if level is None and (style.lower().startswith("list") or _numbered(item)):
        return [(f"- {text}", None, "list")]
    return [(text, level, None)]


@cache
def _styles() -> tuple[re.Pattern[str], set[str]]:
    """Heading styles ("Heading 1", "Kop 2") and title styles, by their names in every language."""
    names = [document_words()[lang]["styles"] for lang in CODES]
    words = "|".join(re.escape(w) for n in names for w in n["heading"])
    heading = re.compile(rf"^(?:{words})\s*(\d)$", re.IGNORECASE)
    return heading, {w for n in names for w in n["title"]}


def _level(style: str) -> int | None:
    heading, titles = _styles()
    if style.strip().lower() in titles:
        return 1
    found = heading.match(style.strip())
    return int(found.group(1)) + 1 if found else None


def _numbered(paragraph: Any) -> bool:
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None


def _rows(table: Any) -> list[str]:
    rows: list[str] = []
    for row in table.rows:
        cells = list(dict.fromkeys(" ".join(cell.text.split()) for cell in row.cells))
        if any(cells):
            rows.append(" | ".join(cells))
    return rows
