"""Chroma storage of chunks and sentence vectors (embedded ``PersistentClient`` or a server)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import StoreError
from index.manifest import Manifest, manifest_json, parse_manifest
from index.progress import Progress
from ingest.model import Chunk, Document

BATCH = 1000
MANIFEST = "jp-manifest"


@dataclass(frozen=True)
class Sentence:
    """One sentence of a chunk, the unit the short answer is built from."""

    id: str
    chunk_id: str
    ordinal: int
    text: str


@dataclass
class StoredIndex:
    """Everything a generation holds, in memory."""

    chunks: list[Chunk]
    vectors: np.ndarray
    sentences: list[Sentence]
    sentence_vectors: np.ndarray
    embed_hashes: dict[str, int] = field(default_factory=dict)

    def vectors_by_hash(self) -> dict[str, np.ndarray]:
        """Paragraph and sentence vectors keyed by the hash of their embedded text (for reuse)."""
        rows = np.concatenate([self.vectors, self.sentence_vectors])
        return {h: rows[i] for h, i in self.embed_hashes.items()}


def open_store(data_dir: Path, chroma_url: str | None) -> Store:
    """The Chroma server at ``chroma_url`` when set, else the embedded store in ``data_dir``."""
    client = open_client(data_dir, chroma_url)
    return Store(client, f"the Chroma server at {chroma_url}" if chroma_url else str(data_dir), bool(chroma_url))


def writable(folder: Path) -> bool:
    """Whether files can be created in ``folder`` (tried for real: permissions lie to root on read-only mounts)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_text("ok")
        probe.unlink()
        return True
    except OSError:
        return False


def _snapshot(path: Path) -> Path:
    """A private copy of a read-only embedded store (Chroma's SQLite cannot open read-only files)."""
    folder = Path(tempfile.mkdtemp(prefix="jaarplan-ro-"))
    atexit.register(shutil.rmtree, folder, True)
    shutil.copytree(path, folder / "chroma")
    return folder / "chroma"


def open_client(data_dir: Path, chroma_url: str | None) -> Any:
    """A Chroma client: a server when ``chroma_url`` is set, else the embedded store in ``data_dir``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if chroma_url:
            from urllib.parse import urlparse

            url = urlparse(chroma_url)
            client = chromadb.HttpClient(
                host=url.hostname or "127.0.0.1", port=url.port or 8000, ssl=url.scheme == "https", settings=settings
            )
            client.heartbeat()
            return client
        path = data_dir / "chroma"
        if path.exists() and not writable(data_dir):
            path = _snapshot(path)
        return chromadb.PersistentClient(path=str(path), settings=settings)
    except Exception as exc:  # noqa: BLE001 - chroma raises many types for one cause
        where = f"the Chroma server at {chroma_url}" if chroma_url else f"the store in {data_dir}"
        fix = (
            "Start it (`chroma run --path DIR --host 127.0.0.1 --port N`) or unset JAARPLAN_CHROMA_URL."
            if chroma_url
            else "Check that the folder is readable."
        )
        raise StoreError(f"cannot reach {where} ({type(exc).__name__}: {exc}). {fix}") from None


def _meta(chunk: Chunk, embed_hash: str) -> dict[str, Any]:
    doc = chunk.document
    return {
        "section": chunk.section,
        "section_title": chunk.section_title,
        "heading": chunk.heading or "",
        "ordinal": chunk.ordinal,
        "chapter": chunk.chapter,
        "char_start": chunk.char_start,
        "char_end": chunk.char_end,
        "content_hash": chunk.content_hash,
        "embed_hash": embed_hash,
        "doc_key": doc.key,
        "doc_title": doc.title,
        "doc_year": doc.year or 0,
        "doc_language": doc.language,
        "doc_sha256": doc.sha256,
        "doc_source": doc.source,
    }


def _chunk(cid: str, text: str, meta: dict[str, Any]) -> Chunk:
    doc = Document(
        title=meta["doc_title"],
        year=meta["doc_year"] or None,
        language=meta["doc_language"],
        sha256=meta["doc_sha256"],
        source=meta["doc_source"],
    )
    return Chunk(
        id=cid,
        document=doc,
        section=meta["section"],
        section_title=meta["section_title"],
        heading=meta["heading"] or None,
        ordinal=meta["ordinal"],
        text=text,
        char_start=meta["char_start"],
        char_end=meta["char_end"],
        content_hash=meta["content_hash"],
    )


class Store:
    """Named generations of two collections: ``NAME`` (paragraphs) and ``NAME-s`` (sentences)."""

    def __init__(self, client: Any, where: str = "the store", shared: bool = False) -> None:
        self.client = client
        self.where = where
        self.shared = shared

    def _collection(self, name: str, create: bool = False) -> Any:
        try:
            if create:
                return self.client.create_collection(name, embedding_function=None, metadata={"hnsw:space": "cosine"})
            return self.client.get_collection(name, embedding_function=None)
        except Exception as exc:  # noqa: BLE001
            raise StoreError(
                f"Chroma collection '{name}' cannot be {'created' if create else 'opened'}"
                f" ({type(exc).__name__}: {exc}). Run `jaarplan ingest` to rebuild it."
            ) from None

    def names(self) -> list[str]:
        """Collection names in the store."""
        try:
            return [c if isinstance(c, str) else c.name for c in self.client.list_collections()]
        except Exception as exc:  # noqa: BLE001
            raise StoreError(
                f"{self.where} does not answer ({type(exc).__name__}: {exc}). Check that it "
                "is running and reachable, then try again."
            ) from None

    def write(
        self,
        name: str,
        chunks: list[tuple[Chunk, str]],
        vectors: np.ndarray,
        sentences: list[tuple[Sentence, str]],
        sentence_vectors: np.ndarray,
        progress: Progress | None = None,
    ) -> None:
        """Create a generation's collections and fill them (chunks carry their embedding-text hash)."""
        paras, sents = self._collection(name, True), self._collection(name + "-s", True)
        total = len(chunks) + len(sentences)
        for i in range(0, len(chunks), BATCH):
            part = chunks[i : i + BATCH]
            paras.add(
                ids=[c.id for c, _ in part],
                documents=[c.text for c, _ in part],
                metadatas=[_meta(c, h) for c, h in part],
                embeddings=vectors[i : i + BATCH],
            )
            if progress:
                progress("storing", min(i + BATCH, len(chunks)), total)
        for i in range(0, len(sentences), BATCH):
            spart = sentences[i : i + BATCH]
            sents.add(
                ids=[s.id for s, _ in spart],
                documents=[s.text for s, _ in spart],
                metadatas=[{"chunk_id": s.chunk_id, "ordinal": s.ordinal, "embed_hash": h} for s, h in spart],
                embeddings=sentence_vectors[i : i + BATCH],
            )
            if progress:
                progress("storing", len(chunks) + min(i + BATCH, len(sentences)), total)

    def read(self, name: str) -> StoredIndex:
        """Load a generation into memory, chunks in reading order."""
        paras = self._collection(name).get(include=["documents", "metadatas", "embeddings"])
        sents = self._collection(name + "-s").get(include=["documents", "metadatas", "embeddings"])
        chunks = [
            _chunk(i, d, m) for i, d, m in zip(paras["ids"], paras["documents"], paras["metadatas"], strict=False)
        ]
        order = sorted(range(len(chunks)), key=lambda k: (chunks[k].document.key, chunks[k].char_start))
        vectors = np.asarray(paras["embeddings"], dtype=np.float32).reshape(len(chunks), -1)
        sentences = [
            Sentence(i, m["chunk_id"], m["ordinal"], d)
            for i, d, m in zip(sents["ids"], sents["documents"], sents["metadatas"], strict=False)
        ]
        sorder = sorted(range(len(sentences)), key=lambda k: (sentences[k].chunk_id, sentences[k].ordinal))
        svecs = np.asarray(sents["embeddings"], dtype=np.float32).reshape(len(sentences), -1)
        hashes = [paras["metadatas"][k].get("embed_hash") for k in order]
        hashes += [sents["metadatas"][k].get("embed_hash") for k in sorder]
        return StoredIndex(
            [chunks[k] for k in order],
            vectors[order] if len(order) else vectors,
            [sentences[k] for k in sorder],
            svecs[sorder] if len(sorder) else svecs,
            {h: i for i, h in enumerate(hashes) if h},
        )

    def drop(self, name: str) -> None:
        """Delete a generation's collections if present."""
        for suffix in ("", "-s"):
            if name + suffix in self.names():
                self.client.delete_collection(name + suffix)

    def read_manifest(self) -> Manifest | None:
        """The manifest kept in the store itself (server mode: shared by every replica)."""
        if MANIFEST not in self.names():
            return None
        got = self._collection(MANIFEST).get(ids=["manifest"], include=["documents"])
        if not got["documents"]:
            return None
        fix = f"Delete the '{MANIFEST}' collection on the server (nothing was changed) and run `jaarplan ingest`."
        return parse_manifest(got["documents"][0].encode("utf-8"), f"the manifest on {self.where}", fix)

    def write_manifest(self, manifest: Manifest) -> None:
        """Replace the store's manifest in one upsert (readers see the old or the new one, never a mix)."""
        if MANIFEST not in self.names():
            self._collection(MANIFEST, True)
        self._collection(MANIFEST).upsert(ids=["manifest"], documents=[manifest_json(manifest)], embeddings=[[0.0]])
