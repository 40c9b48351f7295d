"""What kind of answer a question asks for (an amount, a date, a desk, a place, a person) and
whether a text states one: the expected-answer-type checks ``coverage.missing`` applies.

The words are data, one file per served language in ``answer_words/`` (how a question in that language
asks for each kind, how a document in that language states it) and ``shared.toml`` for symbols and
forms; this module only interprets them. A question is matched in every language at once (a question's
language is a guess, and people mix them), a text in its document's language."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from ingest.languages import CODES

WORDS = Path(__file__).with_name("answer_words")
SHARED = "shared"
# The kinds of answer, each a table of every language file with an "ask" and a "state" side; "question"
# holds the question words the checks share.
KINDS = ("amount", "rate", "date", "year", "event", "desk", "address", "place", "person", "followup")
DOCUMENT_LANGUAGE = "nl"  # the bundled plan's, when a caller names none
_SLOT = re.compile(r"\{([a-z_]+)\}")  # "{limit}" in a pattern; not a repetition like "{0,30}"


@cache
def words(name: str) -> dict[str, Any]:
    """One data file (a language code or ``SHARED``) as it is written."""
    with (WORDS / f"{name}.toml").open("rb") as f:
        return tomllib.load(f)


@cache
def slots(name: str, side: str) -> dict[str, list[str]]:
    """A data file's patterns on one side ("ask" or "state") by slot, over all kinds."""
    data = words(name)
    found: dict[str, list[str]] = dict(data.get("question", {})) if side == "ask" else {}
    for kind in KINDS:
        found.update(data.get(kind, {}).get(side, {}))
    return found


@cache
def alternatives(slot: str, side: str, languages: tuple[str, ...]) -> str:
    """One slot's patterns in ``languages`` and the shared ones, as one alternation; each ``{other}`` slot
    in them is expanded the same way. A slot that none of them fills matches nothing."""
    if not any(slot in slots(name, side) for name in (*CODES, SHARED)):
        raise KeyError(f"no {side} slot {slot!r} in {WORDS}")
    found = [p for name in (*languages, SHARED) for p in slots(name, side).get(slot, [])]
    expanded = [_SLOT.sub(lambda m: f"(?:{alternatives(m[1], side, languages)})", p) for p in found]
    return "|".join(expanded) or "(?!)"


def asked(slot: str, languages: tuple[str, ...] = CODES) -> str:
    """How questions ask: in every served language unless ``languages`` are named."""
    return alternatives(slot, "ask", languages)


@cache
def stated(slot: str, language: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """How a document in ``language`` states it."""
    return re.compile(alternatives(slot, "state", (_served(language),)), flags)


def _served(language: str) -> str:
    """A document's language, or the bundled plan's for one no file describes."""
    return language if language in CODES else DOCUMENT_LANGUAGE


def _asks(slot: str) -> re.Pattern[str]:
    """A slot's question patterns as whole words."""
    return re.compile(rf"\b({asked(slot)})\b", re.IGNORECASE)


_HOW_OFTEN = re.compile(asked("rate"), re.IGNORECASE)
_HOW_LONG = _asks("lasting")
_HOW_MUCH = _asks("how_much")
# The units an amount may be asked in, with the same slot on both sides: a unit asked is stated only by
# a text naming it. A fine or a salary whose value is asked is an amount of money.
_UNITS = ("money", "share", "distance", "days", "hours", "power", "speed", "weight", "rate")
_ASKED_UNITS = {unit: re.compile(asked(unit), re.IGNORECASE) for unit in _UNITS}
_VALUE = re.compile(f"{asked('fine')}|{asked('pay')}", re.IGNORECASE)
_PRICED = re.compile(asked("priced"), re.IGNORECASE)
# The things a question may name instead of asking "how much", which a text must name too.
_PRICED_THINGS = ("tariff", "fine", "amount", "budget", "cost", "price", "pay")
_ASKED_THINGS = {thing: re.compile(asked(thing), re.IGNORECASE) for thing in _PRICED_THINGS}
_HOW_OR_WHY = _asks("how_or_why")
_INTERROGATIVE = _asks("interrogative")
_NOT_INTERROGATIVE = re.compile(asked("not_interrogative"), re.IGNORECASE)
_ASKS_PRECISE_DATE = _asks("precise")
_ASKS_YEAR = _asks("year")
_WHEN = _asks("when")
# When an entry into force, a decision, an opening, a ratification, a publication, an obligation or an
# end happens: the same slot on both sides, the event asked and the event a text names.
_EVENTS = ("in_force", "decision", "opening", "ratification", "publication", "obligation", "end")
_ASKED_EVENTS = {event: re.compile(asked(event), re.IGNORECASE) for event in _EVENTS}


def _counted(language: str) -> re.Pattern[str]:
    """A number in digits (group 1), an approximate one ("een tiental", group 2) or in words, and the (up
    to) three words after it (group 3): what it counts ("300.000 tot 350.000 grensarbeiders", "twee extra
    uitvoeringsakkoorden")."""
    number_words = stated("number_words", language).pattern
    about = stated("about_words", language).pattern
    return _compiled(rf"(?:(\d)[\d.,]*|\b({about})\b|\b(?:{number_words})\b)((?:\s+[^\W\d_][\w'’-]*){{0,3}})")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A pattern made of one language's words, compiled once."""
    return re.compile(pattern, re.IGNORECASE)


def asks_how_often(question: str) -> bool:
    """The question asks how often something happens (an amount: a rate answers it)."""
    return bool(_HOW_OFTEN.search(question))


def asks_quantity(question: str) -> bool:
    """The question asks for an amount, a price, a rate, a weight or a count."""
    return bool(_HOW_MUCH.search(question) or _PRICED.search(question))


def states_quantity(text: str, question: str = "", language: str = DOCUMENT_LANGUAGE) -> bool:
    """The text (of a document in ``language``) names the unit of an amount asked in one (money, a share,
    kilometres, days, hours), and it holds a number (digits 0-9) other than a year, a day, a section or a
    legal reference (followed by what a count in the document's language asks for, see
    ``_counts_in_document_language``); or counts in words something the question names ("acht fora" for
    "hoeveel fora"; "drie landen" is everywhere); or names the price, rate or fine a question mentions
    without asking its value: yes or no ("Will tenders be judged on more than price?"), how or why
    ("Comment partager les coûts ?"). Asked only for a question that ``asks_quantity``."""
    value = _asks_value(question)
    units = [(_ASKED_UNITS[u], stated(u, language)) for u in _UNITS]
    if value:
        units.append((_VALUE, stated("money", language)))
    if any(unit.search(question) and not named.search(text) for unit, named in units):
        return False
    if _HOW_LONG.search(question) and states_year(text, question, language):
        return True
    if asks_how_often(question):
        return True  # the rate the unit check above asked for is named
    words_asked = {w[:4] for w in re.findall(r"[^\W\d_]{4,}", question.lower())}
    own_count = _counts_in_document_language(question, language, [unit for unit, _ in units])
    plain = stated("references", language, 0).sub(" ", text)
    for m in _counted(language).finditer(plain):
        if (m.group(1) or m.group(2)) and not own_count:
            return True
        if any(w[:4] in words_asked for w in re.findall(r"[^\W\d_]{4,}", m.group(3).lower())):
            return True
    if value:
        return False
    return any(_ASKED_THINGS[t].search(question) and stated(t, language).search(text) for t in _PRICED_THINGS)


def _counts_in_document_language(question: str, language: str, units: list[re.Pattern[str]]) -> bool:
    """A count asked in the document's language ("hoeveel" of a Dutch plan) of something other than a
    price or a unit of money, share, distance or time: it is answered by a number followed by what it
    asked to count ("hoeveel grensarbeiders": "350.000 grensarbeiders"; not "hoeveel mensen werken bij het
    secretariaat"). In another language the counted word cannot be matched to the document's text."""
    count = _compiled(rf"\b({asked('how_many', (_served(language),))})\b")
    if not count.search(question) or _PRICED.search(question):
        return False
    if any(p.search(question) for p in _ASKED_THINGS.values()):  # "hoeveel kost ..."
        return False
    return not any(unit.search(question) for unit in units)


def _asks_value(question: str) -> bool:
    """The question asks for the value itself ("how much", "which fine"), not yes or no, how or why."""
    return bool(_HOW_MUCH.search(question)) or not (yes_no(question) or _HOW_OR_WHY.search(question))


def yes_no(question: str) -> bool:
    """A question that asks yes or no: it ends with "?" and has no interrogative word in any served language
    ("Est-ce que ...?" asks yes or no)."""
    plain = _NOT_INTERROGATIVE.sub(" ", question)
    return question.rstrip().endswith("?") and not _INTERROGATIVE.search(plain)


def asks_when(question: str) -> bool:
    """The question asks when, in which year or on which day, whatever it asks the time of."""
    return bool(_WHEN.search(question) or asks_year(question) or asks_precise_date(question))


def asks_event_date(question: str) -> bool:
    """The question asks when (or in which year, from which date) an event happens that a plan names in its
    own words: an entry into force, a decision, an opening, a ratification, a publication, an obligation, an end."""
    return asks_when(question) and any(p.search(question) for p in _ASKED_EVENTS.values())


def states_event(text: str, question: str = "", language: str = DOCUMENT_LANGUAGE) -> bool:
    """The text names the event the question asks the date of (``asks_event_date``) and a time: a year,
    a month, a season or a date."""
    named = all(stated(e, language).search(text) for e, p in _ASKED_EVENTS.items() if p.search(question))
    return named and states_year(text, question, language)


def asks_year(question: str) -> bool:
    """The question asks in, since or until which year."""
    return bool(_ASKS_YEAR.search(question))


def states_year(text: str, question: str = "", language: str = DOCUMENT_LANGUAGE) -> bool:
    """The text names a year or a date."""
    return bool(stated("year", language).search(text) or states_date(text, question, language))


def asks_precise_date(question: str) -> bool:
    """The question asks for a day or a month, not just a year."""
    return bool(_ASKS_PRECISE_DATE.search(question))


def states_date(text: str, question: str = "", language: str = DOCUMENT_LANGUAGE) -> bool:
    """The text names a month, a season or part of a year, or a numeric date."""
    return bool(stated("date", language).search(text))


_WHERE_TO = _asks("where")
_FIRST_PERSON = _asks("first_person")
_APPLY = re.compile(asked("apply"), re.IGNORECASE)
_HOW_TO = re.compile(rf"\b({asked('how_to')})", re.IGNORECASE)
_NOT_WHERE = re.compile(asked("not_where"), re.IGNORECASE)
_ASKS_ADDRESS = _asks("address")


def asks_address(question: str) -> bool:
    """The question asks for a web or mail address ("Heeft u het mailadres van ...?" too: a request)."""
    return bool(_ASKS_ADDRESS.search(question.strip().rstrip("?").strip()))


def states_address(text: str, question: str = "", language: str = DOCUMENT_LANGUAGE) -> bool:
    """The text gives a web or mail address."""
    return bool(stated("address", language).search(text))


def in_first_person(question: str) -> bool:
    """The asker speaks of themselves ("ik", "je", "ich", "I", "my", ...)."""
    return bool(_FIRST_PERSON.search(question))


def asks_where_to_go(question: str) -> bool:
    """The asker wants to know where or how to apply, register or report: in the first person, or "how to"."""
    plain = _NOT_WHERE.sub(" ", question)  # where from; how far
    wanted = all(p.search(plain) for p in (_WHERE_TO, _FIRST_PERSON)) or bool(_HOW_TO.search(plain))
    return wanted and bool(_APPLY.search(plain))


def states_office(text: str, question: str = "", language: str = DOCUMENT_LANGUAGE) -> bool:
    """The text names a desk, a portal, a website, a form or an agency."""
    return bool(stated("office", language).search(text))


_ASKS_PLACE = _asks("place")
_ASKS_PERSON = re.compile(asked("person"), re.IGNORECASE)


def asks_place(question: str) -> bool:
    """The question asks where an event is held, or which city."""
    return bool(_ASKS_PLACE.search(question))


def states_place(text: str, question: str = "", language: str = DOCUMENT_LANGUAGE) -> bool:
    """The text names a place after a preposition ("in", "te", "naar", "vanuit" in a Dutch plan)."""
    return bool(stated("place", language, 0).search(text))


def asks_person(question: str) -> bool:
    """The question asks which minister, mayor, commissioner or person."""
    return bool(_ASKS_PERSON.search(question))


def states_person(text: str, question: str = "", language: str = DOCUMENT_LANGUAGE) -> bool:
    """The text names a person: an initial and a surname, or a title and a name."""
    return bool(stated("person", language, 0).search(text))


def asks_followup(question: str) -> bool:
    """The question asks what comes after, the next step, the outcome or the consequences."""
    return bool(_asks("followup").search(question))


def states_followup(text: str, question: str = "", language: str = DOCUMENT_LANGUAGE) -> bool:
    """The text states a later step or an outcome."""
    return bool(stated("followup", language).search(text))
