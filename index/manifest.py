"""The manifest: which model built the index, its dimension, generation and documents."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.errors import ForeignIndexError, ReadOnlyError

SCHEMA = 1
FILENAME = "manifest.json"


@dataclass(frozen=True)
class DocumentEntry:
    """A document in the index, with the hash of the source it was built from."""

    key: str
    title: str
    year: int | None
    language: str
    sha256: str
    source: str
    chunks: int


@dataclass(frozen=True)
class Manifest:
    """What the index holds; written last, atomically, so it always names a whole index."""

    model: str
    dim: int
    generation: int
    parser: str
    documents: tuple[DocumentEntry, ...] = field(default_factory=tuple)
    schema: int = SCHEMA
    tool: str = "jaarplan"

    @property
    def collection(self) -> str:
        """Base name of this generation's Chroma collections."""
        from index.embed import model_slug

        return f"jp-{model_slug(self.model)}-g{self.generation}"


def read_manifest(data_dir: Path) -> Manifest | None:
    """The manifest in ``data_dir``; ``None`` when there is none; an error when it is not ours."""
    path = data_dir / FILENAME
    if not path.exists():
        return None
    fix = f"Move {path} away (nothing was changed) and run `jaarplan ingest` to build a new index."
    return parse_manifest(path.read_bytes(), str(path), fix)


def parse_manifest(data: bytes, where: str, fix: str) -> Manifest:
    """A manifest from its JSON bytes; ``ForeignIndexError`` naming ``where`` when it is not ours."""
    try:
        raw = json.loads(data.decode("utf-8"))
        if not isinstance(raw, dict):
            raise TypeError("not a JSON object")
        if raw.get("tool") != "jaarplan" or raw.get("schema") != SCHEMA:
            raise ForeignIndexError(
                f"{where} is not a jaarplan index manifest (schema "
                f"{raw.get('schema')!r}, tool {raw.get('tool')!r}). {fix}"
            )
        docs = tuple(DocumentEntry(**d) for d in raw.pop("documents"))
        return Manifest(documents=docs, **raw)
    except ForeignIndexError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError) as exc:
        raise ForeignIndexError(f"{where} is damaged ({type(exc).__name__}: {exc}). {fix}") from None


def write_manifest(data_dir: Path, manifest: Manifest) -> None:
    """Replace the manifest atomically (write a temporary file, fsync, rename)."""
    path = data_dir / FILENAME
    tmp = path.with_suffix(".json.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(manifest_json(manifest))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except PermissionError:
        raise ReadOnlyError(
            f"cannot write {path}: the data directory is read-only. Set "
            "JAARPLAN_DATA_DIR to a writable folder to ingest."
        ) from None


def manifest_json(manifest: Manifest) -> str:
    """The manifest as JSON text."""
    return json.dumps(asdict(manifest), ensure_ascii=False, indent=2)


def manifest_stamp(data_dir: Path) -> tuple[int, int, int] | None:
    """The manifest file's inode, mtime and size: a change means another process published a generation
    (``write_manifest`` renames a new file into place). ``None`` when there is none."""
    try:
        st = (data_dir / FILENAME).stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size
