"""Hybrid retrieval over the in-memory copy of a generation: dense (paragraph and sentence) + BM25."""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from assistant.answer_types import words
from assistant.fusion import SECOND_DEPTH, dense_score, fuse, identifier_bonus, identifiers, second_opinion
from assistant.lang import detect
from assistant.reference import References
from index.build import embed_text
from index.embed import Embedder
from index.lexical import LexicalIndex
from index.store import StoredIndex
from index.universal import UniversalEncoder, UniversalVectors
from ingest.languages import CODES
from ingest.model import Chunk


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval to a section or chapter ("2.1", "2"), a document key or a year."""

    section: str | None = None
    document: str | None = None
    year: int | None = None

    def allows(self, chunk: Chunk) -> bool:
        if self.section and chunk.section != self.section and chunk.chapter != self.section:
            return False
        if self.document and self.document not in (chunk.document.key, chunk.document.title):
            return False
        return not (self.year and chunk.document.year != self.year)


@dataclass(frozen=True)
class Hit:
    """A retrieved paragraph with its fused score and the evidence behind it (``identified``: it
    cites an identifier typed in the question, see ``fusion.identifiers``)."""

    index: int
    chunk: Chunk
    fused: float
    dense: float
    lexical: float
    identified: bool = False


@dataclass
class Retrieval:
    """Ranked hits plus what the answer step needs: the (aligned) query vector and per-sentence scores."""

    hits: list[Hit]
    language: str
    query: np.ndarray
    sentence_scores: np.ndarray
    timings_ms: dict[str, float] = field(default_factory=dict)
    identifiers: tuple[str, ...] = ()
    second: dict[int, float] = field(default_factory=dict)  # the second encoder's cosine of each candidate
    second_sentences: dict[int, float] = field(default_factory=dict)  # ... and of each of their sentences
    # The sentences' vectors the scores come from, and their encoder's name: the sentence ranker weighs
    # their components against the query's (``sentence_rank``).
    sentence_vectors: np.ndarray | None = None
    encoder: str = ""
    second_query: np.ndarray | None = None  # the second encoder's vector of the question (the judge weighs it)

    @property
    def best_dense(self) -> float:
        """The highest dense score among the hits (BM25 may have ranked it below the first): how
        close the best match is, whatever the fused order."""
        return max((h.dense for h in self.hits), default=-1.0)


class Retriever:
    """Scores every paragraph by its own and its best sentence's cosine, plus BM25, then lets a second
    encoder reorder the best candidates (see ``fusion``). ``universal``: that encoder's vectors, in the
    order of ``stored``'s chunks and sentences (``UniversalVectors.arranged``); derived when ``None``."""

    def __init__(
        self,
        stored: StoredIndex,
        lexical: LexicalIndex,
        embedder: Embedder,
        references: References | None = None,
        universal: UniversalVectors | None = None,
    ) -> None:
        single_threaded_blas()
        self.stored, self.lexical, self.embedder = stored, lexical, embedder
        self.references = references or References({}, lexical.language)
        self.chunks = stored.chunks
        self.second = UniversalEncoder()
        self.universal = universal or UniversalVectors.of(
            self.second, stored.chunks, stored.sentences, [embed_text(c) for c in stored.chunks]
        )
        position = {c.id: i for i, c in enumerate(self.chunks)}
        self.sentence_owner = np.array([position[s.chunk_id] for s in stored.sentences], dtype=np.int64)
        lex_pos = {cid: i for i, cid in enumerate(lexical.ids)}
        self.lexical_order = np.array([lex_pos[c.id] for c in self.chunks], dtype=np.int64)
        self.language = lexical.language
        self.common = common_words([c.text for c in self.chunks])
        self.lowered = [c.text.lower() for c in self.chunks]
        self.corpus = "\n".join(self.lowered)
        self.vocabulary = frozenset(re.findall(r"[^\W\d_]+", self.corpus))
        # Its distinct words and numbers, one a line: a question word's stem is found in it exactly when it
        # is in the corpus (both are runs of letters and digits), in time that does not grow with the store.
        self.lexicon = "\n".join(sorted(set(re.findall(r"[^\W_]+", self.corpus))))
        self.sentences_of: list[list[int]] = [[] for _ in self.chunks]
        for s, owner in enumerate(self.sentence_owner):
            self.sentences_of[int(owner)].append(s)

    def language_of_document(self, filters: Filters | None) -> str | None:
        """The language of the one document a filter names, else ``None`` (the documents' main language)."""
        wanted = filters.document if filters else None
        found = {c.document.language for c in self.chunks if wanted in (c.document.key, c.document.title)}
        return found.pop() if len(found) == 1 else None

    def mask(self, filters: Filters) -> np.ndarray:
        """Which paragraphs the filters allow."""
        return np.array([filters.allows(c) for c in self.chunks], dtype=bool)

    def embed(self, question: str) -> np.ndarray:
        """The query vector of a question, before alignment (without the words every paragraph shares)."""
        return self.embedder.query(focus(question, self.common))

    def language_of(self, question: str, vector: np.ndarray | None = None) -> str:
        """The question's served language, from its words and its (unaligned) ``vector``."""
        vector = self.embed(question) if vector is None else vector
        leaning = self.references.leaning(vector)
        return detect(question, self.vocabulary, self.language, leaning, self.common)

    def search(
        self, question: str, language: str | None = None, filters: Filters | None = None, k: int = 10
    ) -> Retrieval:
        """The ``k`` best paragraphs for a question in ``language`` (detected when ``None``)."""
        timings: dict[str, float] = {}
        t = time.perf_counter()
        raw = self.embed(question)
        timings["embed"], t = _lap(t)
        language = language or self.language_of(question, raw)
        timings["detect"], t = _lap(t)
        qvec = self.references.align(raw, language, self.language_of_document(filters))
        paragraph = self.stored.vectors @ qvec
        sentence_scores = self.stored.sentence_vectors @ qvec
        best_sentence = np.full(len(paragraph), -1.0, dtype=np.float32)
        np.maximum.at(best_sentence, self.sentence_owner, sentence_scores)
        dense = dense_score(paragraph, best_sentence)
        timings["dense"], t = _lap(t)
        lexical = self.lexical.scores(question, language)[self.lexical_order]
        timings["lexical"], t = _lap(t)
        codes = tuple(identifiers(question))
        cited = identifier_bonus(codes, self.lowered)
        fused = fuse(dense, lexical, self.language == language) + cited
        if filters and (filters.section or filters.document or filters.year):
            fused = np.where(self.mask(filters), fused, -np.inf)
        timings["fusion"], t = _lap(t)
        fused, second, second_sentences, second_query = self._second_opinion(question, fused)
        timings["second"], t = _lap(t)
        top = [int(i) for i in np.argsort(-fused, kind="stable")[:k] if np.isfinite(fused[i])]
        hits = [
            Hit(i, self.chunks[i], float(fused[i]), float(dense[i]), float(lexical[i]), bool(cited[i])) for i in top
        ]
        timings["fusion"] += _lap(t)[0]
        return Retrieval(
            hits,
            language,
            qvec,
            sentence_scores,
            timings,
            codes,
            second,
            second_sentences,
            self.stored.sentence_vectors,
            self.embedder.name,
            second_query,
        )

    def _second_opinion(
        self, question: str, fused: np.ndarray
    ) -> tuple[np.ndarray, dict[int, float], dict[int, float], np.ndarray | None]:
        """``fused`` with the second encoder's bonus added to the ``SECOND_DEPTH`` best candidates, its cosine
        of each of them and of each of their sentences, and its vector of the question."""
        top = [int(i) for i in np.argsort(-fused, kind="stable")[:SECOND_DEPTH] if np.isfinite(fused[i])]
        if not top:
            return fused, {}, {}, None
        vector = self.second.encode([question])[0]
        ids = [s for i in top for s in self.sentences_of[i]]
        cosines = dict(zip(ids, (self.universal.sentences[ids] @ vector).tolist(), strict=True))
        best = np.array([max((cosines[s] for s in self.sentences_of[i]), default=-1.0) for i in top])
        paragraph = self.universal.paragraphs[top] @ vector
        out = fused.copy()
        out[top] += second_opinion(paragraph, best)
        return out, dict(zip(top, paragraph.tolist(), strict=True)), cosines, vector


def single_threaded_blas() -> None:
    """One BLAS thread for the process: a query's mat-vec products are small, and idle OpenBLAS
    threads spinning after each one starve the embedder's own threads on 2 cores (measured:
    p95 at x100 the plan's size fell from 132 ms to 37 ms)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


# How questions name the plan itself, in any served language ("plan annuel").
FRAMING = tuple(dict.fromkeys(name for code in CODES for name in words(code)["question"]["plan_names"]))
COMMON_SHARE = 0.4
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def common_words(texts: list[str]) -> frozenset[str]:
    """Words in more than ``COMMON_SHARE`` of the paragraphs (e.g. "Benelux"): no help in telling them apart."""
    df = Counter(w for t in texts for w in {m.lower() for m in re.findall(r"[^\W\d_]+", t)})
    return frozenset(w for w, n in df.items() if n > COMMON_SHARE * len(texts) and len(w) > 3)


def focus(question: str, common: frozenset[str]) -> str:
    """The question without the words every paragraph shares or that name the plan itself."""
    pattern = "|".join(sorted(map(re.escape, (*FRAMING, *common)), key=len, reverse=True))
    stripped = re.sub(rf"(?<![\w-])({pattern})(?![\w-])", " ", question, flags=re.IGNORECASE)
    return " ".join(stripped.split()) if _WORD.search(stripped) else question


def _lap(start: float) -> tuple[float, float]:
    now = time.perf_counter()
    return (now - start) * 1000.0, now
