"""Dataclasses that leave ``assistant``: citations and answers, in the JSON contract's shape."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Citation:
    """A whole cited paragraph with its place in the plan."""

    n: int
    chunk_id: str
    document: str
    section: str
    section_title: str
    heading: str | None
    text: str
    score: float
    year: int | None = None
    used_sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A short cited answer, or an abstention listing the closest sections."""

    question: str
    language: str
    abstained: bool
    answer: str
    citations: tuple[Citation, ...]
    timings_ms: dict[str, float] = field(default_factory=dict)
    mode: str = "quoted"  # "generated" when the user's LLM wrote it and every sentence was verified
    notice: str = ""  # why a generated answer is not shown, in the question's language
    model: str = ""  # the LLM that wrote a generated answer

    def to_dict(self, id: Any = None) -> dict[str, Any]:
        """The JSON contract (README, "JSON contract"; ``id`` first when given)."""
        body = asdict(self)
        body["citations"] = [
            {k: v for k, v in asdict(c).items() if k not in ("year", "used_sentences")}
            | {"year": c.year, "used_sentences": list(c.used_sentences)}
            for c in self.citations
        ]
        body["timings_ms"] = {k: round(v, 2) for k, v in self.timings_ms.items()}
        if self.mode != "generated":
            body.pop("model")
        return ({"id": id} if id is not None else {}) | body
