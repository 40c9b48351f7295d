"""Gold questions; split: per (lang, answerable) stratum, sorted by sha1(id), first round(0.4n) -> dev."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.languages import CODES

DEFAULT_DEV = Path(__file__).with_name("gold-dev.jsonl")
DEFAULT_TEST = Path(__file__).with_name("gold-test.jsonl")

LANGS = frozenset(CODES)
SECTIONS = frozenset(
    {
        "voorwoord",
        "voorzitterschap",
        "1",
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "1.6",
        "2",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "3",
        "3.1",
        "3.2",
        "3.3",
        "3.4",
        "3.5",
        "4",
        "missie",
    }
)
EVIDENCE_MIN_CHARS = 30
EVIDENCE_MAX_CHARS = 200
_FIELDS = ("id", "lang", "question", "answerable", "evidence", "section", "answer")
_OPTIONAL = ("kind",)  # what kind of unanswerable question (missing_fact, neighbour_topic, ...)


@dataclass(frozen=True)
class GoldQuestion:
    """One evaluation question with its verbatim evidence from the plan."""

    id: str
    lang: str
    question: str
    answerable: bool
    evidence: tuple[str, ...]
    section: str | None
    answer: str
    kind: str = ""


def _parse_line(raw: str, where: str) -> GoldQuestion:
    """Turn one JSON line into a GoldQuestion or raise ValueError naming where."""
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: invalid JSON ({exc.msg})") from None
    if not isinstance(obj, dict):
        raise ValueError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    missing = [f for f in _FIELDS if f not in obj]
    if missing:
        raise ValueError(f"{where}: missing field(s) {', '.join(missing)}")
    extra = sorted(set(obj) - set(_FIELDS) - set(_OPTIONAL))
    if extra:
        raise ValueError(f"{where}: unknown field(s) {', '.join(extra)}")
    for name in ("id", "lang", "question", "answer", *(f for f in _OPTIONAL if f in obj)):
        if not isinstance(obj[name], str):
            raise ValueError(f"{where}: field {name!r} must be a string")
    if not isinstance(obj["answerable"], bool):
        raise ValueError(f"{where}: field 'answerable' must be a boolean")
    evidence = obj["evidence"]
    if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
        raise ValueError(f"{where}: field 'evidence' must be a list of strings")
    section = obj["section"]
    if section is not None and not isinstance(section, str):
        raise ValueError(f"{where}: field 'section' must be a string or null")
    return GoldQuestion(
        id=obj["id"],
        lang=obj["lang"],
        question=obj["question"],
        answerable=obj["answerable"],
        evidence=tuple(evidence),
        section=section,
        answer=obj["answer"],
        kind=obj.get("kind", ""),
    )


def load_gold(path: str | Path) -> list[GoldQuestion]:
    """Read a gold JSONL file; blank lines are skipped, malformed lines raise ValueError."""
    path = Path(path)
    questions: list[GoldQuestion] = []
    with path.open(encoding="utf-8") as handle:
        for lineno, raw in enumerate(handle, start=1):
            if raw.strip():
                questions.append(_parse_line(raw, f"{path}:{lineno}"))
    return questions


def load_sets(paths: Iterable[Path]) -> list[GoldQuestion]:
    """The questions of every gold set in ``paths``, in order; one that cannot be read raises ``UsageError``."""
    from ingest.errors import UsageError

    questions: list[GoldQuestion] = []
    for path in paths:
        try:
            questions += load_gold(path)
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot read gold set {path}: {exc}") from None
    return questions


def validate_gold(questions: Iterable[GoldQuestion], plan_text: str) -> list[str]:
    """Return human-readable problems with the questions against the plan text (empty means valid)."""
    problems: list[str] = []
    seen: set[str] = set()
    for q in questions:
        tag = q.id or "<no id>"
        if not q.id:
            problems.append("question with empty id")
        elif q.id in seen:
            problems.append(f"{tag}: duplicate id")
        seen.add(q.id)
        if q.lang not in LANGS:
            problems.append(f"{tag}: lang {q.lang!r} not in {sorted(LANGS)}")
        if not q.question.strip():
            problems.append(f"{tag}: empty question")
        if not q.answer.strip():
            problems.append(f"{tag}: empty answer")
        if q.answerable:
            if not 1 <= len(q.evidence) <= 3:
                problems.append(f"{tag}: answerable question needs 1-3 evidence strings, has {len(q.evidence)}")
            if q.section not in SECTIONS:
                problems.append(f"{tag}: section {q.section!r} is not a valid section label")
            for ev in q.evidence:
                count = plan_text.count(ev)
                if count != 1:
                    problems.append(f"{tag}: evidence occurs {count} times in plan (must be exactly once): {ev[:60]!r}")
                if not EVIDENCE_MIN_CHARS <= len(ev) <= EVIDENCE_MAX_CHARS:
                    bounds = f"{EVIDENCE_MIN_CHARS}-{EVIDENCE_MAX_CHARS}"
                    problems.append(f"{tag}: evidence length {len(ev)} outside {bounds}: {ev[:60]!r}")
        else:
            if q.evidence:
                problems.append(f"{tag}: unanswerable question must have empty evidence")
            if q.section is not None:
                problems.append(f"{tag}: unanswerable question must have section null")
    return problems
