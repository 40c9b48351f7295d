"""`jaarplan eval`: the assistant and its baselines on a gold set, per language, with a CI gate."""

from __future__ import annotations

import json
import statistics
import sys
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.gold import DEFAULT_TEST, GoldQuestion, load_sets, validate_gold
from eval.metrics import (
    answer_checks,
    curves_text,
    evidence_early,
    judge_curves,
    percentile,
    quote_figures,
    relevant,
    retrieval_scores,
    wilson,
)
from ingest.languages import CODES

THRESHOLDS = Path(__file__).with_name("thresholds.toml")
LANGS = CODES
SYSTEM = "assistant"


def _by_language(
    questions: Sequence[GoldQuestion], rankings: list[tuple[list[str], list[str]]]
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for lang in ("all", *LANGS):
        keep = [i for i, q in enumerate(questions) if lang in ("all", q.lang)]
        if not any(questions[i].answerable for i in keep):
            continue  # a gold set in fewer languages (a probe) has nothing to rank in the others
        qs = [questions[i] for i in keep]
        scores = retrieval_scores(qs, [rankings[i][0] for i in keep], [rankings[i][1] for i in keep])
        early = [_early(questions[i], rankings[i][1]) for i in keep if questions[i].answerable]
        scores["evidence_early"] = sum(early) / len(early) if early else 0.0
        scores["answerable"] = len(early)
        out[lang] = scores
    return out


def _early(q: GoldQuestion, texts: list[str]) -> bool:
    """The first relevant text in the top 5 shows its evidence within the first 1,500 characters."""
    first = next((t for t, ok in zip(texts[:5], relevant(q, texts[:5]), strict=False) if ok), None)
    return first is not None and evidence_early(q, first)


def _misses(questions: Sequence[GoldQuestion], texts: list[list[str]], abstained: list[bool]) -> list[dict[str, Any]]:
    """What the assistant got wrong, question by question: an answerable question whose evidence is not
    in the top 5 (its rank in the top 10, or none) or that it abstained on; an unanswerable one it answered."""
    out = []
    for q, ranked, abstain in zip(questions, texts, abstained, strict=True):
        rank = next((i + 1 for i, ok in enumerate(relevant(q, ranked)) if ok), None) if q.answerable else None
        wrong = []
        if q.answerable and (rank is None or rank > 5):
            wrong.append("not in top 5")
        if q.answerable == abstain:
            wrong.append("abstained" if abstain else "answered")
        if wrong:
            out.append({"id": q.id, "lang": q.lang, "rank": rank, "wrong": ", ".join(wrong), "question": q.question})
    return out


def _answers(
    assistant, questions: Sequence[GoldQuestion]
) -> tuple[dict[str, dict[str, float]], list[float], list[bool]]:  # type: ignore[no-untyped-def]
    rows, latency = [], []
    for q in questions:
        start = time.perf_counter()
        answer = assistant.ask(q.question)
        latency.append((time.perf_counter() - start) * 1000.0)
        markers, quotes = answer_checks(answer.answer, {c.n: c.text for c in answer.citations})
        quoted = " ".join(s for c in answer.citations for s in c.used_sentences)
        first, precise, count = quote_figures(q, answer.answer, {c.n: c.text for c in answer.citations})
        rows.append(
            (q, answer.abstained, markers, quotes, q.answerable and any(relevant(q, [quoted])), first, precise, count)
        )
    out: dict[str, dict[str, float]] = {}
    for lang in ("all", *LANGS):
        sel = [r for r in rows if lang in ("all", r[0].lang)]
        unans = [r for r in sel if not r[0].answerable]
        ans = [r for r in sel if r[0].answerable]
        answered = [r for r in ans if not r[1]]
        abstained = [r for r in sel if r[1]]
        out[lang] = {
            "abstention_recall": _ratio(sum(r[1] for r in unans), len(unans)),
            "abstention_precision": _ratio(sum(not r[0].answerable for r in abstained), len(abstained)),
            "false_abstention": _ratio(sum(r[1] for r in ans), len(ans)),
            "markers_ok": _ratio(sum(r[2] for r in sel), len(sel)),
            "quotes_ok": _ratio(sum(r[3] for r in sel), len(sel)),
            "evidence_in_answer": _ratio(sum(r[4] for r in ans), len(ans)),
            "evidence_first": _ratio(sum(r[5] for r in answered), len(answered)),
            "quote_precision": _ratio(sum(r[6] for r in answered), sum(r[7] for r in answered)),
            "quotes_per_answer": _ratio(sum(r[7] for r in answered), len(answered)),
            "unanswerable": len(unans),
        }
    return out, latency, [r[1] for r in rows]


def _ratio(a: float, b: int) -> float:
    return a / b if b else 1.0


def evaluate(
    assistant, questions: Sequence[GoldQuestion], baselines: bool = True, misses: bool = False
) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """All metrics: retrieval per system and language, answers, latency."""
    from assistant.settings import BUNDLED_PLAN
    from eval import baselines as base
    from eval.judge import probability_of

    judged: list[float | None] = []  # the judge's probability per question, as ``ours`` retrieves

    def ours(question: str, language: str) -> tuple[list[str], list[str]]:
        retrieval = assistant.retriever.search(question, language, k=10)
        judged.append(probability_of(assistant, question, retrieval))
        return [h.chunk.id for h in retrieval.hits], [h.chunk.text for h in retrieval.hits]

    systems: dict[str, base.Ranker] = {SYSTEM: ours}
    if baselines:
        systems |= {
            "bm25": base.bm25_only(assistant),
            "dense": base.dense_only(assistant),
            "llama-index defaults": base.llama_defaults(assistant, BUNDLED_PLAN),
        }
    languages = [assistant.retriever.language_of(q.question) for q in questions]
    rankings = {
        name: [rank(q.question, lang) for q, lang in zip(questions, languages, strict=False)]
        for name, rank in systems.items()
    }
    retrieval = {name: _by_language(questions, ranked) for name, ranked in rankings.items()}
    answers, latency, abstained = _answers(assistant, questions)
    qs = sorted(latency)
    results = {
        "questions": len(questions),
        "answerable": sum(q.answerable for q in questions),
        "language_detection": sum(q.lang == lang for q, lang in zip(questions, languages, strict=False))
        / len(questions),
        "retrieval": retrieval,
        "answers": answers,
        "latency_ms": {"p50": statistics.median(qs), "p95": percentile(qs, 0.95)},
    }
    results["unanswerable_by_kind"] = _by_kind(questions, abstained)
    decided = [(p, not q.answerable) for p, q in zip(judged, questions, strict=True) if p is not None]
    results["judge"] = judge_curves([p for p, _ in decided], [y for _, y in decided])
    results["agenda"] = _agenda(assistant)
    if misses:
        results["misses"] = _misses(questions, [texts for _, texts in rankings[SYSTEM]], abstained)
    return results


def _by_kind(questions: Sequence[GoldQuestion], abstained: list[bool]) -> dict[str, dict[str, float]]:
    """Abstention per kind of unanswerable question (missing fact, neighbouring topic, ...), where a set says."""
    kinds: dict[str, list[bool]] = {}
    for q, abstain in zip(questions, abstained, strict=True):
        if not q.answerable and q.kind:
            kinds.setdefault(q.kind, []).append(abstain)
    return {k: {"abstained": sum(v), "questions": len(v), "recall": sum(v) / len(v)} for k, v in sorted(kinds.items())}


def _agenda(assistant) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The bundled plan's agenda against the dated references a helper listed from the plan alone."""
    from assistant.settings import BUNDLED_PLAN
    from eval.agenda import load_agenda_gold, score_agenda
    from index.lifecycle import load_plan

    key = load_plan(BUNDLED_PLAN).document.key
    return score_agenda([i for i in assistant.agenda if i.chunk_id.startswith(f"{key}:")], load_agenda_gold())


def gate(results: dict[str, Any], thresholds: dict[str, Any]) -> list[str]:
    """Failures against ``thresholds.toml``: one readable line each."""
    ours, ans = results["retrieval"][SYSTEM], results["answers"]["all"]
    got = {
        "hit@5": ours["all"]["hit@5"],
        "mrr@10": ours["all"]["mrr@10"],
        "abstention_recall": ans["abstention_recall"],
        "markers_ok": ans["markers_ok"],
        "quotes_ok": ans["quotes_ok"],
        "evidence_first": ans["evidence_first"],
        "agenda_precision": results["agenda"]["agenda_precision"],
        "agenda_recall": results["agenda"]["agenda_recall"],
    }
    asked = [lang for lang in LANGS if lang in ours]
    got |= {f"hit@5_{lang}": ours[lang]["hit@5"] for lang in asked}
    sizes = {"hit@5": ours["all"]["answerable"], "abstention_recall": ans["unanswerable"]}
    sizes |= {f"hit@5_{lang}": ours[lang]["answerable"] for lang in asked}
    fails = [
        f"{name} = {got[name]:.3f} < {floor}" + (_sample(got[name], sizes[name]) if name in sizes else "")
        for name, floor in thresholds.get("min", {}).items()
        if name in got and got[name] < floor
    ]
    fails += [
        f"false_abstention = {ans['false_abstention']:.3f} > {ceiling}"
        for name, ceiling in thresholds.get("max", {}).items()
        if name == "false_abstention" and ans["false_abstention"] > ceiling
    ]
    return fails


def _sample(share: float, n: int) -> str:
    """ " (16 of 18 questions; 95% interval 0.67-0.97)": how much a share measured on ``n`` questions
    can move by chance."""
    low, high = wilson(share, n)
    return f" ({round(share * n)} of {n} questions; 95% interval {low:.2f}-{high:.2f})"


def table(results: dict[str, Any]) -> str:
    """The summary as a Markdown table: system x language, hit@1/hit@5/MRR@10."""
    lines = [
        "| system | lang | hit@1 | hit@3 | hit@5 | MRR@10 | nDCG@10 | evidence ≤1500 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, per_lang in results["retrieval"].items():
        for lang, m in per_lang.items():
            lines.append(
                f"| {name} | {lang} | {m['hit@1']:.3f} | {m['hit@3']:.3f} | {m['hit@5']:.3f} | "
                f"{m['mrr@10']:.3f} | {m['ndcg@10']:.3f} | {m['evidence_early']:.3f} |"
            )
    lines += [
        "",
        "| lang | abstention recall | abstention precision | false abstention | [n] ok | quotes ok | evidence quoted "
        "| evidence first | quotes from evidence | quotes per answer |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for lang, m in results["answers"].items():
        lines.append(
            f"| {lang} | {m['abstention_recall']:.3f} | {m['abstention_precision']:.3f} | "
            f"{m['false_abstention']:.3f} | {m['markers_ok']:.3f} | {m['quotes_ok']:.3f} | "
            f"{m['evidence_in_answer']:.3f} | {m['evidence_first']:.3f} | {m['quote_precision']:.3f} | "
            f"{m['quotes_per_answer']:.2f} |"
        )
    for kind, m in results.get("unanswerable_by_kind", {}).items():
        lines.append(f"\nUnanswerable, {kind}: {m['abstained']} of {m['questions']} abstained ({m['recall']:.3f}).")
    if results.get("judge", {}).get("reliability"):
        lines += ["", curves_text(results["judge"])]
    ag = results["agenda"]
    lines.append(
        f"\nAgenda ({ag['agenda_items']} items, {ag['agenda_gold']} in agenda-gold.jsonl): precision "
        f"{ag['agenda_precision']:.3f}, recall {ag['agenda_recall']:.3f}, intervals exact {ag['agenda_exact']:.3f}."
    )
    lat = results["latency_ms"]
    lines += [
        "",
        f"Warm `ask` latency: p50 {lat['p50']:.1f} ms, p95 {lat['p95']:.1f} ms; "
        f"language detection accuracy {results['language_detection']:.3f}.",
    ]
    return "\n".join(lines)


def main(
    settings,
    gold: Sequence[Path] | None = None,
    as_json: bool = False,
    report: Path | None = None,  # type: ignore[no-untyped-def]
    baselines: bool = True,
    misses: bool = False,
) -> int:
    """Run, print, optionally write the report; exit 1 when the gate fails. ``gold``: one or more sets
    (default: the gate set); ``misses``: also list what the assistant got wrong, question by question
    (refused for the gate set, which is only ever looked at in aggregate)."""
    from assistant.api import Assistant
    from assistant.settings import BUNDLED_PLAN
    from ingest.errors import UsageError

    paths = list(gold or [DEFAULT_TEST])
    if misses and any(p.resolve() == DEFAULT_TEST.resolve() for p in paths):
        raise UsageError(
            f"--misses is not shown for the gate set {DEFAULT_TEST.name}: it is looked at in aggregate only. "
            "List the misses of a tuning set instead, e.g. --gold eval/gold-dev-blind2.jsonl --misses."
        )
    questions = load_sets(paths)
    name = " + ".join(p.name for p in paths)
    problems = validate_gold(questions, BUNDLED_PLAN.read_text(encoding="utf-8"))
    if problems:
        raise UsageError(f"gold set {name} is invalid: {problems[0]} (+{len(problems) - 1} more)")
    results = evaluate(Assistant.open(settings), questions, baselines, misses)
    failures = gate(results, tomllib.loads(THRESHOLDS.read_text()))
    results["gate"] = {"passed": not failures, "failures": failures}
    if report:
        from eval.report import write_report

        write_report(report, results, name)
    if as_json:
        print(json.dumps(results, indent=2))
    else:
        print(f"Gold set: {name}, {results['questions']} questions ({results['answerable']} answerable)\n")
        print(table(results))
        if misses:
            print(f"\nMisses ({len(results['misses'])}):")
            for m in results["misses"]:
                rank = f"rank {m['rank']}" if m["rank"] else "not in top 10" if m["wrong"].startswith("not") else ""
                print(f"  {m['id']} [{m['lang']}] {m['wrong']}{f' ({rank})' if rank else ''}: {m['question']}")
        print("\nGate: " + ("PASSED" if not failures else "FAILED\n  " + "\n  ".join(failures)))
    sys.stdout.flush()
    return 0 if not failures else 1
