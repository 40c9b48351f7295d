"""Does the evidence hold the kind of answer the question asks for? (expected-answer-type checks)"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from assistant.reference import read_set
from assistant.retrieve import Retrieval, Retriever


class Gap(NamedTuple):
    """Why the plan cannot answer: ``kind`` is "evidence" (weak or none), "offtopic", "quantity",
    "date", "office", "place", "person" or "name" (``detail``: the name the plan never mentions)."""

    kind: str
    detail: str = ""


POOL_MARGIN = 0.05
# On gold-dev the off-topic cosine exceeds the best paragraph's by at most 0.013 for answerable
# questions and by at least 0.055 for the plainly off-topic ones (recipes, weather, sport); the
# margin sits half-way, leaving room for questions framed by the asker's own situation ("Ich wohne
# in Kerkrade und arbeite in Aachen – ...": 0.026), which read like everyday questions.
OFFTOPIC_MARGIN = 0.035
# A speed or a weight asked for: how fast or heavy, or the highest one allowed ("Wie schnell dürfen
# E-Scooter fahren?", "maximaal toegestaan gewicht LZV"); not the "Maten en Gewichten" directive.
_SPEED = (
    r"wie schnell|hoe snel|how fast|quelle vitesse|vitesse maximale|h[öo]chstgeschwindigkeit|topsnelheid|"
    r"maximumsnelheid|maximalgeschwindigkeit|speed limit|snelheidslimiet|tempolimit|limitation de vitesse|"
    r"(maximum|maximale?|maximaal|toegestane?|toegestaan|zul[äa]ssige?) (speed|snelheid|vitesse|geschwindigkeit)"
)
_WEIGHT = (
    r"hoe zwaar|wie schwer|how heavy|quel poids|poids maximal|gesamtgewicht|h[öo]chstgewicht|"
    r"(maximum|maximale?|maximaal|toegestane?|toegestaan|zul[äa]ssige?s?)( \w+)? (gewicht|weight|poids)"
)
# How long something lasts or has lasted: a date or a year answers it ("tot midden 2027", "sinds 2019").
_HOW_LONG = re.compile(
    r"\b(hoe ?lang|combien de temps|depuis combien|wie lange?|how long)\b",
    re.IGNORECASE,
)
_HOW_MUCH = re.compile(
    r"\b(hoeveel|hoelang|hoe (hoog|groot|duur|lang|zwaar|veel)|wat kost|combien|"
    r"quel(le)? (est|sont) le (montant|taux|prix)|"
    r"quel poids|wie (viel|viele|vielen|hoch|teuer|lang|lange|schwer)|was kostet|how (much|many|high|long|heavy)|"
    r"what does .{1,40} cost|(what|which) (share|proportion|percentage)|quel(le)? (part|pourcentage|proportion)|"
    r"welche[rn]? (anteil|prozentsatz)|welk(e)? (deel|aandeel|percentage)|"
    r"(en|in) (euros?|gigawatts?|megawatts?|gw|mw|kilom[eè]tres?|kilometers?|km|tonnes?|tonnen|tons?)|"
    rf"{_SPEED}|{_WEIGHT})\b",
    re.IGNORECASE,
)
# An amount asked in a unit (money, a share, a distance, days, hours, opening hours, a speed, a
# weight), by "how much" or by naming the amount ("openingstijden helpdesk"), is stated only by a text
# that names the unit: a plan's other numbers (a count of workers, a parcel limit) do not answer it.
_UNITS = (
    (
        r"\w*geld\b|\bmoney\b|\bfund(s|ing)\b|\bargent\b|\beuros?\b|€|\bsubsidies?\b|\bsubventions?\b|"
        r"\b(förder|finanz)mittel|\bfinanciering\b|\bfinancement\b|\bfinancing\b",
        r"€|\beuros?\b|\bEUR\b|\bmiljoen|\bmiljard",
    ),
    (r"procent|percent|pour ?cent|prozent|%|\bshare\b|proportion|\banteil\b|\baandeel\b|quelle part", r"%|procent"),
    (r"kilomet|\bkm\b|\bmiles?\b", r"\bkm\b|kilometer"),
    (r"\b(dagen|jours|tage|tagen|days)\b", r"\bdag(en)?\b"),
    (r"\b(uren|heures|stunden|hours)\b|openingstijden|horaires|öffnungszeiten", r"\b(uur|uren)\b"),
    (r"\b(giga|mega|tera)watt|\b(gw|mw|twh)\b", r"\b(gw|mw|twh)\b|(giga|mega|tera)watt"),
    (_SPEED, r"km/[uh]\b|kilometer per uur"),
    (_WEIGHT, r"\b(ton|tonnen|kg|kilogram)\b"),
)
# A fine or a salary is an amount of money when its value is asked ("Welche Geldbuße droht?", "Quel est
# le salaire ...?"); a yes-or-no, how or why question about fines ("Komt er een boete voor ...?") is
# answered by a text naming sanctions, one about pay by a text naming pay.
_FINES = r"\bboetes?\b|\bamendes?\b|bu[sß]geld|geldbu[sß]e|\bfines?\b"
_PAY = (
    r"\bsalaris\w*|\bloon\b|\blonen\b|\bsalaires?\b|rémunération|\bgeh[aä]lt(er)?\b|\blohn\b|\blöhne\b|"
    r"\bsalar(y|ies)\b|\bwages?\b"
)
_VALUE_UNITS = ((f"{_FINES}|{_PAY}", _UNITS[0][1]),)
_PRICED = re.compile(
    r"tarief|tarieven|boete|bedrag|budget|kosten|openingstijden|montant|taux|prix|co[uû]t|amende|"
    r"heures d.ouverture|horaires|betrag|preis|bu[sß]geld|geldbu[sß]e|öffnungszeiten|price|amount|\bfines?\b|"
    r"opening hours|percentage|pourcentage|prozentsatz|" + _PAY,
    re.IGNORECASE,
)
# The things a question may name instead of asking "how much", with the (Dutch) stems of a text
# that names them too.
_PRICED_THINGS = (
    (r"tarie|taux|tarif|\brates?\b|satz", r"tarie"),
    (r"boete|amende|bu[sß]geld|geldbu[sß]e|\bfines?\b", r"boete|sanctie"),
    (r"bedrag|montant|betrag|amount", r"bedrag"),
    (r"budget", r"budget|begroting"),
    (r"kost|co[uû]t|\bcosts?\b", r"kost"),
    (r"prijs|prix|preis|price", r"prijs|price"),
    (_PAY, r"salaris|\bloon|\blonen|bezoldig|wedde|inkomen"),
)
_HOW_OR_WHY = re.compile(r"\b(hoe|waarom|comment|pourquoi|wie|warum|wieso|weshalb|how|why)\b", re.IGNORECASE)
_INTERROGATIVE = re.compile(
    r"\b(wat|wie|welke?|waar|waarom|wanneer|hoe|hoeveel|quel|quelle|quels|quelles|combien|quand|où|comment|"
    r"pourquoi|qui|que|qu|quoi|lequel|laquelle|was|wer|wen|wem|wessen|welche[mnrs]?|wo|wozu|wofür|womit|"
    r"worüber|wann|warum|wieso|weshalb|wieviele?|what|who|whom|whose|which|where|when|why|how)\b",
    re.IGNORECASE,
)
_ASKS_PRECISE_DATE = re.compile(
    r"\b(op welke datum|welke dag|welke maand|vanaf welke maand|datum|quelle date|date|quel jour|quel mois|"
    r"an welchem tag|welche[mn]? (tag|monat|datum)|datum|what date|which day|which month|on what day|"
    r"(wanneer|quand|wann|when) (precies|exactement|pr[ée]cis[ée]ment|genau|exactly|precisely))\b",
    re.IGNORECASE,
)
_MONTH_NAMES = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_MONTHS = f"{_MONTH_NAMES}|voorjaar|najaar|zomer|winter|lente|herfst|kwartaal|begin|midden|eind|einde"
_STATES_DATE = re.compile(rf"\b({_MONTHS})\b|\b\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}\b", re.IGNORECASE)
_YEARS_AND_REFERENCES = re.compile(
    r"\d+/\d+(/\w+)?"  # legal references: Richtlijn 2010/40/EU, (EU) 2023/2841
    r"|\b(19|20)\d{2}\b|\(\d{4}\)\d*"  # years
    r"|\b(artikel|article|art\.)s?\s*\d+(\s*(en|et|und|and|,)\s*\d+)*"  # articles: "artikel 13 en 17"
    r"|§\s*\d+(\.\d+)*|\b\d{1,2}\.\d{1,2}\b(?![.,]?\d)"  # section numbers: § 2.4, (zie 3.1)
    rf"|\b\d{{1,2}}\s+({_MONTH_NAMES})\b"  # days of a month: "1 januari"
    r"|^\s*\d{1,2}[.)]\s"  # list numbers: "1. Economische samenwerking"
    r"|\b\d+\^?(e|de|ste)\b"  # ordinals: "de 40^e verjaardag", "de 2de editie"
)
_NUMBER_WORDS = (
    r"twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|veertig|vijftig|honderd|"
    r"duizend|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|vingt|cent|mille|"
    r"zwei|drei|fünf|sechs|sieben|neun|zehn|zwölf|zwanzig|hundert|tausend|"
    r"two|three|four|five|seven|eight|nine|ten|twelve|twenty|hundred|thousand"
)
# A number in digits or words and the (up to) three words after it: what it counts ("300.000 tot
# 350.000 grensarbeiders", "twee extra uitvoeringsakkoorden").
_COUNTED = re.compile(rf"(?:(\d)[\d.,]*|\b(?:{_NUMBER_WORDS})\b)((?:\s+[^\W\d_][\w'’-]*){{0,3}})", re.IGNORECASE)
# A name inside a sentence: a run of capitalised words ("Den Haag", "Philips").
_NAME = re.compile(r"(?:(?<=[^\W\d_] )|(?<=[^\W\d_], ))[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*")


def asks_quantity(question: str) -> bool:
    """The question asks for an amount, a price, a rate, a weight or a count."""
    return bool(_HOW_MUCH.search(question) or _PRICED.search(question))


def states_quantity(text: str, question: str = "") -> bool:
    """The text names the unit of an amount asked in one (money, a share, kilometres, days, hours),
    and it holds a number (digits 0-9) other than a year, a day, a section or a legal reference
    (followed by what a Dutch count asks for, see ``_counts_in_dutch``); or counts in words
    something the question names ("acht fora" for "hoeveel fora"; a question in another language
    names nothing a Dutch count can be matched to, and "drie landen" is everywhere); or names
    the price, rate or fine a question mentions without asking its value: yes or no ("Will tenders
    be judged on more than price?"), how or why ("Comment partager les coûts ?"). Asked only for a
    question that ``asks_quantity``."""
    value = _asks_value(question)
    units = _UNITS + _VALUE_UNITS if value else _UNITS
    if any(
        re.search(asked, question, re.IGNORECASE) and not re.search(unit, text, re.IGNORECASE) for asked, unit in units
    ):
        return False
    if _HOW_LONG.search(question) and (states_date(text) or re.search(r"\b(19|20)\d{2}\b", text)):
        return True
    asked = {w[:4] for w in re.findall(r"[^\W\d_]{4,}", question.lower())}
    dutch_count = _counts_in_dutch(question, units)
    for m in _COUNTED.finditer(_YEARS_AND_REFERENCES.sub(" ", text)):
        if m.group(1) and not dutch_count:
            return True
        if any(w[:4] in asked for w in re.findall(r"[^\W\d_]{4,}", m.group(2).lower())):
            return True
    if value:
        return False
    return any(
        re.search(noun, question, re.IGNORECASE) and re.search(stems, text, re.IGNORECASE)
        for noun, stems in _PRICED_THINGS
    )


def _counts_in_dutch(question: str, units: tuple[tuple[str, str], ...]) -> bool:
    """A Dutch "hoeveel" question counting something other than a price or a unit of money, share,
    distance or time: it is answered by a number followed by what it asked to count ("hoeveel grensarbeiders":
    "350.000 grensarbeiders"; not "hoeveel mensen werken bij het secretariaat"). In another language
    the counted word cannot be matched to the Dutch text."""
    if not re.search(r"\bhoeveel\b", question, re.IGNORECASE) or _PRICED.search(question):
        return False
    if any(re.search(noun, question, re.IGNORECASE) for noun, _ in _PRICED_THINGS):  # "hoeveel kost ..."
        return False
    return not any(re.search(asked, question, re.IGNORECASE) for asked, _ in units)


def _asks_value(question: str) -> bool:
    """The question asks for the value itself ("how much", "which fine"), not yes or no, how or why."""
    return bool(_HOW_MUCH.search(question)) or not (yes_no(question) or _HOW_OR_WHY.search(question))


def yes_no(question: str) -> bool:
    """A question that asks yes or no: it ends with "?" and has no interrogative word in any served language."""
    plain = re.sub(r"\best-ce qu", " ", question, flags=re.IGNORECASE)  # "Est-ce que ...?" asks yes or no
    return question.rstrip().endswith("?") and not _INTERROGATIVE.search(plain)


def asks_precise_date(question: str) -> bool:
    """The question asks for a day or a month, not just a year."""
    return bool(_ASKS_PRECISE_DATE.search(question))


def states_date(text: str, question: str = "") -> bool:
    """The text names a month, a season or part of a year, or a numeric date (Dutch plans)."""
    return bool(_STATES_DATE.search(text))


# Where the asker should go to apply, register or report ("Waar vraag ik een vergunning aan?", "Où
# dois-je déposer ma demande ?", "Wo melde ich meinen Betrieb an?"): a where or which-body question in
# the first person, with a verb of applying. A plan answers it only by naming a desk, a portal or an
# agency ("informatieportaal ... voor grensarbeiders"). "Waar moet ik op letten?" asks no place.
_WHERE_TO = re.compile(
    r"\b(waar|bij wie|bij welke|welke (instantie|dienst|organisatie)|où|auprès d|à qui|"
    r"à quel(le)? (organisme|service|administration|autorité|bureau)|wo|wohin|bei wem|bei welche[rm]?|an wen|"
    r"an welche|where|to whom|which (office|authority|agency|body|organi[sz]ation))\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(
    r"\b(ik|mijn|wij|we|ons|onze|je|j|mon|ma|mes|nous|notre|nos|ich|mein\w*|wir|unser\w*|i|my|our)\b", re.IGNORECASE
)
_APPLY = re.compile(
    r"aanvra|\bvraag\b.*\baan\b|indien|\bdien\b.*\bin\b|\bmeld|registr|inschrij|terecht|\bwend|"
    r"demand|dépos|inscri|\badress|déclar|"
    r"beantrag|antrag|anmeld|einreich|anlaufstelle|"
    r"\bappl(y|ication)|register|\bfile\b|submit|\breport\b|turn to",
    re.IGNORECASE,
)
_STATES_OFFICE = re.compile(
    r"loket|portaal|portal|website|www\.|helpdesk|formulier|contactpunt|infopunt|instantie|kantoor|bureau",
    re.IGNORECASE,
)


def asks_where_to_go(question: str) -> bool:
    """The asker wants to know where to apply, register or report, in the first person."""
    plain = re.sub(r"\bd'où|\boù en (est|sont)\b", " ", question, flags=re.IGNORECASE)  # where from; how far
    return all(p.search(plain) for p in (_WHERE_TO, _FIRST_PERSON, _APPLY))


def states_office(text: str, question: str = "") -> bool:
    """The text names a desk, a portal, a website, a form or an agency."""
    return bool(_STATES_OFFICE.search(text))


# Where an event takes place or took place, or which city ("Où aura lieu la conférence ?", "In welcher
# Stadt findet ... statt?", "When and where is the Defence Industry Day?"): the plan answers it only by
# naming a place after "in", "te", "naar" or "vanuit" ("in december 2025 in Luxemburg"; "in de
# Benelux" names no place). "Where does the Benelux stand on ...?" asks no place.
_ASKS_PLACE = re.compile(
    r"\b(in welke (stad|plaats|gemeente)|welke (steden|plaatsen)|waar (vindt|vond) .{0,80}plaats|"
    r"waar (wordt|werd) .{0,80}(gehouden|georganiseerd)|(dans|en) quelle ville|quelles villes|où (aura|a eu|a) lieu|"
    r"où (se tiendra|s'est tenu|se tient|se déroul)|in welcher stadt|welche städte|in welchen städten|"
    r"wo (findet|fand) .{0,80}statt|which cit(y|ies)|in what city|"
    r"where (is|was|will|are|were) .{0,80}(held|take place|taking place|organi[sz]ed|hosted)|where did .{0,80}meet|"
    r"where and when|when and where|où et quand|quand et où|wann und wo|wo und wann|waar en wanneer|wanneer en waar)\b",
    re.IGNORECASE,
)
_STATES_PLACE = re.compile(r"(?<![\w-])(in|te|naar|vanuit)\s+(?!Benelux\b)[A-Z][\w'’-]+")


def asks_place(question: str) -> bool:
    """The question asks where an event is held, or which city."""
    return bool(_ASKS_PLACE.search(question))


def states_place(text: str, question: str = "") -> bool:
    """The text names a place after "in", "te", "naar" or "vanuit" (Dutch plans)."""
    return bool(_STATES_PLACE.search(text))


# Which minister, mayor, commissioner or person ("Welke Nederlandse minister leidt ...?", "Quel ministre
# présidera ...?"): answered only by a text naming a person ("L. Schreinemacher", "minister Van der Berg").
# "Wie is voorzitter van ...?" is not asked this way: a country or a body can chair.
_ROLE = (
    r"minister|ministre|ministerin|staatssecretaris|secrétaire d'état|staatssekretär(in)?|commissaris|commissaire|"
    r"kommissar(in)?|commissioner|burgemeester|bourgmestre|maire|bürgermeister(in)?|mayor|persoon|personne|person"
)
_ASKS_PERSON = re.compile(
    r"\b(welke?|quel(le)?s?|welche[rnms]?|which|wie is de|qui est (le|la)|wer ist (der|die)|who is the)"
    rf"( \w+)? ({_ROLE})\b",
    re.IGNORECASE,
)
_STATES_PERSON = re.compile(
    r"\b[A-Z]\.\s?[A-Z][\w'’-]+|\b(minister|staatssecretaris|commissaris|burgemeester|mevrouw|de heer|premier)\s+[A-Z]"
)


def asks_person(question: str) -> bool:
    """The question asks which minister, mayor, commissioner or person."""
    return bool(_ASKS_PERSON.search(question))


def states_person(text: str, question: str = "") -> bool:
    """The text names a person: an initial and a surname, or a title and a name (Dutch plans)."""
    return bool(_STATES_PERSON.search(text))


# Where the asker lives or works ("Ich wohne in München", "je travaille en Italie", "I'm from Spain")
# is their situation, not what they ask about. The words are the question's language's: French "en"
# is Dutch "and" ("met Duitsland en Italië" asks about Italy).
_SITUATED = {
    lang: re.compile(rf"\b({words})\s+({articles})?$", re.IGNORECASE)
    for lang, words, articles in (
        ("nl", "in|uit|naar|bij|te|nabij", "de |het "),
        ("fr", "en|au|aux|à|(venu|venant|provenant|originaire)e?s? de|en provenance de", "la |le |les |l'"),
        ("de", "in|aus|nach|im", "der |die "),
        ("en", "in|from|near", "the "),
    )
}


def unknown_names(question: str, corpus: str, vocabulary: frozenset[str] = frozenset()) -> list[str]:
    """Names inside a sentence (runs of capitalised words: "Den Haag", acronyms) with a word that never
    occurs in ``corpus`` (lower-cased).

    A place after "in", "uit", "naar", "bij", "te" (``_SITUATED``) is where the asker lives or works
    ("ik woon in Kerkrade"), not what they ask about: it does not count. Nor does a compound of two words of
    ``vocabulary`` ("EU-Werkingsverdrag": "werking" + "verdrag", for "Verdrag betreffende de werking").
    """
    names = [
        m.group(0).strip("'’-") for m in _NAME.finditer(question) if not _SITUATED["nl"].search(question[: m.start()])
    ]
    return [
        n for n in names if not all(p.lower() in corpus or _compound(p.lower(), vocabulary) for p in _name_parts(n))
    ]


def _name_parts(name: str) -> list[str]:
    """The capitalised words of a name: "Benelux" in "Benelux-experiment", whose lower-case part is an
    ordinary word (which the plan may word otherwise: "proef")."""
    return [p for p in re.findall(r"[^\W\d_]+", name) if p[0].isupper()]


def _compound(word: str, vocabulary: frozenset[str]) -> bool:
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


@lru_cache(maxsize=4)
def _places(corpus: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two patterns over the countries, regions and cities of ``places.tsv``, named in any of the four
    languages: those ``corpus`` (a lower-cased Dutch plan) never names, nor a group that holds them
    ("noordse" for Denmark, "baltische" for Estonia); and those it does name."""
    columns = read_set(PLACES)
    absent: list[str] = []
    present: list[str] = []
    for row, also in enumerate(columns["also"]):
        names = [columns[lang][row] for lang in ("nl", "fr", "de", "en")]
        dutch = [columns["nl"][row], *filter(None, also.split(";"))]
        (present if _named([n.lower() for n in dutch]).search(corpus) else absent).extend(names)
    return _named(absent), _named(present)


def unknown_places(question: str, corpus: str, language: str) -> list[str]:
    """Countries, regions and cities the question names (as written, capitalised, in any served
    language) that the plan never mentions: "Le plan prévoit-il une coopération avec l'Italie ?".
    A name inside a place the plan does mention ("Saxony" in "Lower Saxony") does not count."""
    absent, present = _places(corpus)
    question = present.sub(" ", question)
    situated = _SITUATED.get(language, _SITUATED["nl"])
    return [m.group(0) for m in absent.finditer(question) if not situated.search(question[: m.start()])]


def _pool(retrieval: Retrieval, retriever: Retriever, margin: float) -> list[str]:
    """The sentences of the top paragraphs within ``margin`` of the closest one to the question."""
    scores = retrieval.sentence_scores
    ids = [s for h in retrieval.hits[:3] for s in retriever.sentences_of[h.index]]
    best = max((float(scores[s]) for s in ids), default=0.0)
    return [retriever.stored.sentences[s].text for s in ids if scores[s] >= best - margin]


# (kind, does the question ask for it, does a sentence state it, how far below the closest sentence
# one may state it). A precise date must be in the closest sentence itself: the plan dates many
# events ("eind 2026 een tweede studiedag"), and a wider pool let a date question about one event
# be answered by another's date (on the dev sets: two more unanswered date questions abstained,
# no answerable one).
CHECKS: tuple[tuple[str, Callable[[str], bool], Callable[[str, str], bool], float], ...] = (
    ("quantity", asks_quantity, states_quantity, POOL_MARGIN),
    ("date", asks_precise_date, states_date, 0.0),
    ("office", asks_where_to_go, states_office, POOL_MARGIN),
    ("place", asks_place, states_place, POOL_MARGIN),
    ("person", asks_person, states_person, POOL_MARGIN),
)


# A question asking for a precise date, a place or a person whose closest sentence states one has found
# its answer even a little below the abstention threshold ("Où et quand s'est tenu le dernier sommet
# ...?" scores 0.813 against "Tijdens hun top van 10 september jongstleden in Luxemburg ..."). On the
# dev sets this answered two such questions that had abstained, and no unanswerable one.
TYPED_RELIEF = 0.025
_TYPED = ("date", "place", "person")


def typed_answer_found(question: str, retrieval: Retrieval, retriever: Retriever, threshold: float) -> bool:
    """The best match scores within ``TYPED_RELIEF`` below ``threshold``, and the question asks for a
    date, a place or a person that the closest sentence states."""
    if not retrieval.hits or retrieval.best_dense < threshold - TYPED_RELIEF:
        return False
    closest = _pool(retrieval, retriever, 0.0)
    return any(
        asks(question) and any(states(s, question) for s in closest)
        for kind, asks, states, _ in CHECKS
        if kind in _TYPED
    )


def missing(question: str, language: str, retrieval: Retrieval, retriever: Retriever) -> Gap | None:
    """Why the evidence cannot answer the question (``None`` when it may): the question is closer
    to one of the everyday off-topic questions (``reference.py``) than to the best paragraph (unless
    that paragraph cites an identifier the question names), the kind of answer asked for (an
    amount, a date, a desk to apply at, the place of an event, a person) is absent from the closest sentences,
    the question names a country, region or city the documents never mention (any language), or a
    question in the documents' own language names something else they never mention."""
    if not retrieval.hits:
        return Gap("evidence")
    offtopic = retriever.references.offtopic_score(retrieval.query)
    if not retrieval.hits[0].identified and offtopic > retrieval.best_dense + OFFTOPIC_MARGIN:
        return Gap("offtopic")
    for kind, asks, states, margin in CHECKS:
        if asks(question) and not any(states(sentence, question) for sentence in _pool(retrieval, retriever, margin)):
            return Gap(kind)
    if places := unknown_places(question, retriever.corpus, language):
        return Gap("name", places[0])
    if language == retriever.language and (names := unknown_names(question, retriever.corpus, retriever.vocabulary)):
        return Gap("name", names[0])
    return None
