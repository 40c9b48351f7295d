"""``jaarplan agenda``: the indexed documents' dated sentences, filtered and written as a table, JSON, CSV or ICS."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta

from assistant.errors import UsageError
from assistant.spreadsheet import spreadsheet_safe
from ingest.agenda import AgendaItem, Period, find_periods, words_of

MOST_ITEMS = 8  # an agenda answer lists at most this many dated sentences
NARROW_DAYS = 183  # an item wider than half a year (or than the period asked) does not date a period

FORMATS = ("table", "json", "csv", "ics")
CSV_FIELDS = ("start", "end", "when", "past", "section", "section_title", "document", "actors", "text", "chunk_id")


def parse_day(value: str | None, flag: str) -> date | None:
    """An ISO date (2026-04-01), a month (2026-04) or a year (2026) from a flag; ``None`` when absent."""
    if not value:
        return None
    parts = value.split("-")
    try:
        numbers = [int(p) for p in parts]
        if flag == "--to" and len(numbers) < 3:  # the end of the month or year named
            last = date(numbers[0], numbers[1] if len(numbers) == 2 else 12, 1)
            return (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return date(numbers[0], *(numbers[1:] + [1, 1])[:2])
    except (ValueError, IndexError, TypeError):
        raise UsageError(f"{flag} {value!r}: expected a date such as 2026-04-01, 2026-04 or 2026.") from None


def select(
    items: Sequence[AgendaItem],
    start: date | None = None,
    end: date | None = None,
    section: str | None = None,
    document: str | None = None,
    past: bool = True,
) -> list[AgendaItem]:
    """The items whose interval overlaps [start, end], in a section (or chapter) and document."""
    if start and end and start > end:
        raise UsageError(f"--from {start} is after --to {end}; swap them.")

    def keep(item: AgendaItem) -> bool:
        return (
            overlaps(item, start, end)
            and (section is None or item.section == section or item.section.startswith(section + "."))
            and (document is None or document in (item.document, item.chunk_id.split(":")[0]))
            and (past or not item.past)
        )

    return sorted(filter(keep, items), key=lambda i: (i.start, i.end))


def overlaps(item: AgendaItem, start: date | None, end: date | None) -> bool:
    """The item's interval meets [start, end] (an open side when ``None``)."""
    return (start is None or date.fromisoformat(item.end) >= start) and (
        end is None or date.fromisoformat(item.start) <= end
    )


def width_days(item: AgendaItem) -> int:
    """How many days the item's interval spans, less one (0 for a single day)."""
    return (date.fromisoformat(item.end) - date.fromisoformat(item.start)).days


def period_asked(question: str, language: str, year: int) -> Period | None:
    """The period a question asks the agenda about ("Was passiert Ende 2026?"), else ``None``: it names one
    period, an agenda word ("gepland", "prévu", "passiert", "planned") and nothing else but filler words."""
    periods = find_periods(question, language, year)
    if len(periods) != 1:
        return None
    period = periods[0]
    rest = question[: period.at] + " " + question[period.at + len(period.when) :]
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", rest)}
    vocabulary = words_of(language)
    return period if words & vocabulary["agenda"] and words <= vocabulary["agenda"] | vocabulary["filler"] else None


def in_period(items: Sequence[AgendaItem], period: Period) -> list[AgendaItem]:
    """The coming items that date something inside ``period``: overlapping it, and no wider than it or
    half a year (a whole year's "in 2026" does not say what happens in its first quarter)."""
    widest = max((period.end - period.start).days, NARROW_DAYS)
    return [i for i in select(items, period.start, period.end, past=False) if width_days(i) <= widest][:MOST_ITEMS]


def render(items: Sequence[AgendaItem], fmt: str) -> str:
    """The items in one of ``FORMATS``."""
    if fmt == "json":
        return json.dumps([asdict(i) for i in items], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(items)
    if fmt == "ics":
        return to_ics(items).decode("utf-8")
    width = max((len(i.when) for i in items), default=4)
    rows = [f"{i.start} – {i.end}  {i.when:<{width}}  §{i.section}  {_short(i.text)}" for i in items]
    return "\n".join(rows + [f"({len(items)} items)"]) + "\n"


def _short(text: str, limit: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _csv(items: Sequence[AgendaItem]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for item in items:
        row = asdict(item) | {"actors": "; ".join(item.actors)}
        writer.writerow([spreadsheet_safe(str(row[f])) for f in CSV_FIELDS])
    return out.getvalue()


def to_ics(items: Sequence[AgendaItem]) -> bytes:
    """An iCalendar file: one all-day VEVENT per item, its sentence and section in the description."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Jaarplan assistant//agenda//EN")
    cal.add("version", "2.0")
    for item in items:
        event = Event()
        key = f"{item.chunk_id}|{item.when}|{item.text}".encode()
        event.add("uid", hashlib.sha256(key).hexdigest()[:32] + "@jaarplan")
        event.add("dtstamp", datetime.now(UTC))
        event.add("dtstart", date.fromisoformat(item.start))
        event.add("dtend", date.fromisoformat(item.end) + timedelta(days=1))  # exclusive, as RFC 5545 says
        event.add("summary", f"{item.when}: {_short(item.text, 60)}")
        event.add(
            "description", f"{' '.join(item.text.split())}\n\n{item.document}, §{item.section} {item.section_title}"
        )
        event.add("categories", [item.section])
        cal.add_component(event)
    return bytes(cal.to_ical())
