"""Read a plan from .txt, .md or .pdf into plain text."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ingest.errors import SourceError
from ingest.model import Document

SUFFIXES = (".txt", ".md", ".pdf")
_STOPWORDS = {
    "nl": {"de", "het", "een", "van", "en", "zijn", "wordt", "voor", "met", "niet"},
    "fr": {"le", "la", "les", "des", "et", "est", "pour", "une", "dans", "du"},
    "de": {"der", "die", "das", "und", "ist", "mit", "für", "nicht", "eine", "den"},
    "en": {"the", "and", "of", "to", "is", "for", "with", "that", "are", "this"},
}


def read_text(path: Path) -> str:
    """Return the text of a .txt/.md/.pdf file or raise ``SourceError`` saying why not."""
    if not path.exists():
        raise SourceError(f"{path}: no such file. Give the path of a .txt, .md or .pdf plan.")
    if not path.is_file():
        raise SourceError(f"{path}: not a file. Give the path of a .txt, .md or .pdf plan.")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceError(f"{path}: unsupported type '{suffix}'. Convert it to .txt, .md or .pdf.")
    text = _read_pdf(path) if suffix == ".pdf" else _read_plain(path)
    if len(text.strip()) < 200:
        raise SourceError(
            f"{path}: holds no usable text ({len(text.strip())} characters). "
            "Check that it is the plan itself (a scanned PDF needs OCR first)."
        )
    return text


def _read_plain(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise SourceError(f"{path}: looks binary, not text. Save the plan as UTF-8 text or PDF.")
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 (byte {exc.start}). Re-save it as UTF-8.") from None


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise SourceError(f"{path}: the PDF is encrypted. Save an unprotected copy and ingest that.")
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise SourceError(f"{path}: unreadable PDF ({exc}). Export it again or give the .txt version.") from None
    return pdf_layout_to_text(pages)


_LIST_ITEM = re.compile(r"^(\d+\.|[-•–*])\s")
_TOC_ENTRY = re.compile(r"^(?P<title>\S.*?\S)(?:\s*\.{3,}\s*|\s{3,})(?P<page>\d{1,3})$")


def pdf_layout_to_text(pages: list[str]) -> str:
    """Layout-mode PDF text to the plain-text conventions: blank lines between blocks (a page
    break ends a block; the parser rejoins a paragraph it cut), wrapped lines rejoined, contents
    lines as ``title<TAB>page``, lone page numbers dropped."""
    blocks: list[list[str]] = [[]]
    for page in pages:
        blocks.append([])
        for raw in page.splitlines():
            toc = _TOC_ENTRY.match(raw.strip())
            line = " ".join(raw.split())
            if not line or re.fullmatch(r"\d{1,3}", line):
                blocks.append([])
                continue
            blocks[-1].append(f"{toc.group('title')}\t{toc.group('page')}" if toc else line)
    return "\n\n".join("\n".join(_unwrap(lines)) for lines in blocks if lines)


def _unwrap(lines: list[str]) -> list[str]:
    """Join a block's wrapped lines; list items and contents lines keep their own line."""
    out: list[str] = []
    for line in lines:
        keep = "\t" in line or _LIST_ITEM.match(line) or not out or "\t" in out[-1]
        if keep:
            out.append(line)
        else:
            out[-1] += line if out[-1].endswith("-") and line[:1].islower() else f" {line}"
    return out


def describe(
    text: str, path: Path, title: str | None = None, year: int | None = None, language: str | None = None
) -> Document:
    """Build the ``Document`` for a text, inferring title, year and language when not given."""
    first = next((line.strip(" *#") for line in text.splitlines() if line.strip(" *#")), path.stem)
    if year is None:
        found = re.search(r"\b(19|20)\d{2}\b", first) or re.search(r"\b(19|20)\d{2}\b", path.stem)
        year = int(found.group(0)) if found else None
    return Document(
        title=title or (first.title() if first.isupper() else first),
        year=year,
        language=language or guess_language(text),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source=str(path),
    )


def guess_language(text: str) -> str:
    """The language (nl/fr/de/en) whose common words are most frequent in ``text``."""
    words = re.findall(r"[a-zäöüéèàç]+", text[:20000].lower())
    counts = {lang: sum(word in stop for word in words) for lang, stop in _STOPWORDS.items()}
    return max(counts, key=lambda lang: counts[lang])
