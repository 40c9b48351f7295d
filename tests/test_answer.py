"""Which sentences an extractive answer quotes, and in what order (synthetic scores, no model)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answer import pick_sentences
from assistant.retrieve import Hit, Retrieval
from index.store import Sentence

pytestmark = pytest.mark.unit


def test_the_paragraph_of_the_best_sentence_leads_the_answer_in_reading_order_within_each() -> None:
    # two paragraphs: the first ranked (dense 0.85) has two close sentences, the second (0.84) the best one
    sentences = [Sentence(f"p{p}#{k}", f"p{p}", k, f"P{p} sentence {k}.") for p in (0, 1) for k in (1, 2, 3)]
    scores = np.array([0.83, 0.70, 0.835, 0.70, 0.87, 0.70], dtype=np.float32)
    hits = [Hit(0, None, 0.86, 0.85, 0.0), Hit(1, None, 0.85, 0.84, 0.0)]  # type: ignore[arg-type]
    retrieval = Retrieval(hits, "nl", np.zeros(3, dtype=np.float32), scores)
    picked = pick_sentences(hits, retrieval, [[0, 1, 2], [3, 4, 5]], sentences)
    assert [sentences[s].text for _, s in picked] == ["P1 sentence 2.", "P0 sentence 1.", "P0 sentence 3."]
    assert [n for n, _ in picked] == [2, 1, 1]


def test_the_paragraph_ranked_first_leads_a_near_tie() -> None:
    # the second paragraph's best sentence is closer by 0.005 (0.85 + 0.84 against 0.835 + 0.85), less than
    # the head start of the paragraph the ranking put first
    sentences = [Sentence(f"p{p}#{k}", f"p{p}", k, f"P{p} sentence {k}.") for p in (0, 1) for k in (1, 2)]
    scores = np.array([0.70, 0.835, 0.85, 0.70], dtype=np.float32)
    hits = [Hit(0, None, 0.86, 0.85, 0.0), Hit(1, None, 0.85, 0.84, 0.0)]  # type: ignore[arg-type]
    retrieval = Retrieval(hits, "nl", np.zeros(3, dtype=np.float32), scores)
    picked = pick_sentences(hits, retrieval, [[0, 1], [2, 3]], sentences)
    assert [sentences[s].text for _, s in picked] == ["P0 sentence 2.", "P1 sentence 1."]
