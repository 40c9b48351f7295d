"""Ingest progress: a bar per stage on a terminal, one line per stage otherwise."""

from __future__ import annotations

import io

import pytest

from index.progress import StageProgress

pytestmark = pytest.mark.unit


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(progress: StageProgress) -> None:
    for done in (0, 16, 32, 40):
        progress("embedding", done, 40)
    progress("storing", 40, 40)


def test_a_pipe_gets_one_line_per_stage() -> None:
    out = io.StringIO()
    _run(StageProgress(out))
    lines = out.getvalue().splitlines()
    assert [line.split(" in ")[0] for line in lines] == ["embedding: 40/40", "storing: 40/40"]
    assert "\r" not in out.getvalue()


def test_a_terminal_gets_a_bar_per_stage_with_counts() -> None:
    out = Terminal()
    _run(StageProgress(out))
    text = out.getvalue()
    assert "embedding" in text and "40/40" in text and "storing" in text
    assert "\r" in text  # redrawn in place


def test_a_stage_left_unfinished_is_closed_by_the_next() -> None:
    out = io.StringIO()
    progress = StageProgress(out)
    progress("reading", 1, 3)
    progress("embedding", 5, 5)
    assert out.getvalue().splitlines()[0].startswith("reading: 1/3 in ")
