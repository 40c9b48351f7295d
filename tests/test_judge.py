"""The answerability judge's harness (``eval/judge.py``): a set is judged by a model that never saw it,
the operating point keeps false abstention within its limit, and the signals carry the shipped decision."""

from __future__ import annotations

import numpy as np
import pytest

from eval.judge import figures, held_out, operating_point, signals_of


@pytest.mark.unit
def test_the_operating_point_keeps_false_abstention_within_the_limit() -> None:
    rng = np.random.default_rng(0)
    y = np.array([False] * 200 + [True] * 100)
    p = np.concatenate([rng.uniform(0, 0.7, 200), rng.uniform(0.3, 1.0, 100)])
    threshold = operating_point(p, y, 0.03)
    abstained, false = figures(p, y, threshold)
    assert false == 6 / 200  # the lowest such threshold: as many answerable abstentions as allowed
    assert 0.4 < abstained < 1.0


@pytest.mark.unit
def test_a_set_is_judged_by_a_model_that_never_saw_it() -> None:
    """Two sets whose labels follow a signal in opposite directions: trained on the other set, each is
    judged backwards, which a model that had seen it would not do."""
    rows = [
        {"set": s, "y": bool(v > 0.5) ^ (s == "b"), "x": {"v": float(v)}}
        for s in ("a", "b")
        for v in np.linspace(0, 1, 40)
    ]
    p = held_out(rows, ["v"])
    y = np.array([r["y"] for r in rows])
    assert ((p > 0.5) != y).mean() > 0.8


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "Wanneer voert Nederland de tolheffing voor vrachtwagens in?",
        "Wat doet de Benelux aan de visquota in de Noordzee?",
        "Quel est le budget du Secrétariat général ?",
    ],
)
def test_the_signals_carry_the_shipped_decision(assistant, question: str) -> None:  # type: ignore[no-untyped-def]
    values = signals_of(assistant, question)
    assert values is not None and all(isinstance(v, float) for v in values.values())
    assert values["rules"] == float(assistant.ask(question).abstained)


@pytest.mark.integration
def test_the_agenda_answers_period_questions_without_the_judge(assistant) -> None:  # type: ignore[no-untyped-def]
    assert signals_of(assistant, "Wat staat er in het eerste kwartaal op de agenda?") is None
