"""The agenda of a document: every sentence with a time reference, as an interval ``start``-``end``.

``find_periods(text, language, year)`` finds the time references of one text (a sentence or a question);
``extract_agenda(chunks)`` turns a document's paragraphs into ``AgendaItem``s. The words come from
``time_words.toml`` per language and month names from dateparser's locale data; the conventions for
vague periods ("begin", "midden", "eind", "tot", "tegen") are written at the top of that file.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from ingest.languages import phrases
from ingest.model import Chunk
from ingest.parse import split_sentences

WORDS_FILE = Path(__file__).with_name("time_words.toml")
_YEAR_AFTER = r"((?:19|20)\d{2})(?![\w/)]|[.,]\d)"  # a year after a period word ("midden 2026", "mi-2026")
_YEAR = r"(?<![\w/(.-])" + _YEAR_AFTER
_MIDDLE = ((5, 1), (8, 31))  # "midden 2026": around the middle, May to August


@dataclass(frozen=True)
class Period:
    """One time reference: the phrase as printed, its interval, and where it stands in the text."""

    when: str
    start: date
    end: date
    at: int


@dataclass(frozen=True)
class AgendaItem:
    """A sentence of the document with one time reference; ``past`` when it lies before the document's year."""

    when: str
    start: str
    end: str
    past: bool
    text: str
    section: str
    section_title: str
    heading: str | None
    chunk_id: str
    document: str
    actors: tuple[str, ...]


@cache
def _words() -> dict[str, dict]:
    with WORDS_FILE.open("rb") as fh:
        return tomllib.load(fh)


def words_of(language: str) -> dict[str, set[str]]:
    """A language's agenda and filler words (``time_words.toml``), lower-cased."""
    w = _words().get(language, _words()["en"])
    return {key: {x.lower() for x in w.get(key, [])} for key in ("agenda", "filler")}


@cache
def _months(language: str) -> dict[str, int]:
    from dateparser.languages.loader import LocaleDataLoader

    info = LocaleDataLoader().get_locale(language).info
    names = [n.lower() for n in calendar.month_name[1:]]
    return {alias.lower(): m for m, name in enumerate(names, 1) for alias in info.get(name, []) if len(alias) >= 3}


@cache
def _patterns(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """(kind, pattern) in the order they are tried: longer, more precise references first."""
    w = _words()[language]
    months, ords = phrases(_months(language)), phrases(w["ordinals"])
    link = r"(?:\s+(?:" + phrases(w["season_link"] + ["van", "de", "of", "des"]) + r"))?"
    year = r"\s*" + _YEAR_AFTER
    kinds = [
        ("range", r"(?<![\w/(.-])((?:19|20)\d{2})\s*[-–/]\s*((?:19|20)\d{2})\b"),
        (
            "day",
            r"\b(\d{1,2})(?:er|\.)?\s+(" + months + r")(?:\s+" + _YEAR + r"|\s+(" + phrases(w["past"]) + "))",
        ),
        ("month", r"\b(" + months + r")" + year),
        ("quarter", r"\b(" + ords + r")\s+(?:" + phrases(w["quarter"]) + r")(?:" + link + year + r")?"),
        ("half", r"\b(" + ords + r")\s+(?:" + phrases(w["half"]) + r")" + link + year),
        ("season", r"\b(" + phrases(w["seasons"]) + r")(?:" + link + year + r")?"),
        ("vague", r"\b(" + phrases(w["start"] + w["middle"] + w["end"]) + r")" + year),
        ("this_year", r"\b(" + phrases(w["this_year"]) + r")"),
        ("year", _YEAR),
    ]
    return [(kind, re.compile(p, re.IGNORECASE)) for kind, p in kinds]


def find_periods(text: str, language: str, year: int) -> list[Period]:
    """The time references of ``text`` (in ``language``, written in ``year``), in reading order."""
    taken: list[range] = []
    found: list[Period] = []
    for kind, pattern in _patterns(language):
        for m in pattern.finditer(text):
            if any(m.start() in r or m.end() - 1 in r for r in taken):
                continue
            interval = _interval(kind, m, language, year)
            if interval is None or (kind == "year" and _is_name(text, m.start())):
                continue
            taken.append(range(m.start(), m.end()))
            found.append(_widened(text, m.start(), m.group(0), interval, language, year))
    return sorted(found, key=lambda p: p.at)


def _interval(kind: str, m: re.Match[str], language: str, year: int) -> tuple[date, date] | None:
    w = _words()[language]
    g = m.groups()
    if kind == "range":
        first, last = int(g[0]), int(g[1])
        return (date(first, 1, 1), date(last, 12, 31)) if first < last <= first + 10 else None
    if kind == "day":
        month = _months(language)[g[1].lower()]
        y = int(g[2]) if g[2] else year - 1
        return (date(y, month, int(g[0])),) * 2 if int(g[0]) <= calendar.monthrange(y, month)[1] else None
    if kind == "month":
        return _month(int(g[1]), _months(language)[g[0].lower()])
    if kind in ("quarter", "half"):
        size = 3 if kind == "quarter" else 6
        n = w["ordinals"][g[0].lower()]
        first = (n - 1) * size + 1
        return (
            (date(_y(g[1], year), first, 1), _month(_y(g[1], year), first + size - 1)[1]) if n <= 12 // size else None
        )
    if kind == "season":
        first, last = w["seasons"][g[0].lower()]
        return date(_y(g[1], year), first, 1), _month(_y(g[1], year), last)[1]
    if kind == "vague":
        return _vague(g[0].lower(), int(g[1]), w)
    if kind == "this_year":
        return date(year, 1, 1), date(year, 12, 31)
    return date(int(g[0]), 1, 1), date(int(g[0]), 12, 31)


def _y(group: str | None, year: int) -> int:
    return int(group) if group else year


def _month(y: int, month: int) -> tuple[date, date]:
    return date(y, month, 1), date(y, month, calendar.monthrange(y, month)[1])


def _vague(word: str, y: int, w: dict) -> tuple[date, date]:
    if word in (x.lower() for x in w["start"]):
        return date(y, 1, 1), date(y, 6, 30)
    if word in (x.lower() for x in w["middle"]):
        return date(y, *_MIDDLE[0]), date(y, *_MIDDLE[1])
    return date(y, 7, 1), date(y, 12, 31)


def _is_name(text: str, at: int) -> bool:
    """A bare year that ends a name ("Visie 2030", "Benelux-jaarplan 2026") dates no event."""
    before = text[:at].rstrip().split()
    if not before or len(before[-1]) < 2 or text[:at].rstrip().endswith((",", ".", ":", ";")):
        return False
    word = before[-1]
    return "-" in word[1:] or (word[0].isupper() and len(before) > 1 and not before[-2].endswith((".", ":")))


def _widened(text: str, at: int, when: str, interval: tuple[date, date], language: str, year: int) -> Period:
    """The period with the word before it: 'tot'/'tegen' widen it to run from the document's year start;
    a preposition ('in', 'sinds') is only kept in the phrase."""
    until_word, preposition = _edges(language)
    head = text[:at]
    until = until_word.search(head)
    if until:
        return Period(until.group(0) + when, min(date(year, 1, 1), interval[0]), interval[1], until.start())
    prep = preposition.search(head)
    if prep:
        return Period(prep.group(0) + when, *interval, prep.start())
    return Period(when, *interval, at)


@cache
def _edges(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An "until" word ("tot", "tegen") or a preposition ("in", "sinds") right before a period."""
    w = _words()[language]
    until = re.compile(r"\b(" + phrases(w["until"]) + r")\s*$", re.IGNORECASE)
    return until, re.compile(r"\b(" + phrases(w["prepositions"]) + r")\s+$", re.IGNORECASE)


def actors(text: str, language: str) -> tuple[str, ...]:
    """Who the text names, as the document writes them (``[actors.LANG]`` of the words file)."""
    lower = text.lower()
    table = _words()["actors"].get(language, {})
    return tuple(name for name, forms in table.items() if any(f in lower for f in forms))


def extract_agenda(chunks: Iterable[Chunk]) -> list[AgendaItem]:
    """Every sentence of ``chunks`` with a time reference, one item per reference, in reading order."""
    items = []
    for chunk in chunks:
        doc = chunk.document
        year = doc.year or date.today().year
        language = doc.language if doc.language in _words() else "en"
        for sentence in split_sentences(chunk.text):
            for p in find_periods(sentence, language, year):
                items.append(
                    AgendaItem(
                        when=p.when,
                        start=p.start.isoformat(),
                        end=p.end.isoformat(),
                        past=p.end < date(year, 1, 1),
                        text=sentence,
                        section=chunk.section,
                        section_title=chunk.section_title,
                        heading=chunk.heading,
                        chunk_id=chunk.id,
                        document=doc.title,
                        actors=actors(sentence, language),
                    )
                )
    return items
