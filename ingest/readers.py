"""Read a plan from .txt, .md, .pdf or .docx into plain text, with the structure the file format
carries beside it (PDF bookmarks and page starts, Word heading styles)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.errors import SourceError
from ingest.languages import CODES, document_words
from ingest.model import Document
from ingest.text import FINAL, Bookmark, Heading

SUFFIXES = (".txt", ".md", ".pdf", ".docx")
MAX_MB = 20
MAX_BYTES = MAX_MB * 1024 * 1024
_KINDS = {".pdf": "pdf", ".docx": "docx", ".md": "markdown", ".txt": "text"}
# What a file holds, by its first bytes, to say so when its name claims otherwise.
_MAGIC = (
    (b"%PDF-", "a PDF (rename it to .pdf)"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .odt or .xlsx file?)"),
    (b"\xd0\xcf\x11\xe0", "an old-format or password-protected Office file (.doc?)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document (save it as .docx or .txt)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program"),
)
_FIX = "Give the plan as .pdf, .docx, .md or .txt."
_FRONT_MATTER = re.compile(r"\A---\n.*?\n(?:---|\.\.\.)\n", re.DOTALL)


@dataclass(frozen=True)
class SourceText:
    """A file's text with what its format says about its structure."""

    text: str
    kind: str
    bookmarks: tuple[Bookmark, ...] = ()
    styled: tuple[Heading, ...] = ()
    page_starts: tuple[int, ...] = ()


def read_text(path: Path) -> str:
    """Return the text of a .txt/.md/.pdf/.docx file or raise ``SourceError`` saying why not."""
    return read_source(path).text


def read_source(path: Path) -> SourceText:
    """Read a plan file (checked first: it exists, is of a known type, not empty, not too large)."""
    if not path.exists():
        raise SourceError(f"{path}: no such file. Give the path of a .txt, .md, .pdf or .docx plan.")
    if not path.is_file():
        raise SourceError(f"{path}: not a file. Give the path of a .txt, .md, .pdf or .docx plan.")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceError(f"{path}: unsupported type '{suffix}'. Convert it to .txt, .md, .pdf or .docx.")
    stat = path.stat()
    if stat.st_size == 0:
        raise SourceError(f"{path}: the file is empty (0 bytes): no usable text. Give the plan itself.")
    if stat.st_size > MAX_BYTES:
        raise SourceError(
            f"{path}: {stat.st_size / 1024 / 1024:.1f} MB, over the {MAX_MB} MB limit. "
            "Split the plan into parts, or give its text as .txt or .md."
        )
    source = _read_cached(str(path), stat.st_mtime_ns, stat.st_size)
    if len(source.text.strip()) < 200:
        raise SourceError(
            f"{path}: holds no usable text ({len(source.text.strip())} characters). "
            "Check that it is the plan itself (a scanned PDF needs OCR first)."
        )
    return source


@lru_cache(maxsize=4)
def _read_cached(name: str, mtime_ns: int, size: int) -> SourceText:
    """One read per file version: ``parse_plan`` asks again for what ``read_text`` already read."""
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _read_pdf(path)
    if suffix == ".docx":
        from ingest.word import read_docx

        text, styled = read_docx(path)
        return SourceText(text, "docx", styled=styled)
    return SourceText(_read_plain(path), _KINDS[suffix])


def source_for(text: str, name: str) -> SourceText:
    """What the file a text was read from says about its structure (nothing for plain text)."""
    path = Path(name) if name else None
    kind = _KINDS.get(path.suffix.lower(), "text") if path else "text"
    if path is not None and kind in ("pdf", "docx") and path.is_file():
        try:
            source = read_source(path)
        except SourceError:
            return SourceText(text, kind)
        if source.text == text:
            return source
    return SourceText(text, kind)


def _content(head: bytes) -> str | None:
    return next((what for magic, what in _MAGIC if head.startswith(magic)), None)


def _read_plain(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:  # Windows editors save "Unicode" text as UTF-16 with a byte order mark
            return data.decode("utf-16").replace("\r\n", "\n")
        except UnicodeDecodeError:
            raise SourceError(f"{path}: broken UTF-16 text. Re-save it as UTF-8.") from None
    what = _content(data[:16])
    if what:
        raise SourceError(f"{path}: not text: the file is {what}. {_FIX}")
    if b"\x00" in data[:4096]:
        raise SourceError(f"{path}: looks binary, not text. Save the plan as UTF-8 text or PDF.")
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 (byte {exc.start}). Re-save it as UTF-8.") from None


def _read_pdf(path: Path) -> SourceText:
    from pypdf.errors import PdfReadError

    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise SourceError(f"{path}: not a PDF: the file is {_content(head) or 'not PDF data'}. {_FIX}")
    try:
        reader = _open_pdf(path)
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
        text, starts = pdf_pages(pages)
        if len(text.strip()) < 200:
            raise SourceError(_no_text(path, reader, len(text.strip())))
        return SourceText(text, "pdf", bookmarks=_bookmarks(reader), page_starts=starts)
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise SourceError(f"{path}: unreadable PDF ({exc}). Export it again or give the .txt version.") from None


def _open_pdf(path: Path) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    reader = PdfReader(str(path))
    if reader.is_encrypted:
        try:
            # Many PDFs are "protected" only against editing: they open without a password.
            opened = bool(reader.decrypt(""))
        except DependencyError:
            opened = False
        if not opened:
            raise SourceError(
                f"{path}: the PDF is encrypted (it needs a password to open). "
                "Save an unprotected copy (e.g. print it to PDF) and ingest that."
            )
    return reader


def _no_text(path: Path, reader: Any, chars: int) -> str:
    pictured = sum(_has_image(page) for page in reader.pages)
    if pictured:
        return (
            f"{path}: no text layer ({chars} characters; {pictured} of {len(reader.pages)} pages are images): "
            "it looks scanned. Run OCR on it first (e.g. `ocrmypdf scan.pdf plan.pdf`) and ingest the result."
        )
    return (
        f"{path}: holds no usable text ({chars} characters). "
        "Check that it is the plan itself; if its pages are pictures of text, run OCR on it first."
    )


def _has_image(page: Any) -> bool:
    try:
        objects = page["/Resources"].get_object().get("/XObject")
        images = objects.get_object().values() if objects is not None else []
        return any(ref.get_object().get("/Subtype") == "/Image" for ref in images)
    except (KeyError, AttributeError, TypeError):
        return False


def _bookmarks(reader: Any) -> tuple[Bookmark, ...]:
    from pypdf.errors import PdfReadError

    try:
        return tuple(_flatten(reader, reader.outline, 1))
    except (PdfReadError, KeyError, ValueError, TypeError, AttributeError, IndexError):
        return ()  # a broken outline costs the bookmarks, not the text


def _flatten(reader: Any, items: list[Any], level: int) -> list[Bookmark]:
    found: list[Bookmark] = []
    for item in items:
        if isinstance(item, list):
            found += _flatten(reader, item, level + 1)
        elif title := " ".join(str(item.title or "").split()):
            found.append(Bookmark(level, title, reader.get_destination_page_number(item)))
    return found


_LIST_ITEM = re.compile(r"^(\d+\.|[-•–*])\s")
_BULLET = re.compile(r"^[-•–*]\s")
_TOC_ENTRY = re.compile(r"^(?P<title>\S.*?\S)(?:\s*\.{3,}\s*|\s{3,})(?P<page>\d{1,3})$")


def pdf_layout_to_text(pages: list[str]) -> str:
    """Layout-mode PDF text to the plain-text conventions (see ``pdf_pages``)."""
    return pdf_pages(pages)[0]


def pdf_pages(pages: list[str]) -> tuple[str, tuple[int, ...]]:
    """Layout-mode PDF text to the plain-text conventions: blank lines between blocks (a page
    break ends a block; the parser rejoins a paragraph it cut), wrapped lines rejoined, a heading
    printed right above its paragraph set apart, contents lines as ``title<TAB>page``, lone page
    numbers dropped. Also where each page starts in the text."""
    blocks: list[tuple[int, list[str]]] = [(0, [])]
    for number, page in enumerate(pages):
        blocks.append((number, []))
        for raw in page.splitlines():
            toc = _TOC_ENTRY.match(raw.strip())
            line = " ".join(raw.split())
            if not line or re.fullmatch(r"\d{1,3}", line):
                blocks.append((number, []))
                continue
            blocks[-1][1].append(f"{toc.group('title')}\t{toc.group('page')}" if toc else line)
    parts = [(number, "\n".join(_unwrap(cut))) for number, lines in blocks if lines for cut in _set_apart(lines)]
    starts: list[int | None] = [None] * len(pages)
    offset = 0
    for number, part in parts:
        starts[number] = offset if starts[number] is None else starts[number]
        offset += len(part) + 2
    return "\n\n".join(part for _, part in parts), _filled(starts, max(offset - 2, 0))


def _filled(starts: list[int | None], end: int) -> tuple[int, ...]:
    """A page without text starts where the next page does."""
    out: list[int] = []
    for start in reversed(starts):
        out.append(start if start is not None else (out[-1] if out else end))
    return tuple(reversed(out))


def _set_apart(lines: list[str]) -> list[list[str]]:
    """Split a block where a heading stands on its own line right above a paragraph: a short line
    without closing punctuation after a sentence's end (or first), followed by a capital."""
    width = max(len(line) for line in lines)
    cuts: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        before = lines[i - 1] if i else "."
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if _stands_apart(line, before, after, width):
            cuts += [[line], []]
        else:
            cuts[-1].append(line)
    return [cut for cut in cuts if cut]


def _stands_apart(line: str, before: str, after: str, width: int) -> bool:
    if "\t" in line + after or _BULLET.match(line) or _LIST_ITEM.match(after) or not after[:1].isupper():
        return False
    if len(line) > 0.6 * width or len(line.split()) > 12 or line.endswith(FINAL):
        return False
    return (line[0].isupper() or line[0].isdigit()) and before.endswith((".", "!", "?"))


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
    first = _first_line(text) or path.stem
    if year is None:
        found = re.search(r"\b(19|20)\d{2}\b", first) or re.search(r"\b(19|20)\d{2}\b", path.stem)
        year = int(found.group(0)) if found else None
    return Document(
        title=title or (first.title() if first.isupper() else first),
        year=year,
        language=language or detect_language(text),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source=str(path),
    )


def _first_line(text: str) -> str:
    """The title: Markdown front matter's ``title:``, else the first line with a letter or digit."""
    front = _FRONT_MATTER.match(text)
    if front:
        named = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", front.group(0), re.MULTILINE)
        if named:
            return named.group(1)
        text = text[front.end() :]
    lines = (line.strip(" *#") for line in text.splitlines())
    return next((line for line in lines if re.search(r"[^\W_]", line)), "")


def detect_language(text: str) -> str:
    """The document's language among nl/fr/de/en: langdetect (seeded, its priors restricted to
    those four), or the common-word count when langdetect finds nothing."""
    from langdetect import DetectorFactory
    from langdetect import detector_factory as factory
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    factory.init_factory()
    try:
        detector = factory._factory.create()  # type: ignore[union-attr]
        detector.set_prior_map(dict.fromkeys(CODES, 1.0))
        detector.append(text[:20000])
        found = [p for p in detector.get_probabilities() if p.lang in CODES]
    except LangDetectException:
        found = []
    return found[0].lang if found else guess_language(text)


def guess_language(text: str) -> str:
    """The language (nl/fr/de/en) whose common words are most frequent in ``text``."""
    words = re.findall(r"[a-zäöüéèàç]+", text[:20000].lower())
    common = {lang: set(document_words()[lang]["common"]) for lang in CODES}
    counts = {lang: sum(word in common[lang] for word in words) for lang in CODES}
    return max(counts, key=lambda lang: counts[lang])
