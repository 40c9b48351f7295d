"""Can the evidence answer the question? Off-topic questions, the kind of answer asked for (see
``answer_types``), countries, regions, cities or other names the plan never mentions, and years its closest
paragraphs never mention."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from assistant.answer_types import (
    DOCUMENT_LANGUAGE,
    asked,
    asks_address,
    asks_event_date,
    asks_person,
    asks_place,
    asks_precise_date,
    asks_quantity,
    asks_when,
    asks_where_to_go,
    asks_year,
    in_first_person,
    states_address,
    states_date,
    states_event,
    states_office,
    states_person,
    states_place,
    states_quantity,
    states_year,
)
from assistant.lang import cue_words, zipf
from assistant.question import content_words
from assistant.reference import read_set
from assistant.retrieve import Retrieval, Retriever
from ingest.languages import CODES


class Gap(NamedTuple):
    """Why the plan cannot answer: ``kind`` is "evidence" (weak or none), "offtopic", "quantity",
    "date", "office", "address", "place", "person", "name" (``detail``: the name the plan never
    mentions) or "year" (``detail``: a year the closest paragraphs never mention)."""

    kind: str
    detail: str = ""


POOL_MARGIN = 0.05
# On gold-dev the off-topic cosine exceeds the best paragraph's by at most 0.013 for answerable
# questions and by at least 0.055 for the plainly off-topic ones (recipes, weather, sport); the
# margin sits half-way, leaving room for questions framed by the asker's own situation ("Ich wohne
# in Kerkrade und arbeite in Aachen – ...": 0.026), which read like everyday questions.
OFFTOPIC_MARGIN = 0.035
# A name inside a sentence: a run of capitalised words ("Den Haag", "Philips").
_NAME = re.compile(r"(?:(?<=[^\W\d_] )|(?<=[^\W\d_], ))[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*")


@cache
def _situating(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """How a question in ``language`` (the plan's for one no data file describes) says where the asker lives,
    works or comes from, right before a place; and which of those words place an event as readily (the
    ``situated`` and ``located`` question words of ``answer_words``). Only the question's own language's:
    French "en" is Dutch "and" ("met Duitsland en Italië" asks about Italy)."""
    own = (language if language in CODES else DOCUMENT_LANGUAGE,)
    before = rf"\b({asked('situated', own)})\s+({asked('situated_article', own)})?$"
    return re.compile(before, re.IGNORECASE), re.compile(asked("located", own), re.IGNORECASE)


def unknown_names(question: str, corpus: str, vocabulary: frozenset[str] = frozenset()) -> list[str]:
    """Names inside a sentence (runs of capitalised words: "Den Haag", acronyms) with a word that never
    occurs in ``corpus`` (lower-cased; or its ``Retriever.lexicon``, the same for a run of letters).

    A place after "uit" or "naar", or after "in", "bij", "te" in a question about the asker (``_situated``), is
    where they live or work ("ik woon in Kerkrade"), not what they ask about: it does not count. Nor does a
    compound of two words of ``vocabulary`` ("EU-Werkingsverdrag": "werking" + "verdrag", for "Verdrag
    betreffende de werking").
    """
    names = [m.group(0).strip("'’-") for m in _NAME.finditer(question) if not _situated(question, m.start(), "nl")]
    return [n for n in names if not all(p.lower() in corpus or compound(p.lower(), vocabulary) for p in _name_parts(n))]


def _name_parts(name: str) -> list[str]:
    """The capitalised words of a name: "Benelux" in "Benelux-experiment", whose lower-case part is an
    ordinary word (which the plan may word otherwise: "proef")."""
    return [p for p in re.findall(r"[^\W\d_]+", name) if p[0].isupper()]


def compound(word: str, vocabulary: frozenset[str]) -> bool:
    """``word`` is two words of ``vocabulary`` of four letters or more, maybe joined by a linking "s"."""
    for cut in range(4, len(word) - 3):
        head, tail = word[:cut], word[cut:]
        if tail in vocabulary and (head in vocabulary or (head.endswith("s") and head[:-1] in vocabulary)):
            return True
    return False


PLACES = Path(__file__).with_name("places.tsv")


def _named(names: list[str]) -> re.Pattern[str]:
    """One pattern for any of ``names`` as a whole word (hyphens join words: "Noordrijn-Westfalen")."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


@lru_cache(maxsize=1)
def _place_rows() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """Each place of ``places.tsv``: its names as written in the served languages, and its lower-case
    Dutch names (the plan's own spelling and its variants)."""
    columns = read_set(PLACES)
    return tuple(
        (
            tuple(columns[lang][row] for lang in CODES),
            tuple(n.lower() for n in (columns["nl"][row], *filter(None, also.split(";")))),
        )
        for row, also in enumerate(columns["also"])
    )


@lru_cache(maxsize=4)
def _places(corpus: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two patterns over the countries, regions and cities of ``places.tsv``, named in any of the four
    languages: those ``corpus`` (a lower-cased Dutch plan) never names, nor a group that holds them
    ("noordse" for Denmark, "baltische" for Estonia); and those it does name."""
    rows = _place_rows()
    # Which of them the plan names, in one pass over it (a pattern per place took 0.4 s at the first question).
    named = {m.group(0) for m in _named([n for _, names in rows for n in names]).finditer(corpus)}
    absent: list[str] = []
    present: list[str] = []
    for written, names in rows:
        (present if named.intersection(names) else absent).extend(written)
    return _named(absent), _named(present)


@lru_cache(maxsize=1)
def _all_places() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """Every place of ``places.tsv`` as written in any served language, and each one's Dutch names."""
    dutch: dict[str, tuple[str, ...]] = {}
    for written, names in _place_rows():
        for name in written:
            dutch.setdefault(name, names)
    return _named(list(dutch)), dutch


def places_in(question: str, language: str) -> list[tuple[str, ...]]:
    """The Dutch names of each country, region or city the question asks about (not where the asker
    lives or works)."""
    pattern, dutch = _all_places()
    return [dutch[m.group(0)] for m in pattern.finditer(question) if not _situated(question, m.start(), language)]


def unknown_places(question: str, corpus: str, language: str) -> list[str]:
    """Countries, regions and cities the question names (as written, capitalised, in any served
    language) that the plan never mentions: "Le plan prévoit-il une coopération avec l'Italie ?".
    A name inside a place the plan does mention ("Saxony" in "Lower Saxony") does not count, nor where the asker
    lives, works or comes from (``_situating``; "in" only in a question about themselves)."""
    absent, present = _places(corpus)
    question = present.sub(" ", question)
    return [m.group(0) for m in absent.finditer(question) if not _situated(question, m.start(), language)]


YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_YEAR_ASKED = re.compile(r"(?<![\d/(])(?:19|20)\d\d(?![\d/)])")  # not inside a reference: "2019/941"
_YEARS = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d)(?!\d)")


def _years_in(text: str) -> tuple[frozenset[int], tuple[tuple[int, int], ...]]:
    """The years a text names, and the spans it names ("2026-2030", "2026/2027")."""
    spans = tuple((int(a), int(b)) for a, b in _YEARS.findall(text))
    return frozenset(int(y) for y in YEAR.findall(text)), spans


_years_of = lru_cache(maxsize=4)(_years_in)  # the documents' years, once per corpus


def _unnamed_years(question: str, named: frozenset[int], spans: tuple[tuple[int, int], ...]) -> list[str]:
    """Years the question names (not inside a reference such as "2019/941") outside ``named`` and ``spans``."""
    return [
        y for y in _YEAR_ASKED.findall(question) if int(y) not in named and not any(a <= int(y) <= b for a, b in spans)
    ]


def unknown_years(question: str, corpus: str) -> list[str]:
    """Years the question names that the documents never name, nor fall within a span they name: "Wat waren
    de prioriteiten in 2031?" asks about another plan."""
    return _unnamed_years(question, *_years_of(corpus))


def unaddressed_years(question: str, retrieval: Retrieval, retriever: Retriever) -> list[str]:
    """Years the question names, other than its documents' own, that none of the three closest paragraphs
    names or spans: "Welk land is in 2027 voorzitter?" asks about another year than the one they describe.
    None at all when a document's own year is unknown (neither its title nor its file name gave one)."""
    own = {h.chunk.document.year for h in retrieval.hits}
    if None in own or not _YEAR_ASKED.search(question):  # most questions name no year: no paragraph to read
        return []
    closest = "\n".join(retriever.lowered[h.index] for h in retrieval.hits[:3])
    return [y for y in _unnamed_years(question, *_years_in(closest)) if int(y) not in own]


def _situated(question: str, start: int, language: str) -> bool:
    """The name at ``start`` is where the asker lives, works or comes from (``_situating``, in the question's
    language); after "in" and the like only in a question about themselves."""
    situated, located = _situating(language)
    found = situated.search(question[:start])
    if found is None:
        return False
    return not (located.fullmatch(found.group(1)) and not in_first_person(question))


def pool(retrieval: Retrieval, retriever: Retriever, margin: float) -> list[tuple[str, str]]:
    """The sentences of the top paragraphs within ``margin`` of the closest one to the question, each with
    its document's language (the language a text states an answer type in)."""
    scores = retrieval.sentence_scores
    ids = [s for h in retrieval.hits[:3] for s in retriever.sentences_of[h.index]]
    best = max((float(scores[s]) for s in ids), default=0.0)
    return [
        (retriever.stored.sentences[s].text, retriever.chunks[int(retriever.sentence_owner[s])].document.language)
        for s in ids
        if scores[s] >= best - margin
    ]


# (kind, does the question ask for it, does a sentence state it, how far below the closest sentence
# one may state it). A precise date must be in the closest sentence itself: the plan dates many
# events ("eind 2026 een tweede studiedag"), and a wider pool let a date question about one event
# be answered by another's date (on the dev sets: two more unanswered date questions abstained,
# no answerable one). When an entry into force, a decision, an opening, a ratification, a publication,
# an obligation or an end happens needs a sentence naming that event and a time ("Wann tritt das
# Abkommen in Kraft?" is not answered by "eind 2025 goedgekeurd"). A year asked needs one in the
# closest sentence. A web address asked needs one.
CHECKS: tuple[tuple[str, Callable[[str], bool], Callable[[str, str, str], bool], float], ...] = (
    ("quantity", asks_quantity, states_quantity, POOL_MARGIN),
    ("date", asks_precise_date, states_date, 0.0),
    ("date", asks_event_date, states_event, POOL_MARGIN),
    ("date", asks_year, states_year, 0.0),
    ("office", asks_where_to_go, states_office, POOL_MARGIN),
    ("address", asks_address, states_address, POOL_MARGIN),
    ("place", asks_place, states_place, POOL_MARGIN),
    ("person", asks_person, states_person, POOL_MARGIN),
)


def states_asked(question: str) -> Callable[[str, str], bool] | None:
    """Whether a sentence (of a document in a language) states what the question asks for, an amount, a date,
    a desk, an address, a place or a person; ``None`` when it asks for none of these."""
    asked = [states for _, asks, states, _ in CHECKS if asks(question)]
    if asks_when(question) and states_year not in asked:  # whatever it asks the time of, its answer names one
        asked.append(states_year)
    if not asked:
        return None
    return lambda text, language: any(states(text, question, language) for states in asked)


# A question asking for a precise date, a place or a person whose closest sentence states one has found
# its answer even a little below the abstention threshold ("Où et quand s'est tenu le dernier sommet
# ...?" scores 0.813 against "Tijdens hun top van 10 september jongstleden in Luxemburg ..."). On the
# dev sets this answered two such questions that had abstained, and no unanswerable one.
# A year is no such find: the plan names one in most sentences.
TYPED_RELIEF = 0.025
_TYPED = (asks_precise_date, asks_event_date, asks_place, asks_person)


def typed_answer_found(question: str, retrieval: Retrieval, retriever: Retriever, threshold: float) -> bool:
    """The best match scores within ``TYPED_RELIEF`` below ``threshold``, and the question asks for a
    date, a place or a person that the closest sentence states."""
    if not retrieval.hits or retrieval.best_dense < threshold - TYPED_RELIEF:
        return False
    closest = pool(retrieval, retriever, 0.0)
    return any(
        asks(question) and any(states(text, question, document) for text, document in closest)
        for _, asks, states, _ in CHECKS
        if asks in _TYPED
    )


def missing(question: str, language: str, retrieval: Retrieval, retriever: Retriever) -> Gap | None:
    """Why the evidence cannot answer the question (``None`` when it may): the question is closer
    to one of the everyday off-topic questions (``reference.py``) than to the best paragraph (unless
    that paragraph cites an identifier the question names), the kind of answer asked for (an
    amount, a date, a desk to apply at, the place of an event, a person) is absent from the closest
    sentences, the question names a country, region or city the documents never mention (any language), a year
    they never mention or, other than their own, that the closest paragraphs never mention, or a question in the
    documents' own language names something else they never mention."""
    if not retrieval.hits:
        return Gap("evidence")
    offtopic = retriever.references.offtopic_score(retrieval.query)
    if not retrieval.hits[0].identified and offtopic > retrieval.best_dense + OFFTOPIC_MARGIN:
        return Gap("offtopic")
    for kind, asks, states, margin in CHECKS:
        if not asks(question):
            continue
        if not any(states(text, question, document) for text, document in pool(retrieval, retriever, margin)):
            return Gap(kind)
    if places := unknown_places(question, retriever.corpus, language):
        return Gap("name", places[0])
    if years := unknown_years(question, retriever.corpus):
        return Gap("name", years[0])
    if years := unaddressed_years(question, retrieval, retriever):
        return Gap("year", years[0])
    if language == retriever.language and (names := unknown_names(question, retriever.lexicon, retriever.vocabulary)):
        return Gap("name", names[0])
    return None


def why_unanswered(
    question: str, language: str, retrieval: Retrieval, retriever: Retriever, threshold: float
) -> Gap | None:
    """Why the plan cannot answer the question (``None`` when it may): weak evidence (the best match scores
    below ``threshold``, unless it cites an identifier the question names or states the date, place or person
    asked, see ``typed_answer_found``), else what ``missing`` finds. Weak evidence names a word of the question
    that the documents never use, when there is one."""
    if not retrieval.hits:
        return Gap("evidence")
    if weak_evidence(question, retrieval, retriever, threshold):
        return unmentioned(question, language, retriever) or Gap("evidence")
    return missing(question, language, retrieval, retriever)


def weak_evidence(question: str, retrieval: Retrieval, retriever: Retriever, threshold: float) -> bool:
    """The best match scores below ``threshold``, and neither cites an identifier the question names nor
    states the date, place or person it asks for."""
    return (
        retrieval.best_dense < threshold
        and not retrieval.hits[0].identified
        and not typed_answer_found(question, retrieval, retriever, threshold)
    )


STEM = 5  # a word is held by a text holding its first letters: "grensarbeider" in "grensarbeiders"


def held(word: str, text: str) -> bool:
    """Whether ``text`` (lower-cased) holds the word or its stem, inside a compound too ("wasbeer" in
    "wasbeerbeheer")."""
    word = word.lower()
    return (word[: max(STEM, len(word) - 2)] if len(word) > STEM else word) in text


def unmentioned(question: str, language: str, retriever: Retriever) -> Gap | None:
    """A word of a question in the documents' own language that they never use, even inside a compound:
    the reason an abstention gives in the asker's words ("It never mentions 'visquota'"). Of several, the
    rarest in everyday use names the missing concept, not a verb of the asking ("geldt", "woon"); a
    question word ("wanneer") never does."""
    if language != retriever.language:
        return None
    asking = cue_words(language)
    absent = [
        word
        for word in content_words(question)
        if len(word) > 3
        and not word.isdigit()
        and word.lower() not in asking
        and not (held(word.lower(), retriever.lexicon) or compound(word.lower(), retriever.vocabulary))
    ]
    return Gap("name", min(absent, key=lambda w: zipf(w.lower(), language))) if absent else None
