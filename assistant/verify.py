"""Cite-or-drop: keep a generated sentence only when its ``[n]`` names a cited paragraph that supports it.

A sentence is dropped when it cites nothing or a paragraph that was not given, when it is not in the
question's language (a paragraph copied as it is), when it states a number, amount, year, date or proper
name its paragraph does not (compared across languages: "Pays-Bas" is "Nederland", "17 euros" is "€ 17",
"350 000" is "350.000", "mi-2026" is "midden 2026"), or when the bundled encoders find it too far from
every sentence of that paragraph (``SUPPORT_THRESHOLD``, calibrated on ``verify_pairs.tsv``:
``python -m assistant.verify`` prints the figures).
"""

from __future__ import annotations

import csv
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

import numpy as np
from wordfreq import zipf_frequency

from assistant.lang import detect
from assistant.model import Citation
from assistant.reference import read_set
from index.embed import Embedder
from index.universal import UniversalEncoder
from ingest.agenda import Period, find_periods
from ingest.languages import CODES
from ingest.parse import split_sentences

HERE = Path(__file__).parent
PAIRS = HERE / "verify_pairs.tsv"
PLACES = HERE / "places.tsv"
LANGUAGES = CODES

# Midway between the lowest faithful pair (0.920) and the highest unrelated one (0.911) of verify_pairs.tsv.
SUPPORT_THRESHOLD = 0.915
# e5 alone separated the pairs less well (2-fold: 98.4 % kept, 98.3 % dropped, against 99.0 % and 99.5 %).
USE_WEIGHT = 0.1
# A claim in the paragraph's own language scores about 0.03 higher for the same meaning (Dutch pairs).
SAME_LANGUAGE_MARGIN = 0.02
# A capitalised word at least this common in the claim's language (wordfreq's Zipf scale) is an ordinary
# word ("Commission", "Union"), not a name; German capitalises every noun, so only rare words count there.
COMMON_WORD_ZIPF = {"nl": 3.0, "fr": 3.0, "en": 3.0, "de": 1.0}
# A word this close to one of the paragraph's is the same name in another language ("Kirghizistan", "Kirgizië").
COGNATE_RATIO = 0.7
# Both halves of a compound must be this common for it to count as an ordinary word.
COMPOUND_ZIPF = 3.0
# Abbreviations that differ between the languages (the plan's form first).
ALIASES = (
    ("EU", "UE"),
    ("NAVO", "NATO", "OTAN"),
    ("KI", "AI", "IA"),
    ("mkb", "kmo", "SME", "PME", "KMU"),
    ("btw", "VAT", "TVA", "MwSt"),
    ("VN", "UN", "ONU", "UNO"),
)
# Number words count as the number on the paragraph's side only ("drie landen" backs "3 pays"); on a
# claim's side they are too often articles ("un", "een").
NUMBER_WORDS = {
    "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9, "tien": 10,
    "tiental": 10, "twaalf": 12, "twintig": 20, "honderd": 100, "duizend": 1000, "eerste": 1, "tweede": 2,
    "derde": 3, "vierde": 4, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "douze": 12, "vingt": 20, "cent": 100, "mille": 1000, "premier": 1, "zwei": 2, "drei": 3,
    "fünf": 5, "sechs": 6, "sieben": 7, "neun": 9, "zehn": 10, "zwölf": 12, "zwanzig": 20, "hundert": 100,
    "tausend": 1000, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twelve": 12, "twenty": 20, "hundred": 100, "thousand": 1000, "first": 1, "second": 2,
}  # fmt: skip
SCALES = {
    "million": 1e6, "millions": 1e6, "miljoen": 1e6, "mln": 1e6, "millionen": 1e6, "mio": 1e6,
    "milliard": 1e9, "milliards": 1e9, "miljard": 1e9, "milliarde": 1e9, "milliarden": 1e9, "billion": 1e9,
}  # fmt: skip

MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")
_NUMBER = re.compile(
    r"(?<![\d])(\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?!\d)|\d+(?:[.,]\d+)?)(?:\s*(" + "|".join(SCALES) + r")\b)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu)['’]", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    """Keep the sentence or not, and why ("no citation", "fabricated figure: 45 millions", ...)."""

    keep: bool
    reason: str


def markers(sentence: str) -> list[int]:
    """The paragraph numbers a sentence cites, in order: "[1]", "[1][3]", "[1, 3]"."""
    return [int(n) for m in MARKER.finditer(sentence) for n in re.split(r"\s*[,;]\s*", m.group(1))]


def without_markers(sentence: str) -> str:
    """The sentence with its ``[n]`` markers removed (what the encoders and the checks read)."""
    text = MARKER.sub(" ", sentence)
    return re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split()))


def fold(text: str) -> str:
    """Lower case without accents, for comparing names across languages ("Résumé" -> "resume")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def numbers(text: str) -> set[float]:
    """The values of the numbers written in ``text``: "350.000", "350 000" and "350,000" are 350000,
    "2,5" is 2.5, "45 millions" is 45e6."""
    values = set()
    for m in _NUMBER.finditer(text):
        token, scale = m.group(1).replace("\u00a0", " ").replace("\u202f", " "), m.group(2)
        if re.fullmatch(r"\d{1,3}(?:[., ]\d{3})+", token):
            value = float(re.sub(r"\D", "", token))
        else:
            value = float(token.replace(",", "."))
        values.add(value * SCALES.get(scale.lower(), 1.0) if scale else value)
    return values


def fabricated_numbers(claim: str, paragraph: str) -> list[str]:
    """The numbers of ``claim`` whose value ``paragraph`` never states (in digits or as a number word)."""
    folded = fold(paragraph)
    words = {float(v) for w, v in NUMBER_WORDS.items() if re.search(rf"\b{fold(w)}\b", folded)}
    known = numbers(paragraph) | words
    return [m.group(0).strip() for m in _NUMBER.finditer(claim) if not numbers(m.group(0)) <= known]


def fabricated_periods(claim: str, language: str, paragraph: str, source_language: str, year: int) -> list[str]:
    """The dates and periods of ``claim`` that match none of ``paragraph``'s: a claim's period must hold one
    of the paragraph's ("2026" holds "midden 2026"), or end with one it lies in ("jusqu'à la mi-2027"
    read without its "until" still ends with "tot midden 2027")."""
    # The paragraph is read with its own language's words only: another's would see "midden 2026" as "2026".
    source = find_periods(paragraph, source_language if source_language in LANGUAGES else "nl", year)
    claimed = find_periods(claim, language if language in LANGUAGES else "en", year)
    # Only dated references count: a season word alone is too often another word (French "été", "been").
    return [
        p.when
        for p in claimed
        if re.search(r"\d", p.when) and not any(_within(s, p) or (_within(p, s) and p.end == s.end) for s in source)
    ]


def _within(inner: Period, outer: Period) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


@cache
def _place_rows() -> tuple[tuple[str, ...], ...]:
    """Each place of ``places.tsv``: its names in the four languages and its capitalised other forms."""
    # A lower-case other form names a group that holds the place ("noordse" for Denmark), not the place.
    columns = read_set(PLACES)
    rows = []
    for row, also in enumerate(columns["also"]):
        names = [columns[lang][row] for lang in LANGUAGES] + [a for a in also.split(";") if a[:1].isupper()]
        rows.append(tuple(dict.fromkeys(names)))
    return tuple(rows)


@cache
def _place_pattern() -> tuple[re.Pattern[str], dict[str, int]]:
    """One pattern for any place name as written (capitalised, whole words) and each name's row."""
    rows = {name: i for i, names in enumerate(_place_rows()) for name in names}
    alternatives = "|".join(re.escape(n) for n in sorted(rows, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), rows


def fabricated_places(claim: str, paragraph: str) -> tuple[list[str], str]:
    """The places ``claim`` names in any language that ``paragraph`` names in none ("Pays-Bas" is found as
    "Nederland"), and the claim with its place names blanked out (for the check of other names)."""
    pattern, rows = _place_pattern()
    folded = fold(paragraph)
    missing = []
    for m in pattern.finditer(claim):
        names = _place_rows()[rows[m.group(0)]]
        if not any(re.search(rf"(?<![\w-]){re.escape(fold(n))}", folded) for n in names):
            missing.append(m.group(0))
    return missing, pattern.sub(" ", claim)


def candidate_names(claim: str) -> list[str]:
    """Capitalised words of ``claim`` that do not begin it or a sentence in it ("L'Union" counts as "Union")."""
    out = []
    for m in _WORD.finditer(claim):
        word = _ELISION.sub("", m.group(0)).strip("'’-")
        before = claim[: m.start()].rstrip(" \"'“„«(")
        if word[:1].isupper() and before and not before.endswith((".", "!", "?", ":")):
            out.append(word)
    return out


def fabricated_names(claim: str, language: str, paragraph: str) -> list[str]:
    """Proper names in ``claim`` that ``paragraph`` does not hold, even as a close cognate or in another
    language: capitalised words that are not sentence-initial and not common words of the language."""
    missing, rest = fabricated_places(claim, paragraph)
    folded = fold(paragraph)
    words = {w for w in re.findall(r"[^\W\d_]+", folded) if len(w) >= 4}
    for name in candidate_names(rest):
        if not all(_known(part, language, folded, words) for part in name.split("-") if part):
            missing.append(name)
    return missing


def _known(word: str, language: str, folded: str, words: set[str]) -> bool:
    """The paragraph holds ``word`` (or a cognate or an alias of it), or it is an ordinary word."""
    w = fold(word)
    if w in folded or _common(word, language):
        return True
    if any(w in (fold(a) for a in group) and any(fold(a) in folded for a in group) for group in ALIASES):
        return True
    return len(w) >= 4 and any(SequenceMatcher(None, w, p).ratio() >= COGNATE_RATIO for p in words)


def _common(word: str, language: str) -> bool:
    """An ordinary word of ``language``, or two of them joined ("Feuerwerks|tourismus", "Regelungs|paket")."""
    lang = language if language in COMMON_WORD_ZIPF else "en"
    lower = word.lower()
    if word.isupper():
        return False
    if zipf_frequency(lower, lang) >= COMMON_WORD_ZIPF[lang]:
        return True
    for cut in range(4, len(lower) - 3):
        head, tail = lower[:cut], lower[cut:]
        heads = (head, head[:-1]) if head.endswith("s") else (head,)
        if zipf_frequency(tail, lang) >= COMPOUND_ZIPF and any(zipf_frequency(h, lang) >= COMPOUND_ZIPF for h in heads):
            return True
    return False


def wrong_language(claim: str, language: str) -> str:
    """Why ``claim`` is not in ``language``, the question's ("in nl, not de": a paragraph copied as it is), or ""."""
    found = detect(claim, default=language)
    return "" if found == language else f"in {found}, not {language}"


def fabrications(claim: str, language: str, paragraph: str, source_language: str = "nl", year: int = 2026) -> str:
    """Why ``claim`` (in ``language``) states something ``paragraph`` (in ``source_language``) does not
    ("fabricated figure: 45 millions"), or ""."""
    for kind, found in (
        ("figure", fabricated_numbers(claim, paragraph)),
        ("date", fabricated_periods(claim, language, paragraph, source_language, year)),
        ("name", fabricated_names(claim, language, paragraph)),
    ):
        if found:
            return f"fabricated {kind}: {', '.join(found)}"
    return ""


class Verifier:
    """Decides, sentence by sentence, whether a generated answer may keep it (see the module docstring).

    ``embedder`` is e5 (``load_embedder("bundled-e5-small")``, the calibrated one), ``universal`` the
    Universal Sentence Encoder (made when not given); an ``Assistant``'s own are
    ``assistant.retriever.embedder`` and ``assistant.retriever.second``. ``source_language`` is the
    language the plans are written in, ``year`` the plan year when a citation gives none.
    """

    def __init__(
        self,
        embedder: Embedder,
        universal: UniversalEncoder | None = None,
        threshold: float = SUPPORT_THRESHOLD,
        source_language: str = "nl",
        year: int = 2026,
    ) -> None:
        self.embedder, self.universal = embedder, universal or UniversalEncoder()
        self.threshold, self.source_language, self.year = threshold, source_language, year
        self._vectors: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, sentence: str, citations: Sequence[Citation], language: str) -> Verdict:
        """Keep ``sentence`` (written in ``language``, citing ``citations`` by ``[n]``) or drop it, and why."""
        cited = markers(sentence)
        if not cited:
            return Verdict(False, "no citation")
        by_n = {c.n: c for c in citations}
        unknown = [n for n in cited if n not in by_n]
        if unknown:
            return Verdict(False, f"cites {', '.join(f'[{n}]' for n in unknown)}, not among the sources")
        claim = without_markers(sentence)
        if not re.search(r"[^\W\d_]", claim):
            return Verdict(False, "no words")
        sources = [by_n[n] for n in dict.fromkeys(cited)]
        paragraph = "\n".join(c.text for c in sources)
        year = next((c.year for c in sources if c.year), self.year)
        problem = wrong_language(claim, language)
        problem = problem or fabrications(claim, language, paragraph, self.source_language, year)
        if problem:
            return Verdict(False, problem)
        score, best = max((self.support(claim, c.text), c.n) for c in sources)
        needed = self.threshold + (SAME_LANGUAGE_MARGIN if language == self.source_language else 0.0)
        if score < needed:
            return Verdict(False, f"not supported by [{best}] (support {score:.3f} < {needed:.3f})")
        return Verdict(True, f"supported by [{best}] (support {score:.3f})")

    def support(self, claim: str, paragraph: str) -> float:
        """How well ``paragraph`` backs ``claim``: e5's cosine with its closest sentence plus ``USE_WEIGHT``
        times the Universal Sentence Encoder's (both sides embedded alike, any language)."""
        e5, use = self._paragraph_vectors(paragraph)
        claim_use = self.universal.encode([claim])[0]
        return float((e5 @ self.embedder.query(claim)).max() + USE_WEIGHT * (use @ claim_use).max())

    def _paragraph_vectors(self, paragraph: str) -> tuple[np.ndarray, np.ndarray]:
        """Both encoders' vectors of a paragraph's sentences, kept for the paragraphs seen last."""
        with self._lock:
            if paragraph in self._vectors:
                self._vectors.move_to_end(paragraph)
                return self._vectors[paragraph]
        sentences = split_sentences(paragraph) or [paragraph]
        # e5's query prefix on both sides: the claim and the sentence are the same kind of text.
        vectors = (np.stack([self.embedder.query(s) for s in sentences]), self.universal.encode(sentences))
        with self._lock:
            self._vectors[paragraph] = vectors
            if len(self._vectors) > 256:
                self._vectors.popitem(last=False)
        return vectors


@dataclass(frozen=True)
class Pair:
    """A calibration pair: a claim in ``language`` and the paragraph it cites; ``kind`` is "faithful",
    "unrelated" (another topic of the plan) or "contradicted" (its topic, a wrong fact)."""

    kind: str
    language: str
    claim: str
    paragraph: str


def load_pairs(paragraphs: Iterable[str], path: Path = PAIRS) -> list[Pair]:
    """The pairs of ``path``; each row's anchor (a phrase of the plan) picks its paragraph from ``paragraphs``."""
    texts = list(paragraphs)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [Pair(r["kind"], r["lang"], r["claim"], next(t for t in texts if r["anchor"] in t)) for r in rows]


def calibration(verifier: Verifier, pairs: Sequence[Pair], year: int = 2026) -> dict[str, float]:
    """The share of faithful pairs kept and of unrelated and contradicted ones dropped: by the support
    threshold alone ("_support") and by the whole check ("_check", as ``Verifier.check`` decides)."""
    supported, clean = {}, {}
    for p in pairs:
        margin = SAME_LANGUAGE_MARGIN if p.language == verifier.source_language else 0.0
        supported[p] = verifier.support(p.claim, p.paragraph) >= verifier.threshold + margin
        clean[p] = not (
            wrong_language(p.claim, p.language)
            or fabrications(p.claim, p.language, p.paragraph, verifier.source_language, year)
        )
    out = {}
    for kind in ("faithful", "unrelated", "contradicted"):
        group = [p for p in pairs if p.kind == kind]
        right = kind == "faithful"
        out[f"{kind}_support"] = sum(supported[p] == right for p in group) / len(group)
        out[f"{kind}_check"] = sum((supported[p] and clean[p]) == right for p in group) / len(group)
    return out


def main() -> None:
    """Print the calibration figures on the bundled plan (``python -m assistant.verify``)."""
    from assistant.settings import BUNDLED_PLAN
    from index.embed import load_embedder
    from index.lifecycle import load_plan

    pairs = load_pairs(c.text for c in load_plan(BUNDLED_PLAN).chunks)
    figures = calibration(Verifier(load_embedder("bundled-e5-small")), pairs)
    for name, value in figures.items():
        print(f"{name:24s} {value:.3f}  ({'kept' if name.startswith('faithful') else 'dropped'})")


if __name__ == "__main__":
    main()
