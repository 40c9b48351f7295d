"""The ``jaarplan`` command line: ingest, ask, sections, agenda, serve, eval, bench, feedback."""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

from assistant.settings import BUNDLED_PLAN, Settings, describe, parsed
from index.progress import StageProgress
from ingest.errors import JaarplanError, UsageError
from ingest.languages import CODES

EPILOG = "Every setting can also be given as an environment variable (see `jaarplan settings`)."


def _settings_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("settings")
    for flag, env, default, help_text in describe():
        group.add_argument(
            flag,
            dest=flag[2:].replace("-", "_"),
            default=None,
            metavar="VALUE",
            help=f"{help_text} [env {env}; default {default}]",
        )


def build_parser(settings_flags: bool = True) -> argparse.ArgumentParser:
    """The argument parser (also the source of the README's CLI reference, which shows the settings
    flags once, in its settings table, rather than under every command: ``settings_flags=False``)."""
    parser = argparse.ArgumentParser(
        prog="jaarplan",
        epilog=EPILOG,
        description="Ask the Benelux Jaarplan 2026 in Dutch, French, German or English; "
        "answers quote the plan's own paragraphs, cited by section.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _plan_commands(sub)
    _tool_commands(sub)
    for name, action in sub.choices.items():
        if settings_flags:
            _settings_flags(action)
        action.set_defaults(command=name)
    return parser


def _plan_commands(sub: Any) -> None:
    """The commands over the index: ingest, ask, sections, documents, remove, settings."""
    p = sub.add_parser("ingest", help="index plans (default: the bundled Jaarplan 2026)")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=".txt, .md, .pdf or .docx plans")
    p.add_argument("--dry-run", action="store_true", help="show the structure found; change nothing")
    p.add_argument("--title", help="document title (default: the file's first line)")
    p.add_argument("--year", type=int, help="document year (default: from the title)")
    p.add_argument("--language", choices=CODES, help="document language")

    p = sub.add_parser("ask", help="answer a question with cited paragraphs")
    p.add_argument("question", nargs="?", help="the question, in nl/fr/de/en")
    p.add_argument("--json", action="store_true", help="print the JSON contract")
    p.add_argument(
        "--batch",
        type=Path,
        metavar="FILE",
        help='JSON lines {"id", "question"} in ("-": standard input), one JSON result line out per question',
    )
    p.add_argument("--section", help="only this section or chapter, e.g. 2.1 or 2")
    p.add_argument("--document", help="only this document (key or title)")
    p.add_argument("--year", type=int, help="only documents of this year")
    p.add_argument("--language", choices=CODES, help="answer language (default: detected)")

    sub.add_parser("sections", help="the table of contents as indexed")
    p = sub.add_parser("agenda", help="the plans' dated commitments, as a table, JSON, CSV or an iCalendar file")
    p.add_argument("--from", dest="start", metavar="DATE", help="only from this date on (2026-04-01, 2026-04, 2026)")
    p.add_argument("--to", dest="end", metavar="DATE", help="only up to this date (2026-06-30, 2026-06, 2026)")
    p.add_argument("--section", help="only this section or chapter, e.g. 2.4 or 2")
    p.add_argument("--document", help="only this document (key or title)")
    p.add_argument("--format", choices=["table", "json", "csv", "ics"], default="table", help="output format")
    p.add_argument("--no-past", action="store_true", help="leave out references to before the plan's year")
    sub.add_parser("documents", help="the documents in the index")
    p = sub.add_parser("remove", help="remove one document from the index")
    p.add_argument("document", help="document key or title (see `jaarplan documents`)")
    sub.add_parser("settings", help="every setting with its flag, environment variable and value")


def _tool_commands(sub: Any) -> None:
    """The UI, the measuring tools and the feedback export."""
    p = sub.add_parser("serve", help="the chat UI in the browser (Gradio)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    p.add_argument("--port", type=int, default=7860, help="port (default: 7860)")
    p.add_argument("--auth", help="user:pass, or a file of user:pass lines")
    p.add_argument("--workers", type=int, default=1, help="processes answering questions (default: 1)")

    p = sub.add_parser("eval", help="evaluate on a gold question set against baselines")
    p.add_argument(
        "--gold", type=Path, action="append", help="gold JSON lines, repeatable (default: eval/gold-test.jsonl)"
    )
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.add_argument("--report", type=Path, metavar="DIR", help="write report.md and chart.png here")
    p.add_argument("--no-baselines", action="store_true", help="skip the baselines (faster)")
    p.add_argument(
        "--misses", action="store_true", help="also list each question answered wrongly (not for the gate set)"
    )
    p.add_argument("--per-language", type=int, default=20, metavar="N", help="with --llm-url: questions per language")

    p = sub.add_parser("bench", help="speed figures: ingest, query latency by stage, ratios")
    p.add_argument("--queries", type=int, default=200, help="warm queries to time (default: 200)")
    p.add_argument("--report", type=Path, metavar="DIR", help="write scaling.png here")

    p = sub.add_parser("load", help="load test: concurrent clients against a local `jaarplan serve`")
    p.add_argument("--clients", type=int, default=32, help="concurrent clients (default: 32)")
    p.add_argument("--seconds", type=float, default=60.0, help="how long to load (default: 60)")
    p.add_argument("--api", action="store_true", help="drive the JSON API (POST /api/ask) instead of the UI's queue")
    p.add_argument("--workers", type=int, default=1, help="the server's --workers (default: 1)")

    p = sub.add_parser("feedback", help="export the feedback given in the UI")
    p.add_argument("--format", choices=["csv", "jsonl"], default="csv", help="output format")


def main(argv: list[str] | None = None) -> int:
    """Run a command; errors become one clear line and an exit code (2 usage, 1 other)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    args = build_parser().parse_args(_decoded(sys.argv[1:] if argv is None else argv))
    try:
        flags = {flag[2:].replace("-", "_"): flag for flag, *_ in describe()}
        given = {name: getattr(args, name) for name in flags}
        settings = Settings.from_env(
            **{name: parsed(name, raw, f"{flags[name]} ") for name, raw in given.items() if raw is not None}
        )
        code = int(COMMANDS[args.command](args, settings) or 0)
        sys.stdout.flush()  # here, so that a reader that went away is caught below
        return code
    except BrokenPipeError:
        # The reader stopped reading (``jaarplan sections | head -3``): stop quietly, as other
        # command-line tools do. Python would otherwise complain again when it flushes at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except JaarplanError as exc:
        print(f"jaarplan: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("jaarplan: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the user gets one line, never a traceback
        if os.environ.get("JAARPLAN_DEBUG"):
            raise
        print(
            f"jaarplan: unexpected error: {type(exc).__name__}: {exc}. Re-run with JAARPLAN_DEBUG=1 "
            "for details and report it.",
            file=sys.stderr,
        )
        return 1


def _decoded(argv: list[str]) -> list[str]:
    """Arguments whose bytes were not UTF-8 (a Latin-1 terminal's "café") read as Latin-1, which every
    byte is, instead of failing later on the undecodable bytes Python kept for them."""
    out = []
    for arg in argv:
        raw = arg.encode("utf-8", "surrogateescape")
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(raw.decode("latin-1"))
            print(f"jaarplan: note: {out[-1]!r} was not UTF-8; read it as Latin-1.", file=sys.stderr)
    return out


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from index.lifecycle import ingest, load_plan

    paths = args.paths or [BUNDLED_PLAN]
    if args.dry_run:
        from ingest.report import describe_structure, format_report

        print("\n".join(format_report(describe_structure(p, args.title, args.year, args.language)) for p in paths))
        return 0
    progress = StageProgress()
    plans = []
    for k, path in enumerate(paths, 1):
        plans.append(load_plan(path, args.title, args.year, args.language))
        progress("reading", k, len(paths))
    for plan in plans:
        for warning in plan.warnings:
            print(f"jaarplan: warning: {plan.document.source}: {warning}", file=sys.stderr)
    report = ingest(settings, plans, progress=progress)
    if report is None:
        print(
            f"Index in {settings.data_dir} is up to date ({', '.join(p.document.title for p in plans)}); nothing to do."
        )
        return 0
    m = report.manifest
    print(
        f"Indexed {sum(d.chunks for d in m.documents)} paragraphs of {len(m.documents)} document(s) "
        f"in {settings.data_dir} (model {m.model}; {report.embedded} texts embedded, "
        f"{report.reused} reused)."
    )
    return 0


def _open(settings: Settings):  # type: ignore[no-untyped-def]
    from assistant.api import Assistant

    return Assistant.open(settings, progress=StageProgress())


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    if args.batch:
        return _batch(args, settings)
    if args.question is None:
        raise UsageError('no question given. Use `jaarplan ask "your question"` or `--batch FILE`.')
    from assistant.question import check_question

    check_question(args.question, settings.max_question_chars)  # before the models load: seconds saved
    assistant = _open(settings)
    answer = assistant.ask(
        args.question, section=args.section, document=args.document, year=args.year, language=args.language
    )
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"\n{answer.answer}\n")
    title = "Closest sections" if answer.abstained else "Sources"
    print(f"{title}:")
    for c in answer.citations:
        where = f"§{c.section} " if c.section[:1].isdigit() else ""
        print(
            f"[{c.n}] {c.document}, {where}{c.section_title}"
            + (f" — {c.heading}" if c.heading else "")
            + f"  (score {c.score:.2f})"
        )
        print(textwrap.indent(textwrap.fill(c.text, 96), "    "))
    return 0


def _batch(args: argparse.Namespace, settings: Settings) -> int:
    stdin = str(args.batch) == "-"
    if not stdin and (not args.batch.exists() or args.batch.is_dir()):
        what = "is a folder" if args.batch.is_dir() else "no such file"
        hint = 'Give a JSON lines file of {"id", "question"}, or - for standard input.'
        raise UsageError(f"{args.batch}: {what}. {hint}")
    from assistant.batch import answer_lines

    assistant = _open(settings)
    filters = {k: getattr(args, k) for k in ("section", "document", "year", "language")}
    if stdin:
        return answer_lines(assistant, filters, sys.stdin.buffer)
    with open(args.batch, "rb") as fh:
        return answer_lines(assistant, filters, fh)


def cmd_sections(args: argparse.Namespace, settings: Settings) -> int:
    for info in _open(settings).sections():
        print(f"{info.label:>16}  {info.title}  ({info.paragraphs} paragraphs; {info.document})")
    return 0


def cmd_agenda(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.agenda import parse_day, render, select
    from assistant.api import indexed_chunks
    from ingest.agenda import extract_agenda

    start, end = parse_day(args.start, "--from"), parse_day(args.end, "--to")
    items = select(extract_agenda(indexed_chunks(settings)), start, end, args.section, args.document, not args.no_past)
    sys.stdout.write(render(items, args.format))
    return 0


def cmd_documents(args: argparse.Namespace, settings: Settings) -> int:
    from index.lifecycle import documents

    docs = documents(settings)
    if not docs:
        print(f"No index in {settings.chroma_url or settings.data_dir} yet; run `jaarplan ingest`.")
    for d in docs:
        print(f"{d.key:<28} {d.title} ({d.year or 'no year'}, {d.language}, {d.chunks} paragraphs) from {d.source}")
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    from index.lifecycle import remove

    report = remove(settings, args.document)
    print(f"Removed {args.document}; the index holds {', '.join(d.title for d in report.manifest.documents)}.")
    return 0


def cmd_settings(args: argparse.Namespace, settings: Settings) -> int:
    for flag, env, _default, help_text in describe():
        value = getattr(settings, flag[2:].replace("-", "_"))
        print(f"{flag:<22} {env:<28} = {value!s}\n{'':<24}{help_text}")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from ui.serve import serve

    if args.workers < 1:
        raise UsageError(f"--workers {args.workers}: expected 1 or more.")
    serve(settings, host=args.host, port=args.port, auth=args.auth, workers=args.workers)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from eval import llm, run

    if settings.llm_url:  # the answers the user's LLM writes, not retrieval (eval/llm.py)
        return llm.main(settings, args.gold, args.per_language, args.json, args.report)
    return run.main(settings, args.gold, args.json, args.report, not args.no_baselines, args.misses)


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from eval.bench import main as run_bench

    return run_bench(settings, queries=args.queries, report=args.report)


def cmd_load(args: argparse.Namespace, settings: Settings) -> int:
    from eval.load import main as run_load

    if not 1 <= args.clients <= 256 or not 1 <= args.seconds <= 600:
        raise UsageError("--clients must be 1..256 and --seconds 1..600 (the load test is bounded).")
    return run_load(settings, clients=args.clients, seconds=args.seconds, api=args.api, workers=args.workers)


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    from ui.feedback import FeedbackStore

    FeedbackStore(settings.data_dir / "feedback.sqlite3").export(args.format, sys.stdout)
    return 0


COMMANDS = {
    "ingest": cmd_ingest,
    "ask": cmd_ask,
    "sections": cmd_sections,
    "agenda": cmd_agenda,
    "documents": cmd_documents,
    "remove": cmd_remove,
    "settings": cmd_settings,
    "serve": cmd_serve,
    "eval": cmd_eval,
    "bench": cmd_bench,
    "load": cmd_load,
    "feedback": cmd_feedback,
}

if __name__ == "__main__":
    sys.exit(main())
