"""The expected answer types as data (``assistant/answer_words/``): every served language has every kind,
on the question side and on the document side, and every pattern compiles; the text side reads a
document in its own language."""

from __future__ import annotations

import re

import pytest

from assistant.answer_types import (
    KINDS,
    SHARED,
    WORDS,
    alternatives,
    asks_event_date,
    asks_how_often,
    asks_quantity,
    slots,
    states_address,
    states_date,
    states_event,
    states_office,
    states_person,
    states_place,
    states_quantity,
    states_year,
    words,
)
from ingest.languages import CODES

pytestmark = pytest.mark.unit
SIDES = ("ask", "state")


def test_there_is_a_file_for_every_served_language_and_no_other() -> None:
    assert sorted(p.stem for p in WORDS.glob("*.toml")) == sorted((*CODES, SHARED))


@pytest.mark.parametrize("language", CODES)
def test_every_language_has_every_kind_on_both_sides(language: str) -> None:
    data = words(language)
    assert set(data) == {"question", *KINDS}
    for kind in KINDS:
        assert set(data[kind]) == set(SIDES), kind
        for side in SIDES:
            # A kind's words in this language, or shared symbols (a year in digits, a web address).
            filled = [s for s, found in data[kind][side].items() if found]
            filled += [s for s, found in words(SHARED).get(kind, {}).get(side, {}).items() if found]
            assert filled, f"{language}: {kind} has nothing on the {side} side"


def _tables(name: str, side: str) -> list[dict[str, list[str]]]:
    """A data file's tables of slots on one side (the question words count as the ask side)."""
    data = words(name)
    tables = [data.get(kind, {}).get(side, {}) for kind in KINDS]
    return [*tables, data.get("question", {})] if side == "ask" else tables


@pytest.mark.parametrize("side", SIDES)
def test_every_language_fills_the_same_slots(side: str) -> None:
    names = {lang: [sorted(table) for table in _tables(lang, side)] for lang in CODES}
    assert all(names[lang] == names[CODES[0]] for lang in CODES), names


@pytest.mark.parametrize("side", SIDES)
def test_a_slot_belongs_to_one_kind(side: str) -> None:
    for name in (*CODES, SHARED):
        found = [slot for table in _tables(name, side) for slot in table]
        assert len(found) == len(set(found)), name


@pytest.mark.parametrize("language", CODES)
@pytest.mark.parametrize("side", SIDES)
def test_every_pattern_compiles_with_its_slots_expanded(language: str, side: str) -> None:
    for slot in {*slots(language, side), *slots(SHARED, side)}:
        for languages in ((language,), CODES):
            re.compile(alternatives(slot, side, languages))


def test_a_misspelt_slot_is_an_error_not_a_pattern_that_matches_nothing() -> None:
    with pytest.raises(KeyError):
        alternatives("no_such_slot", "ask", CODES)


# A short French, German and English plan's sentences state what the Dutch words would miss.
STATED = [
    ("fr", states_date, "Un guichet d'information commun ouvrira au printemps 2027."),
    ("fr", states_date, "Les plans d'urgence seront harmonisés d'ici la fin de l'année."),
    ("fr", states_date, "Les diplômes seront reconnus à partir de septembre 2027."),
    ("de", states_date, "Die Studie wird im Frühjahr 2027 vorgelegt."),
    ("de", states_date, "Die Strecke wird Mitte 2026 eröffnet."),
    ("en", states_date, "The portal goes live in early 2027."),
    ("en", states_date, "The study will be published on 12 March 2027."),
    ("fr", states_place, "La conférence aura lieu à Paris."),
    ("de", states_place, "Die Konferenz findet in Berlin statt."),
    ("en", states_place, "The summit was held in Brussels."),
    ("fr", states_person, "Le groupe est présidé par Mme Dupont."),
    ("fr", states_person, "M. Martin présidera la réunion."),
    ("de", states_person, "Den Vorsitz führt Frau Schmidt."),
    ("de", states_person, "Die Arbeitsgruppe leitet Herr Weber."),
    ("en", states_person, "The group is chaired by Minister Jansen."),
    ("fr", states_office, "Un guichet unique répondra aux questions."),
    ("fr", states_office, "Un portail numérique sera mis en ligne."),
    ("de", states_office, "Eine gemeinsame Anlaufstelle berät Grenzgänger."),
    ("de", states_office, "Anträge gehen über das Portal."),
    ("en", states_office, "A joint desk answers questions on taxes."),
    ("en", states_office, "Applications go through the portal."),
    ("fr", states_address, "Voir www.region-frontiere.eu pour plus d'informations."),
]


@pytest.mark.parametrize(("language", "states", "text"), STATED)
def test_a_document_states_an_answer_type_in_its_own_language(language: str, states, text: str) -> None:  # type: ignore[no-untyped-def]
    assert states(text, "", language)


def test_dates_in_other_languages_need_their_month_or_period_words() -> None:
    assert not states_date("Le guichet ouvrira bientôt.", "", "fr")
    assert not states_date("Das Portal öffnet bald.", "", "de")
    assert not states_date("In 2026.", "", "en")
    assert states_year("Le guichet ouvrira en 2027.", "", "fr")


def test_german_nouns_and_english_months_are_no_places() -> None:
    assert not states_place("Das Abkommen tritt in Kraft.", "", "de")
    assert not states_place("Der Plan gilt in Zukunft.", "", "de")
    assert not states_place("The portal opens in January 2027.", "", "en")
    assert not states_place("La conférence aura lieu en 2027.", "", "fr")


@pytest.mark.parametrize(
    ("language", "question", "text", "other"),
    [
        (
            "fr",
            "Quand le guichet d'information ouvrira-t-il ?",
            "Un guichet d'information commun ouvrira au printemps 2027.",
            "Le guichet d'information a été décidé en 2025.",
        ),
        (
            "de",
            "When will the study be published?",
            "Die Studie wird im Frühjahr 2027 veröffentlicht.",
            "Die Studie begann 2025.",
        ),
        (
            "en",
            "Wann tritt das Abkommen in Kraft?",
            "The agreement enters into force in 2027.",
            "The agreement was signed in 2024.",
        ),
    ],
)
def test_an_event_date_is_stated_in_the_documents_language(language: str, question: str, text: str, other: str) -> None:
    assert asks_event_date(question)
    assert states_event(text, question, language) and not states_event(other, question, language)
    assert not states_event(text, question, "nl")  # the Dutch words do not read it


# (document language, question, a text stating the amount or rate asked, one not stating it)
RATES = [
    (
        "fr",
        "How often do commuters cross the border?",
        "Quarante mille personnes franchissent chaque jour la frontière.",
        "Quarante mille personnes franchissent la frontière.",
    ),
    ("de", "Wie oft tagt der Ausschuss?", "Der Ausschuss tagt zweimal jährlich.", "Der Ausschuss tagt in Bonn."),
    ("en", "Hoe vaak komt het comité samen?", "The committee meets twice a year.", "The committee meets in Bonn."),
]
AMOUNTS = [
    (
        "fr",
        "Combien de personnes franchissent la frontière ?",
        "Environ quarante mille personnes franchissent la frontière.",
        "Les trois pays coopèrent.",
    ),
    ("fr", "Quel est le budget du guichet ?", "Le guichet dispose de 2 millions d'euros.", "Le guichet ouvre."),
    ("de", "Wie viel kostet die Maut?", "Die Maut kostet 12 Euro pro Tag.", "Die Maut kommt 2027."),
    ("en", "How many kilometres of track are planned?", "About 40 km of track are planned.", "Track is planned."),
]


@pytest.mark.parametrize(("language", "question", "text", "other"), RATES + AMOUNTS)
def test_an_amount_or_a_rate_is_stated_in_the_documents_language(
    language: str, question: str, text: str, other: str
) -> None:
    assert asks_quantity(question)
    assert states_quantity(text, question, language) and not states_quantity(other, question, language)


@pytest.mark.parametrize(("language", "question", "text", "other"), RATES)
def test_the_dutch_rate_words_do_not_read_another_language(language: str, question: str, text: str, other: str) -> None:
    assert asks_how_often(question) and not states_quantity(text, question, "nl")


# About so many ("een tiental", "une vingtaine", "Dutzende", "dozens") answers a count asked in any language,
# as digits do; a plain number word ("drie landen" is everywhere in a Benelux plan) only when it counts
# what the question names, which a question in another language cannot show.
ABOUT = [
    (
        "nl",
        "Avec combien de pays des négociations sont-elles en cours ?",
        "Met een tiental andere landen lopen er actieve onderhandelingen.",
        True,
    ),
    (
        "nl",
        "With how many countries are negotiations ongoing?",
        "Met drie andere landen lopen er onderhandelingen.",
        False,
    ),
    ("fr", "How many states take part?", "Une vingtaine d'États participent au programme.", True),
    ("de", "How many companies take part?", "Dutzende Unternehmen nehmen teil.", True),
    ("en", "Combien d'entreprises participent ?", "Dozens of firms take part.", True),
]


@pytest.mark.parametrize(("language", "question", "text", "counts"), ABOUT)
def test_about_so_many_is_a_count_in_any_language(language: str, question: str, text: str, counts: bool) -> None:
    assert states_quantity(text, question, language) is counts
