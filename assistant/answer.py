"""Extractive answers: the best sentences of the top paragraphs, each followed by its ``[n]``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant import sentence_rank
from assistant.coverage import Gap
from assistant.model import Citation
from assistant.retrieve import Hit, Retrieval
from index.store import Sentence
from ingest.agenda import AgendaItem
from ingest.model import Chunk
from ingest.parse import opens_back

FRAMES = {
    "nl": "Volgens het jaarplan",
    "fr": "Selon le plan annuel",
    "de": "Laut dem Jahresplan",
    "en": "According to the annual plan",
}
COLON = {"fr": "\u202f:"}  # French typography: a (narrow no-break) space before the colon
NOT_COVERED = {
    "nl": "Het jaarplan lijkt deze vraag niet te behandelen.",
    "fr": "Le plan annuel ne semble pas traiter cette question.",
    "de": "Der Jahresplan scheint diese Frage nicht zu behandeln.",
    "en": "The annual plan does not seem to cover this question.",
}
# What the closest passages lack, by ``coverage.Gap`` kind (weak evidence and off-topic questions need no more).
WHY = {
    "quantity": {
        "nl": "De meest verwante passages noemen er geen bedrag of aantal voor.",
        "fr": "Les passages les plus proches n'indiquent ni montant ni nombre.",
        "de": "Die nächstliegenden Passagen nennen dafür weder einen Betrag noch eine Zahl.",
        "en": "The closest passages give no amount or number for it.",
    },
    "date": {
        "nl": "De meest verwante passages noemen er geen datum voor.",
        "fr": "Les passages les plus proches n'indiquent aucune date.",
        "de": "Die nächstliegenden Passagen nennen dafür kein Datum.",
        "en": "The closest passages give no date for it.",
    },
    "office": {
        "nl": "De meest verwante passages noemen geen loket, portaal of instantie waar u terechtkunt.",
        "fr": "Les passages les plus proches ne désignent aucun guichet, portail ou organisme auquel s'adresser.",
        "de": "Die nächstliegenden Passagen nennen keine Anlaufstelle, kein Portal und keine Behörde.",
        "en": "The closest passages name no desk, portal or agency to turn to.",
    },
    "address": {
        "nl": "De meest verwante passages geven er geen web- of e-mailadres voor.",
        "fr": "Les passages les plus proches ne donnent aucune adresse web ou e-mail.",
        "de": "Die nächstliegenden Passagen nennen dafür keine Web- oder E-Mail-Adresse.",
        "en": "The closest passages give no web or email address for it.",
    },
    "place": {
        "nl": "De meest verwante passages noemen er geen plaats voor.",
        "fr": "Les passages les plus proches n'indiquent aucun lieu.",
        "de": "Die nächstliegenden Passagen nennen dafür keinen Ort.",
        "en": "The closest passages name no place for it.",
    },
    "person": {
        "nl": "De meest verwante passages noemen er niemand bij naam voor.",
        "fr": "Les passages les plus proches ne nomment personne.",
        "de": "Die nächstliegenden Passagen nennen dafür niemanden namentlich.",
        "en": "The closest passages name no one for it.",
    },
    "year": {
        "nl": "De meest verwante passages zeggen niets over {detail}.",
        "fr": "Les passages les plus proches ne disent rien de {detail}.",
        "de": "Die nächstliegenden Passagen sagen nichts über {detail}.",
        "en": "The closest passages say nothing about {detail}.",
    },
    "name": {
        "nl": "Het noemt \u201c{detail}\u201d nergens.",
        "fr": "Il ne mentionne nulle part « {detail} ».",
        "de": "Er erwähnt \u201e{detail}\u201c nirgends.",
        "en": "It never mentions \u201c{detail}\u201d.",
    },
}
CLOSEST = {
    "nl": "De meest verwante onderdelen zijn:",
    "fr": "Les parties les plus proches sont\u202f:",
    "de": "Am nächsten kommen diese Abschnitte:",
    "en": "The closest sections are:",
}
# A question about a period ("Was passiert Ende 2026?") is answered from the agenda, in the asker's words.
AGENDA_FRAME = {
    "nl": "Volgens het jaarplan staat voor {when} het volgende gepland:",
    "fr": "Selon le plan annuel, voici ce qui est prévu pour {when}\u202f:",
    "de": "Laut dem Jahresplan ist für {when} Folgendes vorgesehen:",
    "en": "According to the annual plan, this is planned for {when}:",
}
AGENDA_NONE = {
    "nl": "Het jaarplan noemt niets dat voor {when} gepland staat.",
    "fr": "Le plan annuel ne date rien pour {when}.",
    "de": "Der Jahresplan nennt für {when} nichts Datiertes.",
    "en": "The annual plan dates nothing for {when}.",
}
CITATION_MARGIN = 0.05


@dataclass(frozen=True)
class Composed:
    """The answer text, its citations and whether it abstained."""

    text: str
    citations: tuple[Citation, ...]
    abstained: bool


def section_label(hit: Hit) -> str:
    """'§2.1 Title' for numbered sections, the title alone for named parts."""
    chunk = hit.chunk
    prefix = f"§{chunk.section} " if chunk.section[:1].isdigit() else ""
    return f"{prefix}{chunk.section_title}" + (f" — {chunk.heading}" if chunk.heading else "")


def choose_citations(hits: list[Hit], most: int) -> list[Hit]:
    """Between 3 and ``most`` hits: the top three, then those nearly as close as the best."""
    if not hits:
        return []
    best = hits[0].dense
    return [h for k, h in enumerate(hits[:most]) if k < 3 or h.dense >= best - CITATION_MARGIN]


def pick_sentences(
    cited: list[Hit],
    retrieval: Retrieval,
    sentences_of: list[list[int]],
    sentences: list[Sentence],
    question: str = "",
) -> list[tuple[int, int]]:
    """(citation number, sentence index) of the sentences to quote: first the one ``sentence_rank`` finds
    likeliest to state the answer, whatever its place in its paragraph (the reader takes the first quoted
    sentence for the answer), then those nearly as likely, paragraph by paragraph in reading order. A
    sentence that opens by pointing back ("Dit pakket ...") comes right after the sentence it points to."""
    chosen = sentence_rank.chosen(question, cited, retrieval, sentences_of, sentences)
    if not chosen:  # the cited paragraphs hold no sentence
        return []
    runs = [_run(c, cited, sentences_of, sentences) for c in chosen]
    further = {p for run in runs[1:] for p in run} - set(runs[0])
    leading = list(dict.fromkeys(n for n, _ in chosen))  # citations by their best chosen sentence
    rest = sorted(further, key=lambda x: (leading.index(x[0]), sentences[x[1]].ordinal))
    placed: list[tuple[int, int]] = []
    for p in runs[0] + rest:
        b = _antecedent(p, cited, sentences_of, sentences)
        placed.insert(placed.index(b) + 1 if b in placed else len(placed), p)
    return placed


def _run(
    pick: tuple[int, int], cited: list[Hit], sentences_of: list[list[int]], sentences: list[Sentence]
) -> list[tuple[int, int]]:
    """``pick`` after the sentences it points back to ("Zij zijn ...", "Dit probleem ..."), in reading order."""
    run = [pick]
    while (b := _antecedent(run[0], cited, sentences_of, sentences)) is not None:
        run.insert(0, b)
    return run


def _antecedent(
    pick: tuple[int, int], cited: list[Hit], sentences_of: list[list[int]], sentences: list[Sentence]
) -> tuple[int, int] | None:
    """The sentence before ``pick`` in its paragraph, when ``pick`` opens by pointing back to it."""
    n, s = pick
    own = sentences_of[cited[n - 1].index]
    k = own.index(s)
    return (n, own[k - 1]) if k and opens_back(sentences[s].text, cited[n - 1].chunk.document.language) else None


def compose(
    language: str,
    retrieval: Retrieval,
    sentences_of: list[list[int]],
    sentences: list[Sentence],
    most: int,
    gap: Gap | None,
    question: str = "",
) -> Composed:
    """An extractive cited answer to ``question``, or (a ``gap``) a plain "not covered", what the closest
    passages lack, and the closest sections."""
    hits = retrieval.hits
    if gap is not None or not hits:
        closest = hits[:3]
        listing = "; ".join(dict.fromkeys(section_label(h) for h in closest))
        why = WHY.get(gap.kind, {}).get(language, "").format(detail=gap.detail) if gap else ""
        parts = (NOT_COVERED[language], why, CLOSEST[language] if listing else "", f"{listing}." if listing else "")
        return Composed(" ".join(p for p in parts if p), _citations(closest, {}), True)
    cited = choose_citations(hits, most)
    picked = pick_sentences(cited, retrieval, sentences_of, sentences, question)
    cited, picked = _in_order_of_quoting(cited, picked)
    used: dict[int, list[str]] = {}
    for n, s in picked:
        used.setdefault(n, []).append(sentences[s].text)
    quoted = " ".join(f'"{text}" [{n}]' for n, text in _quotes(picked, cited, sentences_of, sentences))
    return Composed(f"{FRAMES[language]}{COLON.get(language, ':')} {quoted}", _citations(cited, used), False)


def compose_agenda(language: str, when: str, items: Sequence[AgendaItem], chunk_of: dict[str, Chunk]) -> Composed:
    """The agenda's items for a period, one quoted sentence each with its time phrase, cited by paragraph
    (score 1.0: matched by date, not by similarity); abstains when the plan dates nothing then."""
    if not items:
        return Composed(AGENDA_NONE[language].format(when=when), (), True)
    numbers = {cid: n for n, cid in enumerate(dict.fromkeys(i.chunk_id for i in items), 1)}
    lines = [f'- {i.when}: "{i.text}" [{numbers[i.chunk_id]}]' for i in items]
    used: dict[int, list[str]] = {}
    for i in items:
        used.setdefault(numbers[i.chunk_id], []).append(i.text)
    citations = tuple(_citation(n, chunk_of[cid], 1.0, used.get(n, ())) for cid, n in numbers.items())
    return Composed("\n".join([AGENDA_FRAME[language].format(when=when), *lines]), citations, False)


def _quotes(
    picked: list[tuple[int, int]], cited: list[Hit], sentences_of: list[list[int]], sentences: list[Sentence]
) -> list[tuple[int, str]]:
    """(citation number, text) of each quote: a sentence quoted right after the one it points back to is one
    quote with it."""
    quotes: list[tuple[int, str]] = []
    for k, pick in enumerate(picked):
        text = sentences[pick[1]].text
        if k and _antecedent(pick, cited, sentences_of, sentences) == picked[k - 1]:
            quotes[-1] = (pick[0], f"{quotes[-1][1]} {text}")
        else:
            quotes.append((pick[0], text))
    return quotes


def _in_order_of_quoting(cited: list[Hit], picked: list[tuple[int, int]]) -> tuple[list[Hit], list[tuple[int, int]]]:
    """Citations renumbered so that the answer's markers count up from [1] as it reads; the paragraphs it
    does not quote follow in rank order."""
    order = list(dict.fromkeys([n for n, _ in picked] + list(range(1, len(cited) + 1))))
    number = {old: new for new, old in enumerate(order, 1)}
    return [cited[n - 1] for n in order], [(number[n], s) for n, s in picked]


def _citations(hits: list[Hit], used: dict[int, list[str]]) -> tuple[Citation, ...]:
    return tuple(_citation(n, h.chunk, h.dense, used.get(n, ())) for n, h in enumerate(hits, 1))


def _citation(n: int, chunk: Chunk, score: float, used: Sequence[str]) -> Citation:
    return Citation(
        n=n,
        chunk_id=chunk.id,
        document=chunk.document.title,
        section=chunk.section,
        section_title=chunk.section_title,
        heading=chunk.heading,
        text=chunk.text,
        score=round(float(np.clip(score, 0.0, 1.0)), 4),
        year=chunk.document.year,
        used_sentences=tuple(used),
    )
