"""Question language: served languages, short queries, and questions in other languages."""

from __future__ import annotations

import pytest
from conftest import PLAN_WORDS

from assistant.lang import detect

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Wanneer voert Nederland een tolheffing voor vrachtwagens in?", "nl"),
        ("Quand les Pays-Bas introduisent-ils le péage pour camions ?", "fr"),
        ("Ab wann gilt die Lkw-Maut in den Niederlanden?", "de"),
        ("When will the Netherlands introduce a truck toll?", "en"),
        ("tolheffing vrachtwagens 2026", "nl"),
        ("Bibob DIOB wetgeving", "nl"),
        ("Grenzgänger Telearbeit", "de"),
        ("Wat kost de tolheffing?", "nl"),  # langdetect: Danish
        ("Mogen LZV's (ecocombi's) al", "nl"),
        ("police cooperation", "en"),  # before word frequencies: nl
        ("youth unemployment", "en"),  # fr
        ("road safety", "en"),  # nl
        ("rail connections", "en"),  # fr
        ("télétravail frontalier", "fr"),
        ("grensarbeiders pensioen", "nl"),
    ],
)
def test_served_languages_and_short_queries(question: str, language: str) -> None:
    assert detect(question, PLAN_WORDS) == language


def test_the_documents_topic_words_do_not_count_as_dutch() -> None:
    """ "Benelux" is in Dutch's everyday word list only; as a word every paragraph shares it is left
    out of the frequency odds."""
    assert detect("Benelux energy", PLAN_WORDS, topic=frozenset({"benelux"})) == "en"


@pytest.mark.parametrize(
    "question",
    [
        "¿Cuándo introducirán los Países Bajos un peaje para camiones?",
        "Quando introdurranno i Paesi Bassi un pedaggio per i camion?",
        "Kiedy Holandia wprowadzi opłaty drogowe dla ciężarówek?",
        "荷兰什么时候对卡车收费？",  # no spaces: one "word"
        "Когда Нидерланды введут плату?",
    ],
)
def test_a_question_in_another_language_is_answered_in_english(question: str) -> None:
    assert detect(question, PLAN_WORDS) == "en"
