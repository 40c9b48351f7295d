"""Python API: ``Assistant.open(settings)`` and ``.ask(question) -> Answer``."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.answer import compose
from assistant.errors import ForeignIndexError, IndexMissingError, QuestionError
from assistant.lang import SERVED, detect
from assistant.model import Answer
from assistant.retrieve import Filters, Retriever
from assistant.settings import BUNDLED_PLAN, Settings
from index.build import BuildReport, build, lexical_dir, up_to_date
from index.embed import Embedder, load_embedder
from index.lexical import LexicalIndex
from index.manifest import read_manifest
from index.store import Store, open_client
from ingest.model import Chunk, ParsedPlan
from ingest.parse import parse_plan
from ingest.readers import describe, read_text

Progress = Callable[[int, int], None]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class SectionInfo:
    """A section as indexed: label, title, document and paragraph count."""

    label: str
    title: str
    document: str
    paragraphs: int


def load_plan(path: Path, title: str | None = None, year: int | None = None, language: str | None = None) -> ParsedPlan:
    """Read and parse one plan file."""
    text = read_text(path)
    return parse_plan(text, describe(text, path, title, year, language))


def ingest(
    settings: Settings, plans: Sequence[ParsedPlan], embedder: Embedder | None = None, progress: Progress | None = None
) -> BuildReport | None:
    """Add or replace documents; ``None`` when everything was already indexed (no work done)."""
    manifest = read_manifest(settings.data_dir)
    if up_to_date(manifest, settings.embed_model, list(plans)):
        return None
    keys = {p.document.key for p in plans}
    keep = [
        load_plan(Path(d.source), d.title, d.year, d.language)
        for d in (manifest.documents if manifest else ())
        if d.key not in keys
    ]
    store = Store(open_client(settings.data_dir, settings.chroma_url))
    return build(settings.data_dir, store, embedder or load_embedder(settings.embed_model), list(plans), keep, progress)


class Assistant:
    """Answers questions over the indexed plans; open once, ask many times (thread-safe reads)."""

    def __init__(self, settings: Settings, retriever: Retriever, vocabulary: frozenset[str]) -> None:
        self.settings = settings
        self.retriever = retriever
        self.vocabulary = vocabulary
        self.chunks: list[Chunk] = retriever.chunks
        self.sentences_of: list[list[int]] = [[] for _ in self.chunks]
        for s, owner in enumerate(retriever.sentence_owner):
            self.sentences_of[int(owner)].append(s)

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
        manifest = read_manifest(settings.data_dir)
        if manifest is None:
            (say or (lambda m: print(m, file=sys.stderr)))(
                f"No index in {settings.data_dir} yet: building it from the bundled plan "
                f"({BUNDLED_PLAN.name}); this takes about a minute once."
            )
            embedder = embedder or load_embedder(settings.embed_model)
            ingest(settings, [load_plan(BUNDLED_PLAN)], embedder, progress)
            manifest = read_manifest(settings.data_dir)
        if manifest is None:
            raise IndexMissingError(f"no index in {settings.data_dir}. Run `jaarplan ingest`.")
        if manifest.model != settings.embed_model:
            raise ForeignIndexError(
                f"the index in {settings.data_dir} was built with model '{manifest.model}', not "
                f"'{settings.embed_model}'. Set JAARPLAN_EMBED_MODEL={manifest.model}, or run "
                f"`jaarplan ingest --embed-model {settings.embed_model}` to rebuild for the new model."
            )
        embedder = embedder or load_embedder(settings.embed_model)
        if embedder.dim != manifest.dim:
            raise ForeignIndexError(
                f"model '{embedder.name}' gives {embedder.dim}-d vectors but the "
                f"index holds {manifest.dim}-d ones. Rebuild with `jaarplan ingest`."
            )
        stored = Store(open_client(settings.data_dir, settings.chroma_url)).read(manifest.collection)
        lexical = _lexical(settings, manifest, stored.chunks)
        vocabulary = frozenset(w for c in stored.chunks for w in re.findall(r"[^\W\d_]+", c.text.lower()))
        assistant = cls(settings, Retriever(stored, lexical, embedder), vocabulary)
        assistant.ask("Wat staat er in het jaarplan?")
        return assistant

    def ask(
        self,
        question: str,
        section: str | None = None,
        document: str | None = None,
        year: int | None = None,
        language: str | None = None,
    ) -> Answer:
        """Answer one question with cited paragraphs, or abstain."""
        start = time.perf_counter()
        clean = self.check_question(question)
        if language is not None and language not in SERVED:
            raise QuestionError(f"language '{language}' is not served. Use one of {', '.join(SERVED)}.")
        lang = language or detect(clean, self.vocabulary)
        detect_ms = (time.perf_counter() - start) * 1000.0
        retrieval = self.retriever.search(clean, lang, Filters(section, document, year), k=10)
        t = time.perf_counter()
        composed = compose(
            clean,
            lang,
            retrieval,
            self.sentences_of,
            self.retriever.stored.sentences,
            self.settings.citations,
            self.settings.abstain_below,
        )
        timings = {"detect": detect_ms, **retrieval.timings_ms, "answer": (time.perf_counter() - t) * 1000.0}
        timings["total"] = (time.perf_counter() - start) * 1000.0
        return Answer(clean, lang, composed.abstained, composed.text, composed.citations, timings)

    def check_question(self, question: object) -> str:
        """The question with control characters removed; a ``QuestionError`` when unusable."""
        if not isinstance(question, str):
            raise QuestionError(f"the question must be text, not {type(question).__name__}.")
        clean = " ".join(_CONTROL.sub(" ", question).split())
        if not clean:
            raise QuestionError(
                "the question is empty. Type a question about the plan, "
                'e.g. "Wat staat er over grensoverschrijdend telewerk?".'
            )
        if len(clean) > self.settings.max_question_chars:
            raise QuestionError(
                f"the question is {len(clean)} characters long; the limit is "
                f"{self.settings.max_question_chars}. Ask a shorter question."
            )
        return clean

    def sections(self) -> list[SectionInfo]:
        """The sections as indexed, in reading order."""
        out: dict[tuple[str, str], SectionInfo] = {}
        for c in self.chunks:
            key = (c.document.key, c.section)
            prev = out.get(key)
            out[key] = SectionInfo(c.section, c.section_title, c.document.title, (prev.paragraphs if prev else 0) + 1)
        return list(out.values())

    def section_chunks(self, section: str, document: str | None = None) -> list[Chunk]:
        """The paragraphs of a section (or chapter), in reading order."""
        f = Filters(section=section, document=document)
        return [c for c in self.chunks if f.allows(c)]


def _lexical(settings: Settings, manifest, chunks: list[Chunk]) -> LexicalIndex:  # type: ignore[no-untyped-def]
    """The saved BM25 files when they match the stored chunks, else rebuilt from the chunks."""
    folder = lexical_dir(settings.data_dir, manifest)
    ids = {c.id for c in chunks}
    try:
        lexical = LexicalIndex.load(folder)
        if set(lexical.ids) == ids:
            return lexical
    except (OSError, ValueError, KeyError):
        pass
    language = max({c.document.language for c in chunks} or {"nl"})
    return LexicalIndex([c.id for c in chunks], [c.text for c in chunks], language)
