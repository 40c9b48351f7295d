"""Build or update the index: embed what changed, write a new generation, switch the manifest."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.embed import Embedder
from index.errors import ReadOnlyError
from index.lexical import LexicalIndex
from index.manifest import DocumentEntry, Manifest, read_manifest, write_manifest
from index.progress import Progress
from index.store import MANIFEST, Sentence, Store, writable
from index.universal import UniversalEncoder, UniversalVectors
from ingest.model import Chunk, ParsedPlan
from ingest.parse import split_sentences

PARSER_VERSION = "4"


@dataclass(frozen=True)
class BuildReport:
    """What an ingest did."""

    manifest: Manifest
    embedded: int
    reused: int


def embed_text(chunk: Chunk) -> str:
    """The text embedded for a paragraph: its place in the plan as context, then the paragraph."""
    context = ". ".join(p for p in (chunk.section_title, chunk.heading) if p)
    return f"{context}. {chunk.text}"


def sentence_text(chunk: Chunk, sentence: str) -> str:
    """The text embedded for a sentence: its sub-heading (or section title) as context."""
    return f"{chunk.heading or chunk.section_title}: {sentence}"


def embedded_texts(chunks: Sequence[Chunk]) -> tuple[list[tuple[Sentence, str]], list[str]]:
    """The sentences of ``chunks`` with their embedded texts, and every text ingest embeds: each
    paragraph in its context (``embed_text``), then each sentence (``sentence_text``)."""
    sentences = [
        (Sentence(f"{c.id}#{k}", c.id, k, s), sentence_text(c, s))
        for c in chunks
        for k, s in enumerate(split_sentences(c.text), 1)
    ]
    return sentences, [embed_text(c) for c in chunks] + [t for _, t in sentences]


def _hash(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()[:24]


def lexical_dir(data_dir: Path, manifest: Manifest) -> Path:
    """Where a generation's files derived from its chunks live: BM25, the second encoder's vectors."""
    return data_dir / "lexical" / manifest.collection


def current_manifest(data_dir: Path, store: Store) -> Manifest | None:
    """The manifest in force: in the store when it is a shared server, else the file in ``data_dir``."""
    return store.read_manifest() if store.shared else read_manifest(data_dir)


def entry(plan: ParsedPlan) -> DocumentEntry:
    """The manifest entry of a parsed document."""
    d = plan.document
    return DocumentEntry(d.key, d.title, d.year, d.language, d.sha256, d.source, len(plan.chunks))


def up_to_date(manifest: Manifest | None, model: str, plans: list[ParsedPlan]) -> bool:
    """True when every plan is already indexed, unchanged, with this model and parser."""
    if manifest is None or manifest.model != model or manifest.parser != PARSER_VERSION or not plans:
        return False
    have = {(d.key, d.sha256) for d in manifest.documents}
    return all((p.document.key, p.document.sha256) in have for p in plans)


def build(
    data_dir: Path,
    store: Store,
    embedder: Embedder,
    plans: list[ParsedPlan],
    keep: list[ParsedPlan],
    reuse: dict[str, np.ndarray],
    progress: Progress | None = None,
) -> BuildReport:
    """Write a new generation holding ``keep`` and ``plans``; texts whose hash is in ``reuse`` are not embedded."""
    _check_writable(data_dir)
    old = current_manifest(data_dir, store)
    chunks = [c for p in [*keep, *plans] for c in p.chunks]
    sentences, texts = embedded_texts(chunks)
    hashes, matrix, embedded = _vectors(embedder, texts, reuse, progress)
    manifest = Manifest(
        model=embedder.name,
        dim=embedder.dim,
        generation=(old.generation + 1) if old else 1,
        parser=PARSER_VERSION,
        documents=tuple(entry(p) for p in [*keep, *plans]),
    )
    _sweep(data_dir, store, old)
    store.write(
        manifest.collection,
        list(zip(chunks, hashes, strict=False)),
        matrix[: len(chunks)],
        [(s, h) for (s, _), h in zip(sentences, hashes[len(chunks) :], strict=False)],
        matrix[len(chunks) :],
        progress,
    )
    derived = lexical_dir(data_dir, manifest)
    LexicalIndex([c.id for c in chunks], [c.text for c in chunks], main_language(chunks)).save(derived)
    contexts = texts[: len(chunks)]
    second = UniversalVectors.of(
        UniversalEncoder(), chunks, [s for s, _ in sentences], contexts, progress, _second_reuse(data_dir, old)
    )
    second.save(derived)
    _publish(data_dir, store, manifest, old)
    return BuildReport(manifest, embedded, len(hashes) - embedded)


def _vectors(
    embedder: Embedder, texts: list[str], reuse: dict[str, np.ndarray], progress: Progress | None
) -> tuple[list[str], np.ndarray, int]:
    """Each text's hash and vector (embedding only the texts whose hash ``reuse`` lacks), and how many were embedded."""
    hashes = [_hash(embedder.name, t) for t in texts]
    todo = [i for i, h in enumerate(hashes) if h not in reuse]
    fresh = _embed(embedder, [texts[i] for i in todo], progress)
    vecs = reuse | {hashes[i]: fresh[k] for k, i in enumerate(todo)}
    matrix = np.stack([vecs[h] for h in hashes]) if hashes else np.zeros((0, embedder.dim), dtype=np.float32)
    return hashes, matrix, len(todo)


def _second_reuse(data_dir: Path, old: Manifest | None) -> dict[str, np.ndarray]:
    """The second encoder's vectors of the generation in force, by text (none when it has no such file)."""
    if old is None:
        return {}
    try:
        return UniversalVectors.load(lexical_dir(data_dir, old)).by_key()
    except (OSError, ValueError, KeyError):
        return {}


def _publish(data_dir: Path, store: Store, manifest: Manifest, old: Manifest | None) -> None:
    """Make ``manifest`` the one in force (the commit point), then drop the generation it replaces."""
    if store.shared:
        store.write_manifest(manifest)
    else:
        write_manifest(data_dir, manifest)
    if old:
        store.drop(old.collection)
        shutil.rmtree(lexical_dir(data_dir, old), ignore_errors=True)


def _embed(embedder: Embedder, texts: list[str], progress: Progress | None, batch: int = 16) -> np.ndarray:
    out = []
    if progress and texts:
        progress("embedding", 0, len(texts))  # the bar shows before the first batch is done
    for i in range(0, len(texts), batch):
        out.append(embedder.passages(texts[i : i + batch]))
        if progress:
            progress("embedding", min(i + batch, len(texts)), len(texts))
    return np.concatenate(out) if out else np.zeros((0, embedder.dim), dtype=np.float32)


def main_language(chunks: list[Chunk]) -> str:
    """The language most paragraphs are in (the BM25 stemmer's); Dutch for an empty index."""
    langs = [c.document.language for c in chunks]
    return max(set(langs), key=langs.count) if langs else "nl"


def _sweep(data_dir: Path, store: Store, current: Manifest | None) -> None:
    """Remove generations an interrupted ingest left behind (never the current one)."""
    keep = current.collection if current else None
    for name in store.names():
        base = name[:-2] if name.endswith("-s") else name
        if name.startswith("jp-") and base != keep and name != MANIFEST:
            store.client.delete_collection(name)
    for folder in (data_dir / "lexical").glob("jp-*"):
        if folder.name != keep:
            shutil.rmtree(folder, ignore_errors=True)


def _check_writable(data_dir: Path) -> None:
    if not writable(data_dir):
        raise ReadOnlyError(
            f"cannot write to {data_dir}: ingest needs a writable data directory. "
            "Set JAARPLAN_DATA_DIR to a writable folder (asking still works here)."
        )
