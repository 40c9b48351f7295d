"""The agenda against a list of the plan's dated references written from the plan alone (agenda-gold.jsonl)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.metrics import normalize
from ingest.agenda import AgendaItem

AGENDA_GOLD = Path(__file__).with_name("agenda-gold.jsonl")


def _norm(text: str) -> str:
    """Text as the index holds it (``metrics.normalize``), any case."""
    return normalize(text).lower()


def score_agenda(items: Sequence[AgendaItem], gold: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Precision and recall of the items (a match: the same sentence and an overlapping time phrase, one to
    one), and of the matches, the share whose interval and past flag equal the gold's."""
    used: set[int] = set()
    pairs = []
    for item in items:
        for j, g in enumerate(gold):
            same_sentence = _norm(g["text"]) in _norm(item.text) or _norm(item.text) in _norm(g["text"])
            a, b = _norm(g["when"]), _norm(item.when)
            if j not in used and same_sentence and (a in b or b in a):
                used.add(j)
                pairs.append((item, g))
                break
    exact = sum((i.start, i.end, i.past) == (g["start"], g["end"], g["past"]) for i, g in pairs)
    return {
        "agenda_precision": len(pairs) / len(items) if items else 0.0,
        "agenda_recall": len(pairs) / len(gold) if gold else 0.0,
        "agenda_exact": exact / len(pairs) if pairs else 0.0,
        "agenda_items": len(items),
        "agenda_gold": len(gold),
    }


def load_agenda_gold(path: Path = AGENDA_GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
