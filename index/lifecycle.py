"""The index's lifecycle: read and parse plans, add or replace them in a new generation, remove one,
list what is indexed, and load what a generation derives from its chunks (BM25, second-encoder vectors).

``settings`` is anything with ``data_dir``, ``chroma_url`` and ``embed_model`` (``assistant.settings.Settings``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from index.build import BuildReport, build, current_manifest, lexical_dir, main_language, up_to_date
from index.embed import Embedder, load_embedder
from index.lexical import LexicalIndex
from index.manifest import DocumentEntry, Manifest
from index.progress import Progress
from index.store import Store, StoredIndex, open_store
from index.universal import UniversalVectors
from ingest.errors import UsageError
from ingest.model import Chunk, ParsedPlan
from ingest.parse import parse_file


class IndexSettings(Protocol):
    """Where the index lives and which model embeds it."""

    @property
    def data_dir(self) -> Path: ...
    @property
    def chroma_url(self) -> str: ...
    @property
    def embed_model(self) -> str: ...


def load_plan(path: Path, title: str | None = None, year: int | None = None, language: str | None = None) -> ParsedPlan:
    """Read and parse one plan file (.txt, .md, .pdf, .docx)."""
    return parse_file(path, title, year, language)


def ingest(
    settings: IndexSettings,
    plans: Sequence[ParsedPlan],
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> BuildReport | None:
    """Add or replace documents; ``None`` when everything was already indexed (no work done)."""
    store, manifest = opened(settings)
    if up_to_date(manifest, settings.embed_model, list(plans)):
        return None
    previous = store.read(manifest.collection) if manifest else None
    keys = {p.document.key for p in plans}
    keep = [p for p in plans_in(previous) if p.document.key not in keys]
    return write_generation(settings, store, previous, list(plans), keep, embedder, progress)


def plans_in(stored: StoredIndex | None) -> list[ParsedPlan]:
    """The documents of a stored generation, rebuilt from its chunks (no source file needed)."""
    by_key: dict[str, list[Chunk]] = {}
    for chunk in stored.chunks if stored else []:
        by_key.setdefault(chunk.document.key, []).append(chunk)
    return [ParsedPlan(chunks[0].document, (), tuple(chunks)) for chunks in by_key.values()]


def remove(settings: IndexSettings, document: str, embedder: Embedder | None = None) -> BuildReport:
    """Remove one document (by key or title) in a new generation; the others stay as they are."""
    store, manifest = opened(settings)
    previous = store.read(manifest.collection) if manifest else None
    plans = plans_in(previous)
    keep = [p for p in plans if document not in (p.document.key, p.document.title)]
    if len(keep) == len(plans):
        names = ", ".join(f"{p.document.key} ({p.document.title})" for p in plans) or "none"
        raise UsageError(f"no document {document!r} in the index. Documents: {names}.")
    if not keep:
        raise UsageError(f"{document!r} is the only document; ingest another one before removing it.")
    return write_generation(settings, store, previous, [], keep, embedder)


def opened(settings: IndexSettings) -> tuple[Store, Manifest | None]:
    """The store ``settings`` name and the manifest in force there."""
    store = open_store(settings.data_dir, settings.chroma_url)
    return store, current_manifest(settings.data_dir, store)


def write_generation(
    settings: IndexSettings,
    store: Store,
    previous: StoredIndex | None,
    plans: list[ParsedPlan],
    keep: list[ParsedPlan],
    embedder: Embedder | None,
    progress: Progress | None = None,
) -> BuildReport:
    """A new generation of ``plans`` and ``keep``, reusing the previous generation's vectors."""
    embedder = embedder or load_embedder(settings.embed_model)
    reuse = previous.vectors_by_hash() if previous else {}
    return build(settings.data_dir, store, embedder, plans, keep, reuse, progress)


def documents(settings: IndexSettings) -> list[DocumentEntry]:
    """The documents in the index, as the manifest lists them."""
    _, manifest = opened(settings)
    return list(manifest.documents) if manifest else []


def saved_universal(settings: IndexSettings, manifest: Manifest, stored: StoredIndex) -> UniversalVectors | None:
    """The saved second-encoder vectors when they match the stored chunks (else ``None``: the
    retriever derives them, about 2 s for the plan, and they are saved for next time)."""
    try:
        vectors = UniversalVectors.load(lexical_dir(settings.data_dir, manifest))
    except (OSError, ValueError, KeyError):
        return None
    return vectors.arranged(stored.chunks, stored.sentences)


def saved_lexical(settings: IndexSettings, manifest: Manifest, chunks: list[Chunk]) -> LexicalIndex:
    """The saved BM25 files when they match the stored chunks, else rebuilt from the chunks."""
    folder = lexical_dir(settings.data_dir, manifest)
    ids = {c.id for c in chunks}
    try:
        lexical = LexicalIndex.load(folder)
        if set(lexical.ids) == ids:
            return lexical
    except (OSError, ValueError, KeyError):
        pass
    return LexicalIndex([c.id for c in chunks], [c.text for c in chunks], main_language(chunks))
