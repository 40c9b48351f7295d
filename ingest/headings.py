"""Heading detectors, one per kind of structure a document can carry. Each returns the headings it
finds as spans of the text in reading order; an empty list means the document gives it nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ingest.text import FINAL, NUMBERED, Block, Bookmark, Heading, heading_text, is_heading, is_toc, matches

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_UNDERLINE = re.compile(r"^ {0,3}(={3,}|-{3,})[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_ITEM = re.compile(r"^\s*(\d{1,2}[.)]|[-*+])\s")
_BARE_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?$")
_LEADING_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,3}\.?[ \t]+$")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.splitlines(keepends=True):
        yield offset, line.rstrip("\r\n")
        offset += len(line)


def markdown_headings(text: str) -> list[Heading]:
    """ATX (``#``, ``##``) and setext (``===``, ``---`` underlined) headings outside code fences; YAML
    front matter and horizontal rules come back as level-0 spans to leave out."""
    lines = list(_lines(text))
    found: list[Heading] = []
    skip = _front_matter(lines)
    if skip:
        found.append(Heading(0, lines[skip - 1][0] + len(lines[skip - 1][1]), 0, ""))
    fenced = False
    for i in range(skip, len(lines)):
        start, line = lines[i]
        if _FENCE.match(line):
            fenced = not fenced
        if fenced or _FENCE.match(line):
            continue
        heading = _markdown_heading(lines, i)
        if heading is not None and not any(h.start <= start < h.end for h in found):
            found.append(heading)
    return found


def _front_matter(lines: list[tuple[int, str]]) -> int:
    """How many leading lines are YAML front matter (``---`` ... ``---``)."""
    if not lines or lines[0][1].strip() != "---":
        return 0
    return next((i + 1 for i in range(1, len(lines)) if lines[i][1].strip() in ("---", "...")), 0)


def _markdown_heading(lines: list[tuple[int, str]], i: int) -> Heading | None:
    start, line = lines[i]
    if atx := _ATX.match(line):
        return Heading(start, start + len(line), len(atx.group(1)), heading_text(atx.group(2)))
    after = lines[i + 1][1] if i + 1 < len(lines) else ""
    first_of_block = i == 0 or not lines[i - 1][1].strip()
    plain = not (_RULE.match(line) or _ITEM.match(line))
    if line.strip() and plain and first_of_block and _UNDERLINE.match(after):
        end = lines[i + 1][0] + len(after)
        return Heading(start, end, 1 if after.strip()[0] == "=" else 2, heading_text(line.strip()))
    if _RULE.match(line):
        return Heading(start, start + len(line), 0, "")
    return None


def numbered_headings(blocks: Sequence[Block]) -> list[Heading]:
    """Lines such as "2. Title", "2.3 Title" or "3.2.1" above "Title", kept when their numbers run in
    order (the longest such run), so that a numbered list is not read as headings."""
    found = [(i, b, h) for i, b in enumerate(blocks) if not is_toc(b) and (h := _numbered(b)) is not None]
    listed = {k for k in range(len(found) - 1) if _list_items(found[k], found[k + 1])}
    candidates = [h for k, (_, _, h) in enumerate(found) if k not in listed and k - 1 not in listed]
    return _longest_run(candidates)


def _list_items(a: tuple[int, Block, Heading], b: tuple[int, Block, Heading]) -> bool:
    """Two numbered lines of the same depth with nothing between them are items of a list."""
    (i, block_a, head_a), (j, block_b, head_b) = a, b
    alone = head_a.end == block_a.end and head_b.end == block_b.end
    return alone and j == i + 1 and _depth(head_a) == _depth(head_b)


def _numbered(block: Block) -> Heading | None:
    lines = block.lines
    if len(lines) == 2 and _BARE_NUMBER.match(lines[0]) and _title_like(lines[1]):
        return Heading(block.start, block.end, 0, f"{lines[0].rstrip('.')} {lines[1]}")
    found = NUMBERED.match(lines[0])
    if not found or not _title_like(found.group("title")):
        return None
    if len(lines) > 1 and (NUMBERED.match(lines[1]) or len(lines[1]) < 40):
        return None
    end = block.start + len(block.raw.splitlines()[0].rstrip())
    return Heading(block.start, end, 0, lines[0])


def _title_like(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 14 and len(text) <= 100 and text[0].isupper() and not text.endswith(FINAL)


def _number(heading: Heading) -> tuple[int, ...]:
    return tuple(int(n) for n in heading.title.split()[0].rstrip(".").split("."))


def _depth(heading: Heading) -> int:
    return len(_number(heading))


def _follows(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Whether number ``b`` may come right after ``a``: its first child, or the next at some level
    (with any deeper parts 1: "3.1" may follow "2.4" when chapter 3 has no heading line)."""
    if b == (*a, 1):
        return True
    for level in range(1, len(a) + 1):
        head, rest = b[:level], b[level:]
        if head[:-1] == a[: level - 1] and head[-1] == a[level - 1] + 1 and all(n == 1 for n in rest):
            return True
    return False


def _longest_run(candidates: list[Heading]) -> list[Heading]:
    numbers = [_number(h) for h in candidates]
    length: list[int] = []
    back: list[int | None] = []
    for i, number in enumerate(numbers):
        # the nearest of the longest runs it can continue
        before = [j for j in range(i - 1, -1, -1) if _follows(numbers[j], number)]
        best = max(before, key=lambda j: length[j], default=None)
        length.append(1 + (length[best] if best is not None else 0))
        back.append(best)
    end = max(range(len(numbers)), key=lambda i: length[i], default=None)
    run: list[Heading] = []
    while end is not None:
        run.insert(0, candidates[end])
        end = back[end]
    if len(run) < 2:
        return []
    return [Heading(h.start, h.end, _depth(h), h.title) for h in run]


def typographic_headings(blocks: Sequence[Block]) -> list[Heading]:
    """Short title-like lines standing above a paragraph (not the first line: that is the document's
    title); capitals are the top level when a document uses both capitals and ordinary case."""
    found = [
        (b, heading_text(b.lines[0]))
        for i, b in enumerate(blocks)
        if i > 0 and not is_toc(b) and is_heading(b, blocks[i + 1] if i + 1 < len(blocks) else None)
    ]
    both = len({title.isupper() for _, title in found}) == 2
    return [Heading(b.start, b.end, 1 if title.isupper() or not both else 2, title) for b, title in found]


def bookmark_headings(
    text: str, blocks: Sequence[Block], bookmarks: Sequence[Bookmark], page_starts: Sequence[int]
) -> tuple[list[Heading], list[Bookmark]]:
    """Where each PDF bookmark's title is printed: in order, on its page or the next, at the start of
    a line (or right after a sentence when the PDF prints no gap), never in the contents page; and
    the bookmarks not found."""
    contents = [(b.start, b.end) for b in blocks if is_toc(b)]
    found: list[Heading] = []
    missing: list[Bookmark] = []
    at = 0
    for mark in bookmarks:
        lo, hi = _page_span(mark.page, page_starts, len(text))
        span = _locate(text, mark.title, max(at, lo), hi, contents)
        if span is None:
            missing.append(mark)
            continue
        found.append(Heading(span[0], span[1], mark.level, _with_number(text[span[0] : span[1]], mark.title)))
        at = span[1]
    return found, missing


def _page_span(page: int | None, starts: Sequence[int], size: int) -> tuple[int, int]:
    if page is None or page >= len(starts):
        return 0, size  # ``bookmark_headings`` searches on from the last heading it found
    return starts[page], starts[page + 2] if page + 2 < len(starts) else size


def _locate(text: str, title: str, lo: int, hi: int, contents: list[tuple[int, int]]) -> tuple[int, int] | None:
    words = ["".join(re.escape(ch) if ch.isalnum() else r"[^\w\s]?" for ch in word) for word in title.split()]
    pattern = re.compile(r"[^\w\s]*\s+".join(words), re.IGNORECASE)
    spans = [_widen(text, m.start(), m.end()) for m in pattern.finditer(text, lo, hi)]
    near = [(s, line) for s, line in _lines_between(text, lo, hi) if len(line) <= 2 * len(title) + 10]
    spans += [(s, s + len(line)) for s, line in near if matches(line, title)]
    spans = [s for s in spans if not any(a <= s[0] < b for a, b in contents)]
    line_start = [s for s in spans if s[0] == 0 or text[s[0] - 1] == "\n"]
    whole_line = [s for s in line_start if s[1] == len(text) or text[s[1]] in "\r\n"]
    after_sentence = [s for s in spans if text[max(0, s[0] - 20) : s[0]].rstrip().endswith((".", "!", "?"))]
    return min(whole_line or line_start or after_sentence, default=None)


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in the number printed before a title its bookmark gives without one."""
    line_start = text.rfind("\n", 0, start) + 1
    number = _LEADING_NUMBER.search(text, line_start, start)
    return (number.start() if number and number.end() == start else start), end


def _lines_between(text: str, lo: int, hi: int) -> Iterator[tuple[int, str]]:
    for found in re.finditer(r"^[^\n]+", text[lo:hi], re.MULTILINE):
        yield lo + found.start(), found.group(0)


def _with_number(printed: str, title: str) -> str:
    """The bookmark's title, with the number the page prints when the bookmark leaves it out."""
    number = NUMBERED.match(" ".join(printed.split()))
    if number and not NUMBERED.match(title):
        return f"{number.group('num')} {title}"
    return title
