"""The learned answerability judge: its shipped model reads every signal the assistant computes, its
arithmetic is a logistic regression, and training picks the operating point on held-out predictions."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.judge import MODEL, Judge, load_judge
from eval.judge import figures, held_out, operating_point


@pytest.mark.unit
def test_the_shipped_model_is_a_probability_with_a_threshold_inside_it() -> None:
    judge = load_judge(MODEL)
    assert len(judge.names) == len(judge.mean) == len(judge.scale) == len(judge.coef)
    assert 0.0 < judge.threshold < 1.0
    assert (judge.scale > 0).all()


@pytest.mark.unit
def test_the_judge_is_a_logistic_regression_over_standardised_signals() -> None:
    judge = Judge(("a", "b"), np.array([1.0, 0.0]), np.array([2.0, 1.0]), np.array([1.0, -1.0]), 0.5, 0.6)
    z = (3.0 - 1.0) / 2.0 * 1.0 + (2.0 - 0.0) * -1.0 + 0.5
    assert judge.unanswerable({"a": 3.0, "b": 2.0}) == pytest.approx(1 / (1 + np.exp(-z)))
    assert not judge.abstains({"a": 3.0, "b": 2.0})  # z = -0.5: 0.38 < 0.6
    assert judge.abstains({"a": 9.0, "b": 0.0})


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
def test_the_assistant_gives_the_judge_every_signal_it_reads(assistant) -> None:  # type: ignore[no-untyped-def]
    values = assistant.judged_signals("Wat doet de Benelux aan de visquota in de Noordzee?")
    assert values is not None and set(load_judge().names) <= set(values)
    assert all(isinstance(v, float) for v in values.values())
    assert assistant.judged_signals("Wat staat er in het eerste kwartaal op de agenda?") is None  # the agenda answers
