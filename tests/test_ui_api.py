"""The served app's `/ask` endpoint (gradio_client against a real server), rendering and feedback."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import CITATION, CONTRACT, DIPLOMAS_FR, PLAN_WORDS, TELEWORK_FR

from assistant.lang import SERVED, detect
from ui import i18n, render
from ui.feedback import FeedbackStore

pytestmark = pytest.mark.integration

OFF_TOPIC_FR = "Quelle est la recette de la tarte aux pommes ?"


@pytest.fixture(scope="module")
def client(server: str):  # type: ignore[no-untyped-def]
    from gradio_client import Client

    return Client(server, verbose=False)


def test_api_exposes_only_ask(client) -> None:  # type: ignore[no-untyped-def]
    api = client.view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == {"/ask"}
    assert api["unnamed_endpoints"] == {}
    params = [
        (p["parameter_name"], p["parameter_default"] if p["parameter_has_default"] else None)
        for p in api["named_endpoints"]["/ask"]["parameters"]
    ]
    assert params == [("question", None), ("section", ""), ("language", ""), ("document", ""), ("year", 0)]


def test_document_and_year_filters(client) -> None:  # type: ignore[no-untyped-def]
    from gradio_client.exceptions import AppError

    body = client.predict("tolheffing vrachtwagens", "", "", "Jaarplan 2026", 2026, api_name="/ask")
    assert {c["document"] for c in body["citations"]} == {"Jaarplan 2026"}
    with pytest.raises(AppError, match="nothing in the index matches"):
        client.predict("tolheffing vrachtwagens", "", "", "", 1999, api_name="/ask")


def test_french_question_returns_the_contract(client) -> None:  # type: ignore[no-untyped-def]
    result = client.predict(question=DIPLOMAS_FR, api_name="/ask")
    assert set(result) == CONTRACT
    assert (result["question"], result["language"]) == (DIPLOMAS_FR, "fr")
    assert [c["n"] for c in result["citations"]] == list(range(1, len(result["citations"]) + 1))
    assert len(result["citations"]) >= 3
    for c in result["citations"]:
        assert set(c) == CITATION
        assert c["section"] and c["section_title"] and len(c["text"]) > 40
        assert all(s in c["text"] for s in c["used_sentences"])
    assert not result["abstained"] and result["citations"][0]["section"] == "2.1"
    assert result["answer"].startswith("Selon le plan annuel") and "[1]" in result["answer"]


def test_off_topic_question_abstains(client) -> None:  # type: ignore[no-untyped-def]
    result = client.predict(question=OFF_TOPIC_FR, section="", language="", api_name="/ask")
    assert result["abstained"] is True
    assert result["language"] == "fr"
    assert result["answer"].startswith("Le plan annuel ne semble pas traiter cette question.")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"question": ""}, "the question is empty"),
        ({"question": "   \n\t "}, "the question is empty"),
        ({"question": "telewerk " * 200}, "the limit is 1000"),
        ({"question": "telewerk", "section": "9.9"}, "section '9.9' is not in the plan"),
        ({"question": "telewerk", "language": "es"}, "language 'es' is not served"),
    ],
)
def test_unusable_requests_raise_the_clear_message(client, kwargs: dict, message: str) -> None:  # type: ignore[no-untyped-def]
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match=message):
        client.predict(**kwargs, api_name="/ask")


@pytest.mark.parametrize("section", ["2.4", "2"])
def test_section_filter_restricts_citations(client, section: str) -> None:  # type: ignore[no-untyped-def]
    result = client.predict(question="Wanneer komt de tolheffing voor vrachtwagens?", section=section, api_name="/ask")
    assert result["citations"]
    assert all(c["section"] == section or c["section"].startswith(section + ".") for c in result["citations"])


def test_uploads_are_refused(server: str) -> None:
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="plan.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\nnot a plan\r\n--{boundary}--\r\n"
    ).encode()
    request = urllib.request.Request(
        server + "gradio_api/upload",
        data=body,
        method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 413


@pytest.mark.parametrize(
    "text", ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "[link](http://x)", "a & b \"c\" 'd'"]
)
def test_question_html_is_literal_text(text: str) -> None:
    html = render.question_html(text)
    assert "<img" not in html and "<script" not in html and "<a " not in html
    inner = html.removeprefix('<div class="jp-question">').removesuffix("</div>")
    assert inner == render.esc(text)


def test_highlight_marks_used_sentences_and_escapes() -> None:
    text = "Eerste zin <b>vet</b>.  Tweede   zin over telewerk. Derde zin."
    html = render.highlight(text, ["Tweede zin over telewerk.", "Derde zin."])
    assert html == (
        "Eerste zin &lt;b&gt;vet&lt;/b&gt;.  <mark>Tweede   zin over telewerk.</mark> <mark>Derde zin.</mark>"
    )


@pytest.mark.parametrize(
    "section, title, heading, expected",
    [
        ("2.1", "Arbeidsmobiliteit", "Telewerk", "§2.1 Arbeidsmobiliteit — Telewerk"),
        ("4", "De Benelux+ en daarbuiten", None, "§4 De Benelux+ en daarbuiten"),
        ("voorwoord", "Voorwoord van het College", None, "Voorwoord van het College"),
        ("voorzitterschap", "Prioriteiten", "1. Weerbaarheid", "Prioriteiten — 1. Weerbaarheid"),
    ],
)
def test_section_names(section: str, title: str, heading: str | None, expected: str) -> None:
    assert render.section_name(section, title, heading) == expected


def test_answer_markdown_lists_every_source() -> None:
    cite = SimpleNamespace(
        n=1,
        section="2.1",
        section_title="Arbeidsmobiliteit",
        heading="Telewerk",
        document="Jaarplan 2026",
        text="Zin een.\nZin twee.",
    )
    answer = SimpleNamespace(
        question="Telewerk?", answer='Volgens het jaarplan: "Zin een." [1]', abstained=False, citations=(cite,)
    )
    md = render.answer_markdown(answer, "nl")
    assert md.startswith("## Vraag\n\nTelewerk?\n\n## Antwoord\n\n")
    assert "1. **§2.1 Arbeidsmobiliteit — Telewerk** (Jaarplan 2026)\n\n   > Zin een.\n   > Zin twee.\n" in md


def _store_with_two_rows(path: Path) -> FeedbackStore:
    store = FeedbackStore(path)
    when = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    first = store.add(
        "Télétravail ?", 'Selon le plan annuel: "x" [1]', "fr", ["a:2.1:t:1", "a:2.1:t:2"], "helpful", time=when
    )
    store.add("Apfelkuchen?", "Der Jahresplan scheint ...", "de", [], "not_helpful", comment=" off topic ", time=when)
    store.comment(first, "précis, merci")
    return store


def test_feedback_round_trip_csv(tmp_path: Path) -> None:
    store = _store_with_two_rows(tmp_path / "feedback.sqlite3")
    out = io.StringIO()
    assert store.export("csv", out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["id"], r["question"], r["language"], r["chunk_ids"], r["rating"], r["comment"]) for r in rows] == [
        ("1", "Télétravail ?", "fr", "a:2.1:t:1 a:2.1:t:2", "helpful", "précis, merci"),
        ("2", "Apfelkuchen?", "de", "", "not_helpful", "off topic"),
    ]
    assert rows[0]["time"] == "2026-03-01T09:30:00+00:00"
    assert rows[0]["answer"] == 'Selon le plan annuel: "x" [1]'


def test_feedback_round_trip_jsonl(tmp_path: Path) -> None:
    _store_with_two_rows(tmp_path / "feedback.sqlite3")
    out = io.StringIO()
    assert FeedbackStore(tmp_path / "feedback.sqlite3").export("jsonl", out) == 2
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[0] == {
        "id": 1,
        "time": "2026-03-01T09:30:00+00:00",
        "question": "Télétravail ?",
        "answer": 'Selon le plan annuel: "x" [1]',
        "language": "fr",
        "chunk_ids": ["a:2.1:t:1", "a:2.1:t:2"],
        "rating": "helpful",
        "comment": "précis, merci",
    }
    assert (lines[1]["rating"], lines[1]["chunk_ids"], lines[1]["comment"]) == ("not_helpful", [], "off topic")


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda s: s.add("q", "a", "nl", [], "great"), ValueError, "rating 'great' is not one of"),
        (lambda s: s.export("xml", io.StringIO()), ValueError, "format 'xml' is not supported"),
        (lambda s: s.comment(99, "x"), KeyError, "no feedback row with id 99"),
    ],
)
def test_feedback_errors(tmp_path: Path, call, error: type[Exception], message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=message):
        call(FeedbackStore(tmp_path / "feedback.sqlite3"))


def test_every_language_has_every_text_and_example() -> None:
    keys = set(i18n.TEXTS["en"])
    assert all(set(t) == keys for t in i18n.TEXTS.values())
    assert set(i18n.TEXTS) == set(i18n.EXAMPLES) == set(SERVED)
    shape = {g: len(q) for g, q in i18n.EXAMPLES["en"].items()}
    assert shape == {"officials": 4, "workers": 4}
    assert all({g: len(q) for g, q in e.items()} == shape for e in i18n.EXAMPLES.values())


EXAMPLE_QUESTIONS = [(lang, q) for lang, groups in i18n.EXAMPLES.items() for qs in groups.values() for q in qs]


@pytest.mark.parametrize("language, question", EXAMPLE_QUESTIONS)
def test_example_questions_are_detected_in_their_language(language: str, question: str) -> None:
    assert detect(question, PLAN_WORDS) == language


@pytest.mark.parametrize("question", [q for _, q in EXAMPLE_QUESTIONS])
def test_every_example_question_is_answered(assistant, question: str) -> None:  # type: ignore[no-untyped-def]
    """The examples are what a new user clicks first: none may lead to a refusal."""
    answer = assistant.ask(question)
    assert not answer.abstained and answer.citations, answer.answer


@pytest.mark.parametrize(
    "locale, expected", [("fr-BE", "fr"), ("de_DE", "de"), ("EN", "en"), ("es-ES", "nl"), ("", "nl"), (None, "nl")]
)
def test_browser_locale_picks_the_interface_language(locale: str | None, expected: str) -> None:
    assert i18n.from_locale(locale) == expected


def test_auth_from_a_string_or_a_file(tmp_path: Path) -> None:
    from ui.serve import parse_auth

    users = tmp_path / "users.txt"
    users.write_text("# officials\nanna:geheim\n\nbob:s3:cr3t\n", encoding="utf-8")
    assert parse_auth(None) is None
    assert parse_auth("anna:geheim") == [("anna", "geheim")]
    assert parse_auth(str(users)) == [("anna", "geheim"), ("bob", "s3:cr3t")]


@pytest.mark.parametrize(
    "content, message",
    [("anna", "expected 'user:password'"), (":x", "expected"), ("# nobody\n", "holds no user:password line")],
)
def test_bad_auth_is_a_usage_error(tmp_path: Path, content: str, message: str) -> None:
    from assistant.errors import UsageError
    from ui.serve import parse_auth

    users = tmp_path / "users.txt"
    users.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        parse_auth(str(users))


def test_hostile_input_through_the_api_never_breaks_it(client) -> None:  # type: ignore[no-untyped-def]
    """Hypothesis-drawn text, control characters, HTML/JS and huge input: an answer or a clear gr.Error."""
    from gradio_client.exceptions import AppError
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=25, deadline=None)
    @given(
        st.one_of(
            st.text(max_size=200),
            st.sampled_from(
                ["<script>alert(1)</script>", "\x00\x07\x1b[2J", "x" * 1_000_000, "   ", "[a](javascript:x)"]
            ),
        ),
        st.sampled_from(["", "2.1", "9.9"]),
    )
    def ask(question: str, section: str) -> None:
        try:
            body = client.predict(question, section, "", api_name="/ask")
        except AppError as exc:
            assert str(exc).strip() and "Traceback" not in str(exc)
            return
        assert set(body) >= CONTRACT and body["citations"]

    ask()


def test_cli_survives_arbitrary_arguments(tmp_path: Path, ui_data_dir: Path) -> None:
    """The CLI, fed hypothesis-drawn questions: exit 0 with an answer or exit 2 with one line, never a traceback."""
    import subprocess
    import sys

    from hypothesis import given, settings
    from hypothesis import strategies as st

    env = os.environ | {"JAARPLAN_DATA_DIR": str(ui_data_dir), "HF_HUB_OFFLINE": "1"}

    @settings(max_examples=6, deadline=None)
    @given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80))
    def run(question: str) -> None:
        out = subprocess.run(
            [sys.executable, "-m", "assistant.cli", "ask", "--json", "--", question],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert "Traceback" not in out.stderr
        if out.returncode == 0:
            assert json.loads(out.stdout)["citations"]
        else:
            assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1

    run()


def _section(label: str, title: str, document: str, key: str) -> SimpleNamespace:
    return SimpleNamespace(label=label, title=title, document=document, document_key=key, paragraphs=1)


def test_contents_name_the_plan_only_when_several_are_listed() -> None:
    one = [_section("1.1", "Veiligheid", "Jaarplan 2026", "jaarplan-2026.nl")]
    two = one + [_section("1.1", "Veiligheid", "Jaarplan 2027", "jaarplan-2027.nl")]
    assert render.toc_choices(one) == [("§1.1 Veiligheid", "jaarplan-2026.nl:1.1")]
    assert render.toc_choices(two) == [
        ("Jaarplan 2026 · §1.1 Veiligheid", "jaarplan-2026.nl:1.1"),
        ("Jaarplan 2027 · §1.1 Veiligheid", "jaarplan-2027.nl:1.1"),
    ]
    assert render.filter_choices(two, "fr")[0] == ("Tout le plan", "")


@pytest.mark.parametrize(
    "value, expected",
    [("jaarplan-2027.nl:2.4", ("jaarplan-2027.nl", "2.4")), ("2.4", ("", "2.4")), ("", ("", ""))],
)
def test_section_values_split_into_plan_and_section(value: str, expected: tuple[str, str]) -> None:
    assert render.split_section(value) == expected


@pytest.mark.parametrize("language", SERVED)
def test_store_notice_in_every_language(language: str) -> None:
    assert render.store_notice(None, 3, 10.0, language) == ""
    html = render.store_notice('server at "x" <down>', 3, 10.0, language)
    assert html.startswith('<div class="jp-store-down" role="status" title="server at &quot;x&quot; &lt;down&gt;">')
    assert "3" in html and "10 s" in html and "{" not in html


@pytest.fixture
def page(assistant, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The UI's event handlers over the real assistant, without a server."""
    from ui.handlers import ChatApp

    return ChatApp(assistant, FeedbackStore(tmp_path / "feedback.sqlite3"), tmp_path)


def test_a_failure_while_answering_shows_a_message_and_logs_the_traceback(
    page, assistant, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(assistant, "ask", broken)  # fault injection: a bug deep in answering
    *_, (box, chat, records, language, _, _) = page.turn(TELEWORK_FR, "", "", "auto", "fr", [], [])
    assert box == "" and language == "fr" and len(chat) == len(records) == 2
    assert render.error_html(i18n.TEXTS["fr"]["unexpected"], "fr") == chat[-1]["content"]
    assert "disk on fire" in caplog.text
    monkeypatch.undo()
    *_, (_, chat, records, _, _, _) = page.turn(TELEWORK_FR, "9.9", "", "auto", "fr", chat, records)
    assert chat[-1]["content"] == render.error_html(i18n.TEXTS["fr"]["refused_no_match"], "fr")  # in French
    assert len(chat) == len(records) == 4


@pytest.mark.parametrize(
    ("question", "language", "expected"),
    [
        ("   ", "de", i18n.TEXTS["de"]["refused_empty"]),
        ("???", "fr", i18n.TEXTS["fr"]["refused_signs"]),
        ("het", "en", i18n.TEXTS["en"]["refused_no_content"]),
        ("www.example.org", "nl", i18n.TEXTS["nl"]["refused_address"]),
        ("x" * 1001, "nl", i18n.TEXTS["nl"]["refused_too_long"].format(length=1001, limit=1000)),
    ],
)
def test_a_refused_question_is_explained_in_the_interface_language(
    page, question: str, language: str, expected: str
) -> None:  # type: ignore[no-untyped-def]
    *_, (_, chat, records, _, _, _) = page.turn(question, "", "", "auto", language, [], [])
    assert chat[-1]["content"] == render.error_html(expected, language) and len(records) == 1


def test_the_interface_language_follows_the_first_question_and_stays(page) -> None:  # type: ignore[no-untyped-def]
    *_, (_, chat, records, language, _, _) = page.turn(TELEWORK_FR, "", "", "auto", "en", [], [])
    assert language == "fr"
    *_, (_, chat, records, language, _, _) = page.turn("drones", "", "", "auto", language, chat, records)
    assert language == "fr"  # a keyword read as English does not flip the page
    *_, (_, _, _, language, _, _) = page.turn("Wat doet de Benelux aan drones?", "", "", "de", language, chat, records)
    assert language == "de"  # the selector decides when set


def test_french_interface_texts_space_their_marks() -> None:
    texts = list(i18n.TEXTS["fr"].values()) + [q for qs in i18n.EXAMPLES["fr"].values() for q in qs]
    unspaced = [t for t in texts if re.search(r"[^\u202f][?!:;](\s|$)", t)]
    assert not unspaced and any("\u202f?" in t for t in texts) and any("\u202f:" in t for t in texts)
    assert i18n.french_spacing("Vraiment ! Quoi? Note : 12:30 https://x.eu/?a=1") == (
        "Vraiment\u202f! Quoi\u202f? Note\u202f: 12:30 https://x.eu/?a=1"
    )


def _answer(text: str, language: str = "en", **more: object) -> SimpleNamespace:
    fields = {"question": "q", "answer": text, "language": language, "abstained": False, "citations": ()}
    return SimpleNamespace(**(fields | more))


def test_a_quoted_answer_leads_with_its_best_sentence() -> None:
    html = render.short_html(_answer('According to the annual plan: "Best, "so" to say." [2] "Next." [1] "Last." [2]'))
    assert html.startswith('<p class="jp-short">According to the annual plan: <span class="jp-quote jp-primary">')
    assert "&quot;Best, &quot;so&quot; to say.&quot; <sup" in html
    assert html.count("jp-secondary") == 2 and html.index("Next.") < html.index("Last.")
    french = _answer('Les parties les plus proches sont : §2.1 "x" et ?', "fr", abstained=True)
    assert (
        render.short_html(french)
        == '<p class="jp-short">Les parties les plus proches sont\u202f: §2.1 &quot;x&quot; et\u202f?</p>'
    )
    generated = _answer("Le plan prévoit un péage [1]. Il vient [2].", "fr", mode="generated")
    assert "jp-primary" not in render.short_html(generated)


def test_a_rating_button_stores_its_answer(page) -> None:  # type: ignore[no-untyped-def]
    *_, (_, chat, records, language, _, _) = page.turn(TELEWORK_FR, "", "", "auto", "en", [], [])
    key = render.answer_key(records[-1]["question"], records[-1]["answer"])
    assert f"jp-rate-helpful jp-key-{key}" in chat[-1]["content"] and ">Utile</button>" in chat[-1]["content"]
    page.rate("unknown|helpful|1", records, language)
    assert page.feedback.rows() == []  # no answer has that key: nothing stored
    row, status = page.rate(f"{key}|not_helpful|2", records, language)
    assert status == i18n.TEXTS["fr"]["thanks"]
    stored = page.feedback.rows()
    assert [(r.id, r.question, r.rating) for r in stored] == [(row, TELEWORK_FR, "not_helpful")]


def test_a_link_opens_the_reader_at_its_paragraph_and_the_reader_starts_on_the_first_section(page) -> None:  # type: ignore[no-untyped-def]
    chunks = page.assistant.section_chunks("2.4", None)
    target = chunks[-2].id
    *_, toc, reader = page.goto(f"jaarplan-2026.nl:2.4|{target}|123", "", "", "en")
    assert toc["value"] == "jaarplan-2026.nl:2.4"
    assert (
        reader.count("jp-target") == 1 and f'class="jp-read-para jp-target" data-chunk="{render.esc(target)}"' in reader
    )
    assert render.goto_href(target, "2.4") == f"#section=jaarplan-2026.nl:2.4&chunk={target}"
    first = page.first_section()
    _, toc, reader = page.follow_document("", "", None, "en")
    assert toc["value"] == first and reader == page.read(first, "en") and "<h3>" in reader
