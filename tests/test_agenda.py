"""The agenda: time references found and normalised in four languages, on the real plan, and its outputs."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from assistant.agenda import parse_day, render, select, to_ics
from assistant.errors import UsageError
from eval.agenda import load_agenda_gold, score_agenda
from ingest.agenda import actors, extract_agenda, find_periods

pytestmark = pytest.mark.unit


def _one(text: str, language: str) -> tuple[str, str, str]:
    (p,) = find_periods(text, language, 2026)
    return p.when, p.start.isoformat(), p.end.isoformat()


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("nl", "Op 1 januari 2026 begint het voorzitterschap.", ("Op 1 januari 2026", "2026-01-01", "2026-01-01")),
        ("nl", "De top van 10 september jongstleden.", ("van 10 september jongstleden", "2025-09-10", "2025-09-10")),
        ("nl", "Het actieplan uit mei 2025 loopt.", ("uit mei 2025", "2025-05-01", "2025-05-31")),
        (
            "nl",
            "In het derde kwartaal van 2026 volgt een workshop.",
            ("derde kwartaal van 2026", "2026-07-01", "2026-09-30"),
        ),
        ("nl", "Dit moet midden 2026 klaar zijn.", ("midden 2026", "2026-05-01", "2026-08-31")),
        ("nl", "De proef loopt tot midden 2027.", ("tot midden 2027", "2026-01-01", "2027-08-31")),
        ("nl", "Een circulaire economie tegen 2050.", ("tegen 2050", "2026-01-01", "2050-12-31")),
        ("nl", "Een verbod in 2026/2027 komt eraan.", ("in 2026/2027", "2026-01-01", "2027-12-31")),
        ("nl", "Het werkprogramma 2025-2028 geldt.", ("2025-2028", "2025-01-01", "2028-12-31")),
        ("fr", "La signature est prévue début 2026.", ("début 2026", "2026-01-01", "2026-06-30")),
        ("fr", "La mise en œuvre d'ici fin 2027.", ("d'ici fin 2027", "2026-01-01", "2027-12-31")),
        ("fr", "Un atelier au premier trimestre 2026.", ("au premier trimestre 2026", "2026-01-01", "2026-03-31")),
        ("fr", "Le paquet est attendu mi-2026.", ("mi-2026", "2026-05-01", "2026-08-31")),
        ("fr", "Une réunion en mars 2026 à Bruxelles.", ("en mars 2026", "2026-03-01", "2026-03-31")),
        ("de", "Die Maut kommt Ende 2026.", ("Ende 2026", "2026-07-01", "2026-12-31")),
        ("de", "Ein Workshop im ersten Quartal 2026.", ("im ersten Quartal 2026", "2026-01-01", "2026-03-31")),
        ("de", "Am 3. Februar 2026 tagt der Rat.", ("Am 3. Februar 2026", "2026-02-03", "2026-02-03")),
        ("en", "A study day in the summer of 2026.", ("summer of 2026", "2026-06-01", "2026-08-31")),
        ("en", "Due by mid-2027 at the latest.", ("by mid-2027", "2026-01-01", "2027-08-31")),
        ("en", "In the second half of 2026 the pilot starts.", ("second half of 2026", "2026-07-01", "2026-12-31")),
    ],
)
def test_a_time_reference_becomes_an_interval_as_wide_as_the_text(
    language: str, text: str, expected: tuple[str, str, str]
) -> None:
    assert _one(text, language) == expected


@pytest.mark.parametrize(
    "language, text",
    [
        ("nl", "Richtlijn 2005/36 en Verordening (EU) 2024/1679 blijven van kracht."),
        ("nl", "De herijking van de Lange Termijn Visie 2030 loopt."),
        ("nl", "Beschikking M(2009)8 van het Comité van Ministers."),
        ("fr", "Le règlement 2019/941 s'applique."),
        ("en", "The plan costs 2,026 euros."),
    ],
)
def test_identifiers_and_names_are_no_time_reference(language: str, text: str) -> None:
    assert find_periods(text, language, 2026) == []


def test_the_plans_agenda_matches_the_references_listed_from_the_plan_alone(parsed) -> None:  # type: ignore[no-untyped-def]
    items = extract_agenda(parsed.chunks)
    figures = score_agenda(items, load_agenda_gold())
    assert figures["agenda_precision"] >= 0.95 and figures["agenda_recall"] >= 0.95, figures
    assert figures["agenda_exact"] >= 0.95, figures
    toll = next(i for i in items if "tolheffing" in i.text)
    assert (toll.when, toll.start, toll.end, toll.past, toll.section) == (
        "In 2026",
        "2026-01-01",
        "2026-12-31",
        False,
        "2.4",
    )
    assert toll.actors == ("Nederland",)
    summit = next(i for i in items if i.when.endswith("10 september jongstleden"))
    assert summit.past and summit.section == "voorwoord"


def test_actors_are_named_as_the_document_writes_them() -> None:
    text = "Het Secretariaat-generaal werkt met Noordrijn-Westfalen en de Belgische en Nederlandse overheden."
    assert actors(text, "nl") == ("Secretariaat-generaal", "België", "Nederland", "Noordrijn-Westfalen")


def test_select_by_period_section_and_past(parsed) -> None:  # type: ignore[no-untyped-def]
    items = extract_agenda(parsed.chunks)
    q1 = select(items, date(2026, 1, 1), date(2026, 3, 31), past=False)
    assert all(i.start <= "2026-03-31" and i.end >= "2026-01-01" and not i.past for i in q1)
    assert any(i.when == "eerste kwartaal van 2026" for i in q1)
    assert {i.section for i in select(items, section="2")} <= {"2", "2.1", "2.2", "2.3", "2.4"}
    with pytest.raises(UsageError, match="is after --to"):
        select(items, date(2026, 6, 1), date(2026, 1, 1))


@pytest.mark.parametrize(
    "value, flag, expected",
    [
        ("2026", "--from", date(2026, 1, 1)),
        ("2026", "--to", date(2026, 12, 31)),
        ("2026-02", "--to", date(2026, 2, 28)),
    ],
)
def test_dates_from_flags(value: str, flag: str, expected: date) -> None:
    assert parse_day(value, flag) == expected


def test_a_bad_date_flag_names_the_form_wanted() -> None:
    with pytest.raises(UsageError, match="expected a date such as 2026-04-01"):
        parse_day("volgend jaar", "--from")


def test_ics_csv_and_json_carry_every_item(parsed) -> None:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    items = select(extract_agenda(parsed.chunks), section="2.4")
    events = Calendar.from_ical(to_ics(items)).walk("VEVENT")
    assert len(events) == len(items) and len({str(e["uid"]) for e in events}) == len(items)
    toll = next(e for e in events if "tolheffing" in str(e["description"]))
    assert toll.decoded("dtstart") == date(2026, 1, 1) and toll.decoded("dtend") == date(2027, 1, 1)
    assert "§2.4 Duurzame mobiliteit" in str(toll["description"])
    rows = list(csv.DictReader(io.StringIO(render(items, "csv"))))
    assert [r["when"] for r in rows] == [i.when for i in items]
    assert [r["when"] for r in json.loads(render(items, "json"))] == [i.when for i in items]


@pytest.mark.parametrize(
    "language, question, start, end",
    [
        ("nl", "Wat staat er in het eerste kwartaal op de agenda?", "2026-01-01", "2026-03-31"),
        ("fr", "Qu'est-ce qui est prévu pour l'été 2026 ?", "2026-06-01", "2026-08-31"),
        ("de", "Was passiert Ende 2026?", "2026-07-01", "2026-12-31"),
        ("en", "What do we have to deliver by summer?", "2026-01-01", "2026-08-31"),
        ("de", "Was steht im Mai 2026 an?", "2026-05-01", "2026-05-31"),
    ],
)
def test_a_question_about_a_period_asks_the_agenda(language: str, question: str, start: str, end: str) -> None:
    from assistant.agenda import period_asked

    period = period_asked(question, language, 2026)
    assert period is not None and (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    "language, question",
    [
        ("nl", "Wat gebeurt er in 2026 met de tolheffing?"),
        ("nl", "Wanneer komt de tolheffing?"),
        ("fr", "Quand le péage sera-t-il introduit en 2026 ?"),
        ("en", "What is planned for cross-border telework in 2026?"),
    ],
)
def test_a_question_about_a_topic_is_no_agenda_question(language: str, question: str) -> None:
    from assistant.agenda import period_asked

    assert period_asked(question, language, 2026) is None
