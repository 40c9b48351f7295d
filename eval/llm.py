"""`jaarplan eval --llm-url URL`: the user's LLM writing answers from the cited paragraphs, per language,
on a sample of the gold questions (``--per-language``, answerable and unanswerable ones).

- faithfulness: generated sentences kept by cite-or-drop / generated sentences;
- citation validity: generated sentences ending with a valid ``[n]`` (a paragraph given) / generated;
- answer language: answers whose text is in the question's language (``assistant.lang.detect``) / answers
  with text;
- abstention: unanswerable questions answered by abstaining (the retrieval judge's abstention, or the
  model's ``NOT_IN_PLAN``); false abstention: answerable ones;
- fallback: questions put to the model that got the quoted answer instead (failure, timeout, garbage,
  nothing kept);
- latency: the generation step alone (the model and verification), p50 and p95 in ms.

``python -m eval.llm --tiny`` runs ``jaarplan eval --llm-url`` against llama.cpp's server with the tiny
Gemma 3 270M (CI): those figures test the plumbing, not the quality of answers (``PLUMBING``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.gold import GoldQuestion
from eval.metrics import percentile
from ingest.languages import CODES

LANGS = CODES
PER_LANGUAGE = 20
TINY_MODEL = "gemma-3-270m"
TINY_TOKENS = 32
PLUMBING = (
    f"These figures come from {TINY_MODEL}, a tiny base model that CI runs with llama.cpp: they test the "
    "plumbing (HTTP, streaming, deadlines, verification, fallback), not the quality of answers."
)
QUALITY = (
    "Faithfulness is the share of generated sentences that cite-or-drop kept; each dropped sentence would "
    "have stated something its cited paragraph does not support."
)


@dataclass(frozen=True)
class Row:
    """One question: its gold language and answerability, the final abstention, and what the model wrote."""

    lang: str
    answerable: bool
    abstained: bool
    asked: bool  # put to the model (the retrieval judge did not abstain first)
    sentences: int = 0
    kept: int = 0
    valid: int = 0
    language_ok: bool | None = None  # None: no text to judge
    fallback: str = ""  # why the quoted answer was shown ("timeout", "unverified", ...), "" when generated
    latency_ms: float = 0.0


def sample(questions: Sequence[GoldQuestion], per_language: int) -> list[GoldQuestion]:
    """``per_language`` questions of each language (by id), a quarter of them unanswerable when there are."""
    out: list[GoldQuestion] = []
    for lang in LANGS:
        ordered = sorted((q for q in questions if q.lang == lang), key=lambda q: q.id)
        unanswerable = [q for q in ordered if not q.answerable]
        k = min(len(unanswerable), max(1, round(per_language / 4))) if per_language > 1 else 0
        out += [q for q in ordered if q.answerable][: per_language - k] + unanswerable[:k]
    return out


def measure(assistant: Any, questions: Sequence[GoldQuestion], config: Any, checker: Any) -> list[Row]:
    """Ask each question (``assistant`` answers with quotes: no LLM in its settings), then the model at
    ``config`` writes the answer from its citations and ``checker`` verifies it."""
    from assistant.generate import NOTICES, generate
    from assistant.lang import detect
    from assistant.verify import markers, without_markers

    kinds = {text: kind for notices in NOTICES.values() for kind, text in notices.items()}
    rows = []
    for q in questions:
        answer = assistant.ask(q.question)
        if answer.abstained or not answer.citations:
            rows.append(Row(q.lang, q.answerable, True, False))
            continue
        start = time.perf_counter()
        made = generate(q.question, answer.language, answer.citations, config, checker)
        latency = (time.perf_counter() - start) * 1000.0
        sentences = [*made.kept, *(s for s, _ in made.dropped)]
        given = {c.n for c in answer.citations}
        valid = sum(bool(markers(s)) and set(markers(s)) <= given for s in sentences)
        text = without_markers(" ".join(sentences))
        language_ok = detect(text, default=answer.language) == q.lang if any(ch.isalpha() for ch in text) else None
        fallback = "" if made.mode == "generated" else kinds.get(made.notice, "quoted")
        rows.append(
            Row(
                q.lang,
                q.answerable,
                made.abstained,
                True,
                len(sentences),
                len(made.kept),
                valid,
                language_ok,
                fallback,
                latency,
            )  # fmt: skip
        )
    return rows


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def summarize(rows: Sequence[Row]) -> dict[str, dict[str, Any]]:
    """The figures of the module docstring for all questions and per language (``None``: nothing to count)."""
    out: dict[str, dict[str, Any]] = {}
    for lang in ("all", *LANGS):
        sel = [r for r in rows if lang in ("all", r.lang)]
        if not sel:
            continue
        asked = [r for r in sel if r.asked]
        sentences = sum(r.sentences for r in asked)
        judged = [r.language_ok for r in asked if r.language_ok is not None]
        unanswerable = [r for r in sel if not r.answerable]
        answerable = [r for r in sel if r.answerable]
        latency = [r.latency_ms for r in asked]
        out[lang] = {
            "questions": len(sel),
            "asked": len(asked),
            "sentences": sentences,
            "faithfulness": _share(sum(r.kept for r in asked), sentences),
            "citation_validity": _share(sum(r.valid for r in asked), sentences),
            "answer_language": _share(sum(judged), len(judged)),
            "abstention": _share(sum(r.abstained for r in unanswerable), len(unanswerable)),
            "unanswerable": len(unanswerable),
            "false_abstention": _share(sum(r.abstained for r in answerable), len(answerable)),
            "fallback": _share(sum(bool(r.fallback) for r in asked), len(asked)),
            "fallbacks": {k: sum(r.fallback == k for r in asked) for k in sorted({r.fallback for r in asked} - {""})},
            "latency_p50_ms": percentile(latency, 0.5),
            "latency_p95_ms": percentile(latency, 0.95),
        }
    return out


def table(figures: dict[str, dict[str, Any]]) -> str:
    """The figures as a Markdown table, one column per language."""
    langs = list(figures)

    def cells(key: str, fmt: str = "{:.3f}") -> str:
        return " | ".join("–" if figures[x][key] is None else fmt.format(figures[x][key]) for x in langs)

    asked = " | ".join(f"{figures[x]['questions']} ({figures[x]['asked']})" for x in langs)
    latency = " | ".join(f"{figures[x]['latency_p50_ms']:.0f} / {figures[x]['latency_p95_ms']:.0f}" for x in langs)
    lines = [
        "| | " + " | ".join(langs) + " |",
        "|---|" + "---|" * len(langs),
        f"| questions (put to the model) | {asked} |",
        f"| generated sentences | {cells('sentences', '{}')} |",
        f"| faithfulness (kept / generated) | {cells('faithfulness')} |",
        f"| citation validity | {cells('citation_validity')} |",
        f"| answer in the question's language | {cells('answer_language')} |",
        f"| abstention (unanswerable) | {cells('abstention')} |",
        f"| false abstention (answerable) | {cells('false_abstention')} |",
        f"| fallback to the quoted answer | {cells('fallback')} |",
        f"| latency p50 / p95 (ms) | {latency} |",
    ]
    return "\n".join(lines)


def evaluate(settings: Any, questions: Sequence[GoldQuestion], max_tokens: int = 0) -> dict[str, Any]:
    """The figures of the LLM at ``settings.llm_url`` on ``questions`` (each answer at most ``max_tokens``
    long when given), with the run's time and endpoint."""
    from assistant.api import Assistant
    from assistant.generate import config_from
    from assistant.verify import Verifier

    config = config_from(settings)
    if config is None:
        raise ValueError("the LLM evaluation needs settings.llm_url")
    config = dataclasses.replace(config, max_tokens=max_tokens or config.max_tokens)
    assistant = Assistant.open(dataclasses.replace(settings, llm_url=""))  # quoted answers; the model is asked here
    retriever = assistant.retriever
    checker = Verifier(retriever.embedder, retriever.second, source_language=retriever.language, year=assistant.year)
    start = time.perf_counter()
    rows = measure(assistant, questions, config, checker)
    return {
        "model": config.model,
        "url": config.url,
        "timeout_s": config.timeout,
        "seconds": round(time.perf_counter() - start, 1),
        "note": PLUMBING if config.model == TINY_MODEL else QUALITY,
        "languages": summarize(rows),
    }


def main(
    settings: Any,
    gold: Sequence[Path] | None = None,
    per_language: int = PER_LANGUAGE,
    as_json: bool = False,
    report: Path | None = None,
    max_tokens: int = 0,
) -> int:
    """Run the LLM evaluation and print it (``report``: also write ``llm-report.md`` there)."""
    from eval.gold import DEFAULT_TEST, load_sets
    from ingest.errors import UsageError

    if per_language < 1:
        raise UsageError(f"--per-language {per_language}: must be at least 1.")
    paths = list(gold or [DEFAULT_TEST])
    chosen = sample(load_sets(paths), per_language)
    results = evaluate(settings, chosen, max_tokens)
    results["gold"] = " + ".join(p.name for p in paths)
    text = (
        f"# LLM evaluation\n\nModel `{results['model']}` at {results['url']} (timeout {results['timeout_s']:g} s), "
        f"{len(chosen)} questions of {results['gold']} ({per_language} per language at most), "
        f"{results['seconds']:.0f} s.\n\n{results['note']}\n\n{table(results['languages'])}\n"
    )
    if report:
        report.mkdir(parents=True, exist_ok=True)
        (report / "llm-report.md").write_text(text, encoding="utf-8")
        (report / "llm-results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2) if as_json else text)
    sys.stdout.flush()
    return 0


def tiny(argv: list[str] | None = None) -> int:
    """``python -m eval.llm --tiny [--per-language N] [--report DIR] [--json]``: the evaluation of
    ``jaarplan eval --llm-url`` against llama.cpp's server with the tiny model (CI), kept within minutes on
    two cores: three citations per prompt, answers of at most ``TINY_TOKENS`` tokens."""
    from assistant.settings import Settings
    from eval.llm_servers import llama_server

    parser = argparse.ArgumentParser(prog="python -m eval.llm")
    parser.add_argument("--tiny", action="store_true", required=True, help="serve the tiny model with llama.cpp")
    parser.add_argument("--per-language", type=int, default=8, metavar="N", help="questions per language")
    parser.add_argument("--gold", type=Path, action="append", help="gold JSON lines (default: eval/gold-test.jsonl)")
    parser.add_argument("--report", type=Path, metavar="DIR", help="write llm-report.md here")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    with llama_server(n_ctx=2048) as url:
        settings = Settings.from_env(llm_url=url, llm_model=TINY_MODEL, llm_timeout=30.0, citations=3)
        return main(settings, args.gold, args.per_language, args.json, args.report, TINY_TOKENS)


if __name__ == "__main__":
    sys.exit(tiny())
