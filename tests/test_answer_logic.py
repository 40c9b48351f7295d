"""The answer logic on a planted plan with fake encoders (unit tier): what is quoted, cited, refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINI_PLAN, FakeEmbedder, FakeSecondEncoder

from assistant.answer import FRAMES, NOT_COVERED
from assistant.errors import QuestionError
from assistant.question import check_question

pytestmark = pytest.mark.unit


def test_a_question_is_answered_from_the_paragraph_that_shares_its_words(mini) -> None:  # type: ignore[no-untyped-def]
    answer = mini.ask("Wanneer voert Nederland een tolheffing voor vrachtwagens in?")
    assert not answer.abstained and answer.language == "nl"
    assert answer.answer.startswith(f'{FRAMES["nl"]}: "In 2099 voert Nederland een tolheffing voor vrachtwagens in')
    assert answer.citations[0].section == "2.1" and answer.citations[0].used_sentences


def test_markers_count_up_and_every_quote_is_in_its_paragraph(mini) -> None:  # type: ignore[no-untyped-def]
    answer = mini.ask("tolheffing grensregio transportbedrijven drugshandel")
    seen = list(dict.fromkeys(int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)))
    assert seen == list(range(1, len(seen) + 1))
    for quote, n in re.findall(r'"(.+?)" \[(\d+)\]', answer.answer):
        assert quote in answer.citations[int(n) - 1].text


def test_a_question_sharing_no_word_with_the_plan_abstains(mini) -> None:  # type: ignore[no-untyped-def]
    answer = mini.ask("Hoe bak ik een appeltaart met kaneel?")
    assert answer.abstained and answer.answer.startswith(NOT_COVERED["nl"])


def test_a_section_filter_keeps_citations_inside_it(mini) -> None:  # type: ignore[no-untyped-def]
    answer = mini.ask("gezamenlijke controles en opleiding", section="1.1")
    assert {c.section for c in answer.citations} == {"1.1"}
    with pytest.raises(QuestionError, match="nothing in the index matches"):
        mini.ask("tolheffing", section="9.9")


def test_a_period_question_is_answered_from_the_planted_agenda(mini) -> None:  # type: ignore[no-untyped-def]
    answer = mini.ask("Wat staat er in het eerste kwartaal van 2099 op de agenda?")
    assert not answer.abstained
    assert "opleiding voor agenten" in answer.answer and answer.citations[0].section == "1.1"


@pytest.mark.parametrize(
    "question, kind",
    [
        ("", "empty"),
        ("???", "signs"),
        ("het de een", "no_content"),
        ("<script>alert(1)</script><b></b>", "markup"),
        ("(https://example.org/plan?id=3)", "address"),
        ("www.example.org", "address"),
        ("info@example.com.", "address"),
    ],
)
def test_unusable_questions_are_refused_with_their_kind(mini, question: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QuestionError) as refused:
        mini.ask(question)
    assert refused.value.kind == kind


@pytest.mark.parametrize(
    "question",
    ["Wat staat er op www.example.org over de tol?", "info@example.com tol", "mail de tol naar info@example.com"],
)
def test_a_question_that_names_an_address_is_asked(mini, question: str) -> None:  # type: ignore[no-untyped-def]
    """Only a message that is an address and nothing more is refused: one asked about is a question."""
    assert mini.ask(question).question == question  # asked, not refused


@pytest.mark.parametrize(
    "typed, asked",
    [
        ("<b>x</b> <img src=x> test", "x test"),
        ("Wat kost de <i>tol</i>?<script>alert(1)</script>", "Wat kost de tol?"),
        ("<p>tol</p><p>vignet</p>", "tol vignet"),
        ("Is de tol < 10 cent &amp; wanneer?", "Is de tol < 10 cent & wanneer?"),
        ("Wat kost de tol?", "Wat kost de tol?"),
        ("tol <![0 vignet", "tol <![0 vignet"),  # a declaration the parser cannot read stays plain text
    ],
)
def test_markup_is_no_part_of_the_question(typed: str, asked: str) -> None:
    assert check_question(typed, 1000) == asked


def test_a_plan_without_a_year_opens_and_answers(tmp_path: Path) -> None:
    import assistant.retrieve
    from assistant.api import Assistant
    from assistant.settings import Settings
    from index.lifecycle import ingest, load_plan

    source = tmp_path / "werkplan.txt"
    source.write_text(MINI_PLAN.read_text("utf-8").replace("JAARPLAN 2099", "WERKPLAN", 1), encoding="utf-8")
    plan = load_plan(source)
    assert plan.document.year is None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assistant.retrieve, "UniversalEncoder", FakeSecondEncoder)
        settings = Settings.from_env(data_dir=tmp_path / "index", embed_model=FakeEmbedder.name, abstain_below=0.3)
        ingest(settings, [plan], FakeEmbedder())
        opened = Assistant.open(settings, embedder=FakeEmbedder(), say=lambda _: None)
    answer = opened.ask("Wanneer voert Nederland een tolheffing voor vrachtwagens in?")
    assert not answer.abstained and answer.citations[0].section == "2.1"


def test_french_texts_of_answers_space_their_marks_as_the_interface_does() -> None:
    """The JSON and CLI carry the French framing too, not only the chat: the same narrow space before
    ':', ';', '?' and '!' (the quotes are the plan's own text and are never touched)."""
    from assistant import answer
    from ui.typography import french_spacing

    tables = [answer.NOT_COVERED, answer.CLOSEST, answer.AGENDA_FRAME, answer.AGENDA_NONE, *answer.WHY.values()]
    french = [table["fr"] for table in tables]
    assert [text for text in french if french_spacing(text) != text] == []
