"""Python API: ``Assistant.open(settings)`` and ``.ask(question) -> Answer``."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.agenda import in_period, period_asked
from assistant.answer import Composed, compose, compose_agenda
from assistant.errors import (
    ForeignIndexError,
    IndexMissingError,
    JaarplanError,
    QuestionError,
    StoreError,
)
from assistant.judge import judged
from assistant.lang import SERVED
from assistant.model import Answer
from assistant.question import check_question
from assistant.reference import References
from assistant.retrieve import Filters, Retriever
from assistant.settings import BUNDLED_PLAN, Settings
from index.build import PARSER_VERSION, current_manifest, lexical_dir
from index.embed import Embedder, load_embedder
from index.lifecycle import ingest, load_plan, opened, saved_lexical, saved_universal
from index.manifest import Manifest, manifest_stamp
from index.progress import Progress
from index.store import Store
from ingest.agenda import extract_agenda
from ingest.model import Chunk


@dataclass(frozen=True)
class SectionInfo:
    """A section as indexed: label, title, document (title) and paragraph count, and the document's key."""

    label: str
    title: str
    document: str
    paragraphs: int
    document_key: str = ""


def indexed_chunks(settings: Settings) -> list[Chunk]:
    """The paragraphs of the index, read without loading a model (the bundled plan's when there is no index)."""
    store, manifest = opened(settings)
    return store.read(manifest.collection).chunks if manifest else list(load_plan(BUNDLED_PLAN).chunks)


class Assistant:
    """Answers questions over the indexed plans; open once, ask many times (thread-safe reads)."""

    def __init__(self, settings: Settings, retriever: Retriever, generation: int = 0) -> None:
        self.settings = settings
        self._writer: tuple[Any, Any] | None = None  # (LLM config, verifier), built at the first question
        self.store: Store | None = None
        self.store_error: str | None = None
        self._lock = threading.Lock()
        self._checked = time.monotonic()
        self._stamp = manifest_stamp(settings.data_dir)
        self._install(retriever, generation)

    def _install(self, retriever: Retriever, generation: int) -> None:
        """Serve another generation. ``generation`` is set last: a reader that sees the new number
        (the UI re-lists by it) also sees the new chunks."""
        self.retriever = retriever
        self.chunks: list[Chunk] = retriever.chunks
        self.agenda = extract_agenda(self.chunks)
        self.chunk_of = {c.id: c for c in self.chunks}
        years = Counter(c.document.year for c in self.chunks if c.document.year).most_common(1)
        self.year = years[0][0] if years else date.today().year  # as the agenda dates a document without one
        self.generation = generation

    @classmethod
    def open(
        cls,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        progress: Progress | None = None,
        say: Callable[[str], None] | None = None,
    ) -> Assistant:
        """Open the index in ``settings.data_dir`` (building it from the bundled plan if absent)."""
        settings = settings or Settings.from_env()
        say = say or (lambda m: print(m, file=sys.stderr))
        store, manifest = opened(settings)
        if manifest is None:
            say(
                f"No index in {store.where} yet: building it from the bundled plan "
                f"({BUNDLED_PLAN.name}); this takes about a minute once."
            )
            embedder = embedder or load_embedder(settings.embed_model)
            ingest(settings, [load_plan(BUNDLED_PLAN)], embedder, progress)
            manifest = current_manifest(settings.data_dir, store)
        if manifest is None:
            raise IndexMissingError(f"no index in {store.where}. Run `jaarplan ingest`.")
        embedder = embedder or load_embedder(settings.embed_model)
        if manifest.parser != PARSER_VERSION:
            manifest = _resplit(settings, store, manifest, embedder, say) or manifest
        assistant = cls(settings, _retriever(settings, store, manifest, embedder), manifest.generation)
        assistant.store = store
        assistant._quoted("Wat staat er in het jaarplan?")  # warm the caches; never the user's LLM
        return assistant

    def refresh(self) -> bool:
        """Load a newer generation if another process published one; ``True`` when it did.

        A store that does not answer leaves the current generation serving (answers come from
        memory) and raises ``StoreError``, kept in ``store_error`` until a call succeeds; the next
        call retries.
        """
        if self.store is None:
            return False
        with self._lock:
            self._checked = time.monotonic()
            self._stamp = manifest_stamp(self.settings.data_dir)
            try:
                manifest = current_manifest(self.settings.data_dir, self.store)
                if manifest is None or manifest.generation == self.generation:
                    self.store_error = None
                    return False
                retriever = _retriever(
                    self.settings, self.store, manifest, self.retriever.embedder, self.retriever.references
                )
            except StoreError as err:
                self.store_error = str(err)
                raise
            self._install(retriever, manifest.generation)
            self.store_error = None
            return True

    def store_status(self) -> str | None:
        """In server mode, why the store cannot be reached now (answers come from memory), else ``None``.

        Also starts a refresh when one is due, so an idle replica notices an outage, the server's
        return, or a new generation without waiting for a question.
        """
        self._maybe_refresh()
        waited = time.monotonic() - self._checked
        if self._lock.locked() and waited > self.settings.refresh_seconds and self.store is not None:
            return f"{self.store.where} has not answered for {waited:.0f} s."
        return self.store_error

    def ask(
        self,
        question: str,
        section: str | None = None,
        document: str | None = None,
        year: int | None = None,
        language: str | None = None,
        on_verified: Callable[[Answer], None] | None = None,
    ) -> Answer:
        """Answer one question with cited paragraphs, or abstain; with an LLM configured (``llm_url``) the
        answer is written by it and verified, and ``on_verified`` receives it as far as it is written and
        verified, each time one more sentence is kept (never an unverified one)."""
        answer, from_agenda = self._quoted(question, section, document, year, language)
        return answer if from_agenda else self._written(answer, on_verified)

    def _quoted(
        self,
        question: str,
        section: str | None = None,
        document: str | None = None,
        year: int | None = None,
        language: str | None = None,
    ) -> tuple[Answer, bool]:
        """The answer made of the plan's own sentences, and whether the agenda gave it."""
        start = time.perf_counter()
        clean = self.check_question(question)
        if language is not None and language not in SERVED:
            raise QuestionError(f"language '{language}' is not served. Use one of {', '.join(SERVED)}.", "language")
        self._maybe_refresh()
        retriever = self.retriever
        filters = Filters(section, document, year)
        retrieval = retriever.search(clean, language, filters, k=10)
        lang = retrieval.language
        if not retrieval.hits and (section or document or year):
            known = ", ".join(dict.fromkeys(c.section for c in retriever.chunks))
            raise QuestionError(
                f"nothing in the index matches section={section!r} document={document!r} year={year!r}. "
                f"Sections: {known}.",
                "no_match",
            )
        t = time.perf_counter()
        period = period_asked(clean, lang, self.year)
        if period is not None:
            items = in_period([i for i in self.agenda if filters.allows(self.chunk_of[i.chunk_id])], period)
            composed = compose_agenda(lang, period.when, items, self.chunk_of)
            return self._answer(clean, lang, composed, retrieval.timings_ms, start, t), True
        gap = judged(clean, lang, retrieval, retriever, self.settings.abstain_below)
        composed = compose(
            lang,
            retrieval,
            retriever.sentences_of,
            retriever.stored.sentences,
            self.settings.citations,
            gap,
            clean,
        )
        return self._answer(clean, lang, composed, retrieval.timings_ms, start, t), False

    def _written(self, answer: Answer, on_verified: Callable[[Answer], None] | None) -> Answer:
        """The answer as the user's LLM writes it from the citations, verified (``generate.written``);
        ``answer`` itself when no LLM is configured."""
        if not self.settings.llm_url:
            return answer
        from assistant.generate import config_from, written
        from assistant.verify import Verifier

        if self._writer is None:
            checker = Verifier(
                self.retriever.embedder, self.retriever.second, source_language=self.retriever.language, year=self.year
            )
            self._writer = (config_from(self.settings), checker)
        config, checker = self._writer
        return written(answer, config, checker, on_verified=on_verified) if config else answer

    @staticmethod
    def _answer(question: str, lang: str, composed: Composed, timings_ms: dict, start: float, t: float) -> Answer:
        timings = {**timings_ms, "answer": (time.perf_counter() - t) * 1000.0}
        timings["total"] = (time.perf_counter() - start) * 1000.0
        return Answer(question, lang, composed.abstained, composed.text, composed.citations, timings)

    def _maybe_refresh(self) -> None:
        """Look for a newer generation every ``settings.refresh_seconds``, and on the embedded store also as soon
        as the manifest file changes (a stat per call: another process's ingest or removal).

        The look runs in a background thread: a slow, hung or failing server never delays or
        fails a question (a hung one holds the lock, so no second look piles up behind it).
        """
        if self.store is None or self._lock.locked():
            return
        due = time.monotonic() - self._checked >= self.settings.refresh_seconds
        if not due and (self.store.shared or manifest_stamp(self.settings.data_dir) == self._stamp):
            return
        self._checked = time.monotonic()
        threading.Thread(target=self._refresh_quietly, name="jaarplan-refresh", daemon=True).start()

    def _refresh_quietly(self) -> None:
        with contextlib.suppress(JaarplanError):
            self.refresh()

    def check_question(self, question: object) -> str:
        """The question with control characters removed; a ``QuestionError`` when unusable."""
        return check_question(question, self.settings.max_question_chars)

    def sections(self) -> list[SectionInfo]:
        """The sections as indexed, in reading order."""
        out: dict[tuple[str, str], SectionInfo] = {}
        for c in self.chunks:
            key = (c.document.key, c.section)
            prev = out.get(key)
            count = (prev.paragraphs if prev else 0) + 1
            out[key] = SectionInfo(c.section, c.section_title, c.document.title, count, c.document.key)
        return list(out.values())

    def section_chunks(self, section: str, document: str | None = None) -> list[Chunk]:
        """The paragraphs of a section (or chapter), in reading order."""
        f = Filters(section=section, document=document)
        return [c for c in self.chunks if f.allows(c)]


def _resplit(
    settings: Settings, store: Store, manifest: Manifest, embedder: Embedder, say: Callable[[str], None]
) -> Manifest | None:
    """An index of the bundled plan split by an older parser, split again (vectors reused); other
    indexes are left as they are, with a note on how to update them."""
    bundled = load_plan(BUNDLED_PLAN)
    own = [d.sha256 for d in manifest.documents] == [bundled.document.sha256] and manifest.model == embedder.name
    if own and not store.shared:
        say(f"Updating the index in {store.where} to this version's paragraph split (a few seconds).")
        try:
            report = ingest(settings, [bundled], embedder)
            return report.manifest if report else None
        except JaarplanError as err:
            say(f"Could not update it ({err}); answering from the index as it is.")
            return None
    say(
        f"The index in {store.where} was split into paragraphs by an older version; it still "
        "answers. Run `jaarplan ingest` to update it (unchanged text is not embedded again)."
    )
    return None


def _retriever(
    settings: Settings, store: Store, manifest: Manifest, embedder: Embedder, references: References | None = None
) -> Retriever:
    """A retriever over one generation, after checking it was built with this embedder (``references``
    of the previous generation are kept when the documents' language is the same)."""
    if manifest.model != settings.embed_model:
        raise ForeignIndexError(
            f"the index in {store.where} was built with model '{manifest.model}', not "
            f"'{settings.embed_model}'. Set JAARPLAN_EMBED_MODEL={manifest.model}, or run "
            f"`jaarplan ingest --embed-model {settings.embed_model}` to rebuild for the new model."
        )
    if embedder.dim != manifest.dim:
        raise ForeignIndexError(
            f"model '{embedder.name}' gives {embedder.dim}-d vectors but the "
            f"index holds {manifest.dim}-d ones. Rebuild with `jaarplan ingest`."
        )
    stored = store.read(manifest.collection)
    lexical = saved_lexical(settings, manifest, stored.chunks)
    if references is None or references.target != lexical.language:
        references = References.for_embedder(embedder, lexical.language, settings.data_dir / "references")
    saved = saved_universal(settings, manifest, stored)
    retriever = Retriever(stored, lexical, embedder, references, saved)
    if saved is None:
        with contextlib.suppress(OSError):
            retriever.universal.save(lexical_dir(settings.data_dir, manifest))
    return retriever
