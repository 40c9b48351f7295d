"""The evaluation instrument: metrics on planted data, and a gate that fails broken retrieval."""

from __future__ import annotations

import random
import tomllib

import pytest

from eval.gold import DEFAULT_DEV, GoldQuestion, load_gold
from eval.metrics import answer_checks, retrieval_scores, wilson
from eval.run import THRESHOLDS, _misses, evaluate, gate


def _q(qid: str, evidence: str) -> GoldQuestion:
    return GoldQuestion(qid, "nl", "?", True, (evidence,), "2.1", "")


@pytest.mark.unit
def test_misses_name_what_went_wrong() -> None:
    found, deep, lost = _q("a", "grensarbeiders"), _q("b", "telewerk"), _q("c", "vrachtwagens")
    unanswerable = GoldQuestion("d", "fr", "Quel temps fera-t-il ?", False, (), None, "")
    texts = [
        ["over grensarbeiders"],
        ["x", "x", "x", "x", "x", "over telewerk"],
        ["niets"],
        ["niets"],
    ]
    misses = _misses([found, deep, lost, unanswerable], texts, [False, False, True, False])
    assert [(m["id"], m["rank"], m["wrong"]) for m in misses] == [
        ("b", 6, "not in top 5"),
        ("c", None, "not in top 5, abstained"),
        ("d", None, "answered"),
    ]


@pytest.mark.unit
def test_retrieval_scores_on_planted_rankings() -> None:
    questions = [_q("a", "needle one"), _q("b", "needle two")]
    rankings = [["x", "y"], ["p", "q", "r"]]
    texts = [["a needle one here", "nothing"], ["no", "nope", "needle two"]]
    got = retrieval_scores(questions, rankings, texts)
    assert got["hit@1"] == 0.5 and got["hit@3"] == 1.0
    assert got["mrr@10"] == pytest.approx((1 + 1 / 3) / 2)


@pytest.mark.unit
def test_answer_checks() -> None:
    cited = {1: "De eerste zin. De tweede zin."}
    assert answer_checks('Volgens het jaarplan: "De eerste zin." [1]', cited) == (True, True)
    assert answer_checks('Volgens het jaarplan: "Verzonnen zin." [1]', cited) == (True, False)
    assert answer_checks('Volgens het jaarplan: "De eerste zin." [2]', cited) == (False, False)
    listed = {1: "Drie terreinen:\n1. Economie\n2. Veiligheid"}  # a list quoted with its lead-in
    assert answer_checks('Volgens het jaarplan: "Drie terreinen:\n1. Economie\n2. Veiligheid" [1]', listed) == (
        True,
        True,
    )
    assert answer_checks('Volgens het jaarplan: "Drie terreinen:\n1. Economie\n2. Cultuur" [1]', listed) == (
        True,
        False,
    )


@pytest.mark.unit
def test_wilson_interval() -> None:
    low, high = wilson(0.5, 100)
    assert (round(low, 3), round(high, 3)) == (0.404, 0.596)  # the textbook value
    low, high = wilson(16 / 18, 18)
    assert low < 0.7 and 0.96 < high < 1.0  # 18 questions tell little
    assert wilson(1.0, 5)[1] == 1.0 and wilson(0.0, 0) == (0.0, 1.0)


@pytest.mark.integration
def test_random_retrieval_fails_the_gate(assistant, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from assistant.retrieve import Hit, Retrieval

    questions = load_gold(DEFAULT_DEV)
    chunks = assistant.retriever.chunks
    rng = random.Random(7)

    def random_search(question, language, filters=None, k=10):  # type: ignore[no-untyped-def]
        picks = rng.sample(range(len(chunks)), k)
        hits = [Hit(i, chunks[i], 1.0 - n / 100, 0.9, 0.0) for n, i in enumerate(picks)]
        query = assistant.retriever.stored.vectors[0]
        scores = assistant.retriever.stored.sentence_vectors[:, 0] * 0 + 0.9
        return Retrieval(hits, language or "nl", query, scores, {})

    monkeypatch.setattr(assistant.retriever, "search", random_search)
    results = evaluate(assistant, questions, baselines=False)
    failures = gate(results, tomllib.loads(THRESHOLDS.read_text()))
    assert any(f.startswith("hit@5 =") and "questions; 95% interval" in f for f in failures)
    assert any(f.startswith("mrr@10 =") for f in failures)
    assert results["retrieval"]["assistant"]["all"]["hit@5"] < 0.3


@pytest.mark.integration
def test_a_gold_set_in_fewer_languages_is_gated_on_the_languages_it_has(assistant) -> None:  # type: ignore[no-untyped-def]
    questions = [q for q in load_gold(DEFAULT_DEV) if q.lang == "de"][:6]
    results = evaluate(assistant, questions, baselines=False)
    assert set(results["retrieval"]["assistant"]) == {"all", "de"}
    failures = gate(results, tomllib.loads(THRESHOLDS.read_text()))
    assert not [f for f in failures if f.startswith(("hit@5_nl", "hit@5_fr", "hit@5_en"))]
