"""Reference sentences, embedded once per model: they align languages and recognise off-topic questions.

- ``parallel.tsv``: 276 everyday and policy questions and statements (40 everyday ones, 236 on
  government, mobility, taxes, security, energy, ... that do not come from the plan), each in the
  four served languages. A multilingual embedder places a sentence at different points in different
  languages; much of the gap is one offset per language, the mean difference between the parallel
  sentences. Subtracting half of it moves a French, German or English question towards the
  documents' language before the cosine ("language mean removal", Libovický et al., 2020). Dutch
  questions are untouched. Measured on the dev sets (375 questions, 317 answerable):
  - the 40 everyday sentences, whole offset (the first version): hit@1 0.770, hit@5 0.950, MRR@10 0.842;
  - all 276 sentences, half the offset: 0.792, 0.965, 0.863;
  - no alignment at all: 0.782, 0.953, 0.855.
  The whole offset over-corrects: questions written as natives ask them, sharing few words with
  the plan, did best at half of it.
- ``offtopic.tsv``: 36 questions no policy plan answers, in the same four languages: 16 everyday
  ones (weather, recipes, sport, health, ...), 11 on a citizen's own paperwork and money (a passport,
  a tax return's deadline, child benefit, a pension, a building permit, a VAT rate, the stock
  market), 3 long messages about private life (a manager, a partner, a sick pet) and 6 keyword
  queries ("Steuererklärung Frist", "weather tomorrow"). A question
  closer to one of them than to any paragraph of the plan is off-topic. Questions on politics and
  current affairs (elections, a war, a party's views, EU enlargement) were tried and left out: the
  plan's own EU and migration questions came too close to them.

None of these sentences comes from the plan or from the question sets. What a model makes of them
(the parallel sets' mean per language, the off-topic vectors) is cached per model in the data
folder; ``references-bundled-e5-small-*.npz`` beside this file ships it for the bundled model
(``make references`` rewrites it).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import os
import zipfile
from pathlib import Path

import numpy as np

from index.embed import BUNDLED, Embedder, model_slug

HERE = Path(__file__).parent
SETS = {"parallel": HERE / "parallel.tsv", "offtopic": HERE / "offtopic.tsv"}
SHIPPED_PREFIX = "references-"
ALIGNMENT_STRENGTH = 0.5


def read_set(path: Path) -> dict[str, list[str]]:
    """A tab-separated file's columns by header: a reference set's sentences by language code, or ``places.tsv``."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return {lang: [row[lang] for row in rows] for lang in rows[0]} if rows else {}


def cache_name(embedder: Embedder) -> str:
    """The cache file's name: the model and a digest of the reference sets."""
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in SETS.values())).hexdigest()[:12]
    return f"{model_slug(embedder.name)}-{digest}.npz"


def shipped_path(embedder: Embedder) -> Path:
    """Where the package ships the references for an embedder (only the bundled model's exists)."""
    return HERE / f"{SHIPPED_PREFIX}{cache_name(embedder)}"


def embed_sets(embedder: Embedder) -> dict[str, np.ndarray]:
    """The parallel sets' mean vector per language and every off-topic vector, by "set-language"."""
    vectors = {}
    for name, path in SETS.items():
        for lang, sentences in read_set(path).items():
            m = np.asarray(embedder.queries(sentences), dtype=np.float32)
            vectors[f"{name}-{lang}"] = m.mean(axis=0, keepdims=True) if name == "parallel" else m
    return vectors


def save(vectors: dict[str, np.ndarray], path: Path) -> None:
    """Write the vectors atomically (replicas may share the folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp.npz")
    np.savez(tmp, **vectors)  # type: ignore[arg-type]  # keys are array names
    tmp.replace(path)


def _load(path: Path) -> dict[str, np.ndarray] | None:
    try:
        with np.load(path) as saved:
            return {key: saved[key] for key in saved.files}
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None  # missing or damaged: embedded again (and a damaged cache replaced)


class References:
    """Language offsets towards the documents' language, and the off-topic questions' vectors."""

    def __init__(self, vectors: dict[str, np.ndarray], target: str) -> None:
        self.target = target
        means = {key.split("-", 1)[1]: m.mean(axis=0) for key, m in vectors.items() if key.startswith("parallel-")}
        base = means.get(target)
        self.offsets = {} if base is None else {lang: m - base for lang, m in means.items() if lang != target}
        centre = np.mean(list(means.values()), axis=0) if means else None
        self.directions = {lang: m - centre for lang, m in means.items()}
        raw = [m for key, m in vectors.items() if key.startswith("offtopic-")]
        spread = _spread(np.concatenate(raw), self.directions) if raw and self.directions else 0.0
        self.spread = spread or 1.0
        off = [
            self.align(v, key.split("-", 1)[1]) for key, m in vectors.items() if key.startswith("offtopic-") for v in m
        ]
        self.offtopic = np.array(off, dtype=np.float32) if off else np.zeros((0, 1), dtype=np.float32)

    def align(self, vector: np.ndarray, language: str, towards: str | None = None) -> np.ndarray:
        """A query vector moved from ``language`` towards the documents' language, or towards the language
        of the one document asked (``towards``), unit length."""
        offset = self.offsets.get(language, 0.0 if language == self.target else None)
        if towards and towards != self.target and offset is not None:
            offset = offset - self.offsets.get(towards, 0.0)
        if offset is None or language == (towards or self.target):
            return vector
        shifted = vector - ALIGNMENT_STRENGTH * offset
        return (shifted / np.linalg.norm(shifted)).astype(np.float32)

    def leaning(self, vector: np.ndarray) -> dict[str, float]:
        """How far an (unaligned) query vector leans towards each language's mean, in units of the
        off-topic questions' typical spread between their closest and farthest language."""
        return {lang: float(vector @ d) / self.spread for lang, d in self.directions.items()}

    def offtopic_score(self, aligned: np.ndarray) -> float:
        """The cosine of an aligned query vector to the closest off-topic question (-1 when none)."""
        return float(np.max(self.offtopic @ aligned)) if len(self.offtopic) else -1.0

    @classmethod
    def for_embedder(
        cls, embedder: Embedder, target: str, cache_dir: Path | None = None, shipped: bool = True
    ) -> References:
        """The references for an embedder: shipped with the package, else from the cache, else
        embedded now (about 30 s for the bundled model) and cached."""
        cache = cache_dir / cache_name(embedder) if cache_dir else None
        for path in (shipped_path(embedder) if shipped else None, cache):
            if path is not None and (vectors := _load(path)) is not None:
                return cls(vectors, target)
        vectors = embed_sets(embedder)
        if cache is not None:
            with contextlib.suppress(OSError):  # a read-only data folder: embedded again next time
                save(vectors, cache)
        return cls(vectors, target)


def _spread(vectors: np.ndarray, directions: dict[str, np.ndarray]) -> float:
    """The mean gap between the language a sentence leans to most and the one it leans to least."""
    leans = vectors @ np.array(list(directions.values())).T
    return float(np.mean(leans.max(axis=1) - leans.min(axis=1)))


def ship() -> Path:
    """Embed the sets with the bundled model into the shipped file, replacing the old one (``make references``)."""
    from index.embed import load_embedder

    embedder = load_embedder(BUNDLED)
    path = shipped_path(embedder)
    save(embed_sets(embedder), path)
    for old in HERE.glob(f"{SHIPPED_PREFIX}*.npz"):
        if old != path:
            old.unlink()
    return path
