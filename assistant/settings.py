"""One ``Settings`` dataclass; each field has a default, a help line, a CLI flag and an env variable."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

from ingest.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_PLAN = ROOT / "data" / "jaarplan-2026.nl.txt"


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "jaarplan"


def _setting(default: Any, env: str, help: str, **kw: Any) -> Any:
    factory = default if callable(default) else None
    meta = {"env": env, "help": help}
    return (
        field(default_factory=factory, metadata=meta, **kw) if factory else field(default=default, metadata=meta, **kw)
    )


@dataclass(frozen=True)
class Settings:
    """Where the index lives, which store and model to use, and how answers are made."""

    data_dir: Path = _setting(
        _default_data_dir, "JAARPLAN_DATA_DIR", "folder holding the index (default: ~/.local/share/jaarplan)"
    )
    chroma_url: str = _setting(
        "", "JAARPLAN_CHROMA_URL", "use the Chroma server at this URL instead of the embedded store"
    )
    embed_model: str = _setting(
        "bundled-e5-small",
        "JAARPLAN_EMBED_MODEL",
        "'bundled-e5-small' or a sentence-transformers model name or local path",
    )
    citations: int = _setting(5, "JAARPLAN_CITATIONS", "most citations an answer gives (3 to 10)")
    abstain_below: float = _setting(
        0.825,
        "JAARPLAN_ABSTAIN_BELOW",
        "evidence is weak when the best match scores below this: a signal of the answerability judge, and the "
        "rule where it does not decide (calibrated on gold-dev)",
    )
    max_question_chars: int = _setting(1000, "JAARPLAN_MAX_QUESTION_CHARS", "longest question accepted, in characters")
    llm_url: str = _setting(
        "", "JAARPLAN_LLM_URL", "an OpenAI-compatible API (e.g. http://127.0.0.1:11434/v1) to write verified answers"
    )
    llm_model: str = _setting("", "JAARPLAN_LLM_MODEL", "the model to ask at --llm-url")
    llm_timeout: float = _setting(20.0, "JAARPLAN_LLM_TIMEOUT", "most seconds a generated answer may take")
    refresh_seconds: float = _setting(
        10.0, "JAARPLAN_REFRESH_SECONDS", "how often a server looks for a newer index or its index server's return"
    )

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then environment variables, then explicit overrides (e.g. CLI flags)."""
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f.metadata["env"])
            if raw not in (None, ""):
                values[f.name] = parsed(f.name, raw, f.metadata["env"] + "=")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values).validated()

    def validated(self) -> Settings:
        """Check ranges; a bad value is a ``UsageError`` naming the setting and the rule."""
        if not 3 <= self.citations <= 10:
            raise UsageError(
                f"citations={self.citations}: must be between 3 and 10 (flag --citations, env JAARPLAN_CITATIONS)."
            )
        if not 0.0 <= self.abstain_below <= 1.0:
            raise UsageError(f"abstain_below={self.abstain_below}: must be between 0 and 1.")
        if self.max_question_chars < 10:
            raise UsageError(f"max_question_chars={self.max_question_chars}: must be at least 10.")
        if self.llm_url and not self.llm_url.startswith(("http://", "https://")):
            raise UsageError(
                f"llm_url={self.llm_url!r}: must start with http:// or https://, e.g. http://127.0.0.1:8080/v1."
            )
        if not 1.0 <= self.llm_timeout <= 300.0:
            raise UsageError(f"llm_timeout={self.llm_timeout}: must be between 1 and 300 seconds.")
        if not 1.0 <= self.refresh_seconds <= 3600.0:
            raise UsageError(f"refresh_seconds={self.refresh_seconds}: must be between 1 and 3600 seconds.")
        if self.chroma_url and not self.chroma_url.startswith(("http://", "https://")):
            raise UsageError(
                f"chroma_url={self.chroma_url!r}: must start with http:// or https://, e.g. http://127.0.0.1:8000."
            )
        return replace(self, data_dir=Path(self.data_dir).expanduser())


def parsed(name: str, raw: str, given_as: str) -> Any:
    """A setting's text as the setting's type; ``given_as`` ("JAARPLAN_CITATIONS=", "--citations ") names
    where the text came from in the error."""
    target = get_type_hints(Settings)[name]  # int, float, Path or str
    try:
        return target(raw)
    except ValueError:
        noun = {"int": "whole number", "float": "number"}.get(target.__name__, target.__name__)
        raise UsageError(f"{given_as}{raw!r}: {name} must be a {noun}.") from None


def describe() -> list[tuple[str, str, str, str]]:
    """(flag, env variable, default, help) for every setting, for the CLI and the README."""
    out = []
    for f in fields(Settings):
        default = f.default_factory() if callable(f.default_factory) else f.default  # type: ignore[misc]
        default = str(default).replace(str(Path.home()), "~", 1) if f.name == "data_dir" else default
        flag = "--" + f.name.replace("_", "-")
        out.append((flag, f.metadata["env"], str(default), f.metadata["help"]))
    return out
