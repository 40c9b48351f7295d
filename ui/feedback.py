"""Answer feedback (helpful / not helpful, optional comment) kept in one SQLite file.

``FeedbackStore(settings.data_dir / "feedback.sqlite3")``; ``add(...)`` returns the row id,
``comment(row_id, text)`` attaches a comment later, ``rows()`` lists everything oldest first and
``export("csv" | "jsonl", out)`` writes the rows to a text stream (the CLI passes ``sys.stdout``).
"""

from __future__ import annotations

import csv
import json
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from assistant.spreadsheet import spreadsheet_safe

RATINGS = ("helpful", "not_helpful")
FORMATS = ("csv", "jsonl")
MAX_COMMENT = 2000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    language TEXT NOT NULL,
    chunk_ids TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('helpful', 'not_helpful')),
    comment TEXT NOT NULL DEFAULT ''
)
"""


@dataclass(frozen=True)
class FeedbackRow:
    """One rating of one answer."""

    id: int
    time: str
    question: str
    answer: str
    language: str
    chunk_ids: tuple[str, ...]
    rating: str
    comment: str


class FeedbackStore:
    """Append-only feedback table in a SQLite file (created on first use); safe across threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def add(
        self,
        question: str,
        answer: str,
        language: str,
        chunk_ids: Iterable[str],
        rating: str,
        comment: str = "",
        time: datetime | None = None,
    ) -> int:
        """Store one rating ('helpful' or 'not_helpful'); returns the new row's id."""
        if rating not in RATINGS:
            raise ValueError(f"rating {rating!r} is not one of {', '.join(RATINGS)}.")
        stamp = (time or datetime.now(UTC)).isoformat(timespec="seconds")
        row = (stamp, question, answer, language, json.dumps(list(chunk_ids)), rating, comment.strip()[:MAX_COMMENT])
        with self._lock, self._connect() as db:
            cur = db.execute(
                "INSERT INTO feedback (time, question, answer, language, chunk_ids, "
                "rating, comment) VALUES (?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cur.lastrowid or 0)

    def comment(self, row_id: int, text: str) -> None:
        """Set the comment of an existing row."""
        with self._lock, self._connect() as db:
            cur = db.execute("UPDATE feedback SET comment = ? WHERE id = ?", (text.strip()[:MAX_COMMENT], row_id))
            if cur.rowcount != 1:
                raise KeyError(f"no feedback row with id {row_id}.")

    def rows(self) -> list[FeedbackRow]:
        """Every row, oldest first."""
        with self._connect() as db:
            found = db.execute(
                "SELECT id, time, question, answer, language, chunk_ids, rating, comment FROM feedback ORDER BY id"
            ).fetchall()
        return [FeedbackRow(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5])), r[6], r[7]) for r in found]

    def export(self, fmt: str, out: TextIO) -> int:
        """Write every row as CSV (chunk ids joined by spaces) or JSON lines; returns the row count."""
        if fmt not in FORMATS:
            raise ValueError(f"export format {fmt!r} is not supported. Use one of {', '.join(FORMATS)}.")
        rows = self.rows()
        if fmt == "jsonl":
            for row in rows:
                out.write(json.dumps(asdict(row) | {"chunk_ids": list(row.chunk_ids)}, ensure_ascii=False) + "\n")
            return len(rows)
        writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: a field holding \r is quoted too
        writer.writerow(["id", "time", "question", "answer", "language", "chunk_ids", "rating", "comment"])
        for row in rows:
            cells = [row.time, row.question, row.answer, row.language, " ".join(row.chunk_ids), row.rating, row.comment]
            writer.writerow([row.id, *map(spreadsheet_safe, cells)])
        return len(rows)
