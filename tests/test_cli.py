"""The `jaarplan` command as a user runs it (a real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


def run(*args: str, data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"JAARPLAN_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=300,
    )


def test_ask_json_prints_the_contract(index_dir: Path) -> None:
    out = run("ask", "--json", "Quand les Pays-Bas introduisent-ils le péage pour camions ?", data_dir=index_dir)
    assert out.returncode == 0, out.stderr
    body = json.loads(out.stdout)
    assert body["language"] == "fr" and body["citations"][0]["section"] == "2.4"


def test_ask_readable_output(index_dir: Path) -> None:
    out = run("ask", "Wat doet de Benelux aan drones?", data_dir=index_dir)
    assert out.returncode == 0, out.stderr
    assert "Volgens het jaarplan" in out.stdout and "§2.4" in out.stdout


def test_batch_answers_every_line_and_reports_bad_ones(index_dir: Path, tmp_path: Path) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        '{"id": "a", "question": "tolheffing vrachtwagens"}\n'
        '{"id": "b", "question": "   "}\nnot json\n'
        '{"id": "c", "question": "Grenzgänger Telearbeit"}\n'
        '{"id": "d", "vraag": "telewerk"}\n',
        encoding="utf-8",
    )
    out = run("ask", "--batch", str(batch), data_dir=index_dir)
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [row.get("id") for row in lines] == ["a", "b", 3, "c", "d"]
    assert "error" in lines[1] and "empty" in lines[1]["error"]
    shape = 'each line is a JSON object such as {"id": 1, "question": "..."}'
    assert lines[2]["error"].startswith("line 3: not JSON (") and lines[2]["error"].endswith(shape)
    assert lines[4]["error"] == f'line 5: no "question" field; {shape}'
    assert lines[3]["citations"][0]["section"] == "2.1"
    assert out.returncode == 1


def test_batch_reads_standard_input(index_dir: Path) -> None:
    out = run("ask", "--batch", "-", data_dir=index_dir, stdin='{"id": 7, "question": "Lkw-Maut Niederlande"}\n')
    assert out.returncode == 0, out.stderr
    (row,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert row["id"] == 7 and row["language"] == "de" and row["citations"][0]["section"] == "2.4"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("ask", ""), 2, "the question is empty"),
        (("ask",), 2, "no question given"),
        (("ingest", "/nonexistent/plan.pdf"), 1, "no such file"),
        (("ask", "--batch", "/nonexistent/q.jsonl"), 2, "no such file"),
        (("ask", "--batch", "/tmp"), 2, "is a folder"),
        (("ask", "x", "--citations", "many"), 2, "--citations 'many': citations must be a whole number"),
        (("ask", "x", "--refresh-seconds", "0"), 2, "refresh_seconds=0.0: must be between 1 and 3600"),
        (("ask", "x", "--citations", "50"), 2, "between 3 and 10"),
    ],
)
def test_errors_are_one_clear_line(index_dir: Path, args: tuple[str, ...], code: int, message: str) -> None:
    out = run(*args, data_dir=index_dir)
    assert out.returncode == code
    assert message in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_sections_lists_the_indexed_contents(index_dir: Path) -> None:
    out = run("sections", data_dir=index_dir)
    assert out.returncode == 0
    assert "Arbeidsmobiliteit en erkenning van diploma's en vaardigheden" in out.stdout
    assert len(out.stdout.splitlines()) == 22


def test_eval_lists_the_misses_of_a_tuning_set_but_never_of_the_gate_set(index_dir: Path) -> None:
    refused = run("eval", "--misses", "--no-baselines", data_dir=index_dir)
    assert refused.returncode == 2 and "looked at in aggregate only" in refused.stderr
    dev = str(Path(__file__).parent.parent / "eval" / "gold-dev.jsonl")
    out = run("eval", "--gold", dev, "--misses", "--no-baselines", data_dir=index_dir)
    assert "Gold set: gold-dev.jsonl, 76 questions" in out.stdout
    listed = [line for line in out.stdout.splitlines() if line.startswith("  ") and "[" in line and "]" in line]
    assert f"Misses ({len(listed)}):" in out.stdout and listed


def test_a_reader_that_stops_early_gets_no_error(index_dir: Path) -> None:
    """``jaarplan sections | head -1``: the pipe closes before the output is written."""
    env = os.environ | {"JAARPLAN_DATA_DIR": str(index_dir), "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "assistant.cli", "sections"]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        proc.wait(timeout=300)
    assert stderr == ""
    assert proc.returncode == 1


def test_ingest_unchanged_is_a_no_op(index_dir: Path) -> None:
    out = run("ingest", data_dir=index_dir)
    assert out.returncode == 0 and "up to date" in out.stdout


def test_agenda_lists_the_indexed_plans_dated_sentences(index_dir: Path) -> None:
    out = run("agenda", "--from", "2026-01", "--to", "2026-03", "--no-past", "--format", "json", data_dir=index_dir)
    assert out.returncode == 0, out.stderr
    items = json.loads(out.stdout)
    assert all(i["start"] <= "2026-03-31" and i["end"] >= "2026-01-01" and not i["past"] for i in items)
    workshop = next(i for i in items if i["when"] == "eerste kwartaal van 2026")
    assert (workshop["start"], workshop["end"], workshop["section"]) == ("2026-01-01", "2026-03-31", "2.2")
    ics = run("agenda", "--section", "2.4", "--format", "ics", data_dir=index_dir)
    assert ics.stdout.startswith("BEGIN:VCALENDAR") and ics.stdout.count("BEGIN:VEVENT") >= 5


@pytest.mark.parametrize(
    "args, message",
    [
        (("agenda", "--from", "2026-13"), "--from '2026-13': expected a date such as 2026-04-01"),
        (("agenda", "--from", "2026-06", "--to", "2026-01"), "is after --to"),
    ],
)
def test_agenda_refuses_bad_dates_in_one_line(index_dir: Path, args: tuple[str, ...], message: str) -> None:
    out = run(*args, data_dir=index_dir)
    assert out.returncode == 2 and message in out.stderr and "Traceback" not in out.stderr


def test_an_empty_question_is_refused_before_any_model_loads(tmp_path: Path) -> None:
    out = run("ask", "", data_dir=tmp_path / "nothing-here")
    assert out.returncode == 2 and "the question is empty" in out.stderr
    assert not (tmp_path / "nothing-here").exists()  # nothing was built


def test_a_question_that_is_not_utf8_is_read_as_latin1_or_refused_in_one_line(index_dir: Path, tmp_path: Path) -> None:
    env = os.environ | {"JAARPLAN_DATA_DIR": str(index_dir), "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable.encode(), b"-m", b"assistant.cli", b"ask", b"--json", b"t\xe9l\xe9travail frontaliers"]
    out = subprocess.run(cmd, capture_output=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["question"] == "télétravail frontaliers"
    assert b"was not UTF-8; read it as Latin-1" in out.stderr
    batch = tmp_path / "latin1.jsonl"
    batch.write_bytes(b'{"id": "x", "question": "caf\xe9"}\n{"id": "y", "question": "telewerk"}\n')
    lines = run("ask", "--batch", str(batch), data_dir=index_dir).stdout.splitlines()
    assert json.loads(lines[0]) == {
        "id": 1,
        "error": "line 1: byte 0xe9 at position 28 is not UTF-8; save the file as UTF-8",
    }
    assert json.loads(lines[1])["id"] == "y"


def test_llm_settings_are_shown_and_the_api_key_never_is(tmp_path: Path) -> None:
    env = {"JAARPLAN_LLM_URL": "http://127.0.0.1:9/v1", "JAARPLAN_LLM_API_KEY": "sk-geheim-123"}
    out = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "settings", "--llm-timeout", "5"],
        capture_output=True,
        text=True,
        env=os.environ | env | {"JAARPLAN_DATA_DIR": str(tmp_path)},
        timeout=60,
    )
    assert out.returncode == 0 and "http://127.0.0.1:9/v1" in out.stdout and "= 5.0" in out.stdout
    assert "sk-geheim-123" not in out.stdout + out.stderr
    bad = run("ask", "--llm-url", "localhost:11434", "telewerk", data_dir=tmp_path)
    assert bad.returncode == 2 and "must start with http://" in bad.stderr
