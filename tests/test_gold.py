"""Checks on the gold question set and its validator."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from eval.gold import DEFAULT_DEV, DEFAULT_TEST, GoldQuestion, load_gold, validate_gold

pytestmark = pytest.mark.unit

REPO_PLAN = Path(__file__).resolve().parents[1] / "data" / "jaarplan-2026.nl.txt"
LANG_TARGETS = {"nl": 0.40, "fr": 0.20, "de": 0.20, "en": 0.20}
TOLERANCE = 0.04


@pytest.fixture(scope="module")
def plan_text() -> str:
    """The project's own copy of the plan."""
    return REPO_PLAN.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def splits() -> dict[str, list[GoldQuestion]]:
    """Both gold splits, keyed by split name."""
    return {"dev": load_gold(DEFAULT_DEV), "test": load_gold(DEFAULT_TEST)}


@pytest.fixture(scope="module")
def all_questions(splits: dict[str, list[GoldQuestion]]) -> list[GoldQuestion]:
    """Dev and test questions together."""
    return splits["dev"] + splits["test"]


@pytest.mark.parametrize("split", ["dev", "test"])
def test_split_is_valid(splits: dict[str, list[GoldQuestion]], plan_text: str, split: str) -> None:
    assert validate_gold(splits[split], plan_text) == []


def test_ids_unique_across_splits(all_questions: list[GoldQuestion]) -> None:
    dupes = [qid for qid, n in Counter(q.id for q in all_questions).items() if n > 1]
    assert dupes == []


def test_totals(all_questions: list[GoldQuestion]) -> None:
    assert len(all_questions) >= 160
    assert sum(not q.answerable for q in all_questions) >= 30


def test_language_shares(all_questions: list[GoldQuestion]) -> None:
    counts = Counter(q.lang for q in all_questions)
    total = len(all_questions)
    for lang, target in LANG_TARGETS.items():
        share = counts[lang] / total
        assert abs(share - target) <= TOLERANCE, f"{lang}: {share:.1%} vs target {target:.0%}"


@pytest.mark.parametrize("split", ["dev", "test"])
def test_split_covers_languages_and_answerability(splits: dict[str, list[GoldQuestion]], split: str) -> None:
    questions = splits[split]
    assert {q.lang for q in questions} == set(LANG_TARGETS)
    assert {q.answerable for q in questions} == {True, False}


def _question(qid: str, evidence: tuple[str, ...]) -> GoldQuestion:
    return GoldQuestion(
        id=qid,
        lang="nl",
        question="Wat staat er in het plan?",
        answerable=True,
        evidence=evidence,
        section="1.1",
        answer="Iets.",
    )


def test_validator_reports_bad_evidence_and_duplicate_id() -> None:
    plan = "Eerste zin van het plan staat hier precies een keer. Tweede zin volgt."
    good = "Eerste zin van het plan staat hier precies een keer."
    questions = [
        _question("nl-900", (good,)),
        _question("nl-900", (good,)),
        _question("nl-901", ("Deze zin komt nergens in het plan voor, echt niet.",)),
    ]
    problems = validate_gold(questions, plan)
    assert any("nl-900" in p and "duplicate" in p for p in problems)
    assert any("nl-901" in p and "0 times" in p for p in problems)
    assert len(problems) == 2


def test_validator_accepts_clean_planted_data() -> None:
    plan = "Eerste zin van het plan staat hier precies een keer. Tweede zin volgt."
    assert validate_gold([_question("nl-902", ("Eerste zin van het plan staat hier precies een keer.",))], plan) == []


def test_validator_rejects_unanswerable_with_evidence() -> None:
    q = GoldQuestion(
        id="en-900",
        lang="en",
        question="Weather?",
        answerable=False,
        evidence=("something",),
        section="1.1",
        answer="Not in the plan.",
    )
    problems = validate_gold([q], "plan")
    assert any("empty evidence" in p for p in problems)
    assert any("section null" in p for p in problems)


def test_load_gold_names_file_and_line(tmp_path: Path) -> None:
    good = {
        "id": "nl-900",
        "lang": "nl",
        "question": "Vraag?",
        "answerable": False,
        "evidence": [],
        "section": None,
        "answer": "Niet in het plan.",
    }
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2: invalid JSON"):
        load_gold(path)


FURTHER_DEV = (
    "gold-dev-extra.jsonl",
    "gold-dev-hard.jsonl",
    "gold-dev-blind.jsonl",
    "gold-dev-blind2.jsonl",
    *sorted(p.name for p in DEFAULT_DEV.parent.glob("gold-train-*.jsonl")),  # blind-written training sets
)
FROZEN_BLIND = (
    "gold-blind-2026-12.jsonl",
    "gold-blind-2026-12c.jsonl",
    "gold-blind-2026-12d.jsonl",
    "gold-blind-2026-12e.jsonl",
    "gold-blind-2026-12f.jsonl",
    "gold-blind-2026-12g.jsonl",
    "gold-blind-2026-12h.jsonl",
    "gold-blind-2026-12i.jsonl",
    "gold-blind-2026-12j.jsonl",
    "gold-blind-2026-12k.jsonl",
    "gold-blind-2026-12l.jsonl",
    "gold-blind-2026-12m.jsonl",
    "gold-blind-2026-12n.jsonl",
    "gold-blind-2026-12o.jsonl",
    "gold-blind-2026-12p.jsonl",
    "gold-blind-2026-12q.jsonl",
    "gold-blind-2026-12r.jsonl",
    "gold-blind-2026-12s.jsonl",
    "gold-blind-2026-12t.jsonl",
    "gold-blind-2026-12u.jsonl",
    "gold-blind-2026-12v.jsonl",
    "gold-blind-2026-12w.jsonl",
)


@cache
def _ids(name: str) -> frozenset[str]:
    """A set's question ids, read once for all the sets that are checked against it."""
    return frozenset(q.id for q in load_gold(DEFAULT_DEV.with_name(name)))


@pytest.mark.parametrize("name", FURTHER_DEV + FROZEN_BLIND)
def test_extra_dev_questions_are_valid(name: str, plan_text: str, splits: dict[str, list[GoldQuestion]]) -> None:
    """The further tuning sets and the frozen blind sets (never the gate) obey the same rules, share no ids
    with any other set and ask no gate question."""
    extra = load_gold(DEFAULT_DEV.with_name(name))
    assert validate_gold(extra, plan_text) == []
    assert len(extra) >= 100
    others = {q.id for qs in splits.values() for q in qs}
    for other in set(FURTHER_DEV + FROZEN_BLIND) - {name}:
        others |= _ids(other)
    assert not {q.id for q in extra} & others
    asked_in_test = {q.question.casefold() for q in splits["test"]}
    assert not [q.question for q in extra if q.question.casefold() in asked_in_test]
