"""`jaarplan eval --llm-url`: the figures of the LLM evaluation against the scripted server, where each
completion is known: a fabricated number lowers faithfulness, a wrong or missing [n] citation validity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main as cli
from assistant.generate import NOT_IN_PLAN, LLMConfig
from assistant.verify import Verifier
from eval.gold import GoldQuestion
from eval.llm import PLUMBING, QUALITY, measure, sample, summarize
from eval.llm_servers import ScriptedLLM

QUESTION = "Que prévoient les Pays-Bas pour les camions ?"
FAITHFUL = "En 2026, les Pays-Bas introduiront un péage pour le transport de marchandises par route [1]."
SECOND = "La Belgique connaît déjà une telle taxe depuis près d'une décennie [1]."
FABRICATED = "Ce péage rapportera 45 millions d'euros par an [1]."
UNCITED = "Cette mesure remplacera l'Eurovignette."
GERMAN = "Die Niederlande führen 2026 eine Maut für den Güterverkehr auf der Straße ein [1]."


def _gold(qid: str, lang: str, question: str, answerable: bool) -> GoldQuestion:
    return GoldQuestion(qid, lang, question, answerable, (), None, "")


QUESTIONS = [
    _gold("fr-1", "fr", QUESTION, True),
    _gold("fr-2", "fr", "Quelle est la recette de la tarte aux pommes ?", False),
]


@pytest.fixture(scope="module")
def verifier(assistant):  # type: ignore[no-untyped-def]
    return Verifier(assistant.retriever.embedder, assistant.retriever.second)


@pytest.fixture(scope="module")
def toll(assistant) -> int:  # type: ignore[no-untyped-def]
    return next(c.n for c in assistant.ask(QUESTION).citations if "zal Nederland een tolheffing" in c.text)


def _figures(assistant, verifier, completion: str) -> tuple[dict, int]:  # type: ignore[no-untyped-def]
    with ScriptedLLM(completion) as llm:
        rows = measure(assistant, QUESTIONS, LLMConfig(llm.url, "scripted"), verifier)
    return summarize(rows)["fr"], len(llm.requests)


@pytest.mark.unit
def test_sample_takes_each_language_with_a_quarter_unanswerable() -> None:
    questions = [
        _gold(f"{lang}-{i:02d}", lang, "q", i % 3 != 0) for lang in ("nl", "fr", "de", "en") for i in range(12)
    ]
    chosen = sample(questions, 8)
    assert len(chosen) == 32
    for lang in ("nl", "fr", "de", "en"):
        mine = [q for q in chosen if q.lang == lang]
        assert len(mine) == 8 and sum(not q.answerable for q in mine) == 2


@pytest.mark.integration
def test_a_fabricated_number_lowers_faithfulness(assistant, verifier, toll: int) -> None:  # type: ignore[no-untyped-def]
    faithful, second, fabricated = (s.replace("[1]", f"[{toll}]") for s in (FAITHFUL, SECOND, FABRICATED))
    clean, asked = _figures(assistant, verifier, f"{faithful} {second}")
    assert asked == 1, "the unanswerable question is abstained on before the model is asked"
    assert clean["questions"] == 2 and clean["asked"] == 1 and clean["sentences"] == 2
    assert (clean["faithfulness"], clean["citation_validity"], clean["answer_language"]) == (1.0, 1.0, 1.0)
    assert (clean["abstention"], clean["false_abstention"], clean["fallback"]) == (1.0, 0.0, 0.0)
    assert clean["latency_p50_ms"] > 0 and clean["latency_p95_ms"] >= clean["latency_p50_ms"]

    made_up, _ = _figures(assistant, verifier, f"{faithful} {fabricated}")
    assert made_up["faithfulness"] == 0.5 and made_up["citation_validity"] == 1.0


@pytest.mark.integration
def test_wrong_or_missing_citations_and_the_wrong_language(assistant, verifier, toll: int) -> None:  # type: ignore[no-untyped-def]
    faithful = FAITHFUL.replace("[1]", f"[{toll}]")
    cited, _ = _figures(assistant, verifier, f"{faithful} {UNCITED} {SECOND.replace('[1]', '[9]')}")
    assert cited["sentences"] == 3 and cited["citation_validity"] == pytest.approx(1 / 3)
    assert cited["faithfulness"] == pytest.approx(1 / 3)

    german, _ = _figures(assistant, verifier, GERMAN.replace("[1]", f"[{toll}]"))
    assert german["answer_language"] == 0.0 and german["faithfulness"] == 0.0 and german["fallback"] == 1.0
    assert german["fallbacks"] == {"unverified": 1}


@pytest.mark.integration
def test_the_model_abstaining_on_an_answerable_question_counts(assistant, verifier) -> None:  # type: ignore[no-untyped-def]
    refused, _ = _figures(assistant, verifier, NOT_IN_PLAN)
    assert refused["false_abstention"] == 1.0 and refused["abstention"] == 1.0 and refused["sentences"] == 0
    assert refused["faithfulness"] is None and refused["answer_language"] is None


@pytest.mark.integration
def test_jaarplan_eval_llm_url_reports_per_language(index_dir: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    with ScriptedLLM(FAITHFUL) as llm:
        code = cli(["eval", "--llm-url", llm.url, "--llm-model", "scripted", "--per-language", "2"]
                   + ["--data-dir", str(index_dir), "--report", str(tmp_path), "--json"])  # fmt: skip
    assert code == 0
    results = json.loads(capsys.readouterr().out)
    assert results["model"] == "scripted" and results["note"] == QUALITY != PLUMBING
    figures = results["languages"]
    assert list(figures) == ["all", "nl", "fr", "de", "en"] and figures["all"]["questions"] == 8
    assert figures["all"]["asked"] == len(llm.requests) >= 1
    for key in ("faithfulness", "citation_validity", "answer_language", "abstention", "latency_p95_ms"):
        assert key in figures["fr"]
    report = (tmp_path / "llm-report.md").read_text(encoding="utf-8")
    assert "faithfulness (kept / generated)" in report and "latency p50 / p95 (ms)" in report
