"""The sentence ranker's training harness (``eval/sentence_ranker.py``): a set is ranked by a model that
never saw it, the margin balances quoting the evidence against quoting elsewhere, and the rows it learns
from are the candidates ``Assistant.ask`` quotes from."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.sentence_rank import MAX_SENTENCES, quoted
from eval.sentence_ranker import chosen_margin, collect, figures, held_out


def _row(set_name: str, x: list[list[float]], y: list[bool], cites: list[bool] | None = None) -> dict:
    return {"set": set_name, "lang": "nl", "x": x, "y": y, "cites": cites or y}


@pytest.mark.unit
def test_a_set_is_ranked_by_a_model_that_never_saw_it() -> None:
    """In set a the evidence is the candidate with the higher signal, in set b the lower: trained on the
    other set, each puts the wrong candidate first."""
    rows = [_row(s, [[v], [v + 1.0]], [s == "b", s == "a"]) for s in ("a", "b") for v in np.linspace(0, 1, 20)]
    scores = held_out(rows)
    assert figures(rows, scores, 0.0)["all"][0] == 0.0


@pytest.mark.unit
def test_by_paragraph_a_fold_of_paragraphs_is_ranked_by_a_model_that_never_saw_them() -> None:
    """Dealt round into two folds, paragraphs p1 and p3 put the evidence on the higher signal, p2 and p4 on
    the lower; every question is in one set, so only the grouping by paragraph holds anything out."""
    rows = [
        _row("a", [[v], [v + 1.0]], [p in "p2p4", p in "p1p3"]) | {"paragraph": p}
        for p in ("p1", "p2", "p3", "p4")
        for v in np.linspace(0, 1, 10)
    ]
    scores = held_out(rows, by="paragraph", folds=2)
    assert figures(rows, scores, 0.0)["all"][0] == 0.0


@pytest.mark.unit
def test_quoted_keeps_at_most_four_within_the_margin_best_first() -> None:
    scores = np.array([0.0, 3.0, 2.5, -4.0, 1.0, 2.9])
    assert quoted(scores, 1.0) == [1, 5, 2]
    assert len(quoted(scores, np.inf)) == MAX_SENTENCES


@pytest.mark.unit
def test_the_margin_balances_quoting_the_evidence_and_quoting_elsewhere() -> None:
    # the evidence is the second candidate, 1.2 below the first; the third, 2.2 below, is from elsewhere
    rows = [_row("a", [[0.0]] * 3, [False, True, False], [True, True, False])] * 10
    scores = [np.array([0.0, -1.2, -2.2])] * 10
    assert chosen_margin(rows, scores) == 1.5  # wide enough for the evidence, not for the third


@pytest.mark.integration
def test_the_rows_are_the_candidates_an_answer_quotes_from(assistant, tmp_path) -> None:  # type: ignore[no-untyped-def]
    questions = [
        {
            "question": "Wann führen die Niederlande die Lkw-Maut ein?",
            "answerable": True,
            "lang": "de",
            "evidence": ["In 2026 zal Nederland een tolheffing voor het goederenvervoer over de weg invoeren"],
        },
        {
            "question": "Wat doet de Benelux aan de visquota in de Noordzee?",
            "answerable": False,
            "lang": "nl",
            "evidence": [],
        },
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(q) + "\n" for q in questions), encoding="utf-8")
    (row,) = collect(assistant, [path])  # the unanswerable question gives none
    assert any(row["y"]) and len(row["y"]) == len(row["x"]) == len(row["cites"])
    assert row["paragraph"] in {chunk.id for chunk in assistant.retriever.chunks}  # what by-paragraph folds group
