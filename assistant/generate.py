"""Optional generation: a model behind an OpenAI-compatible API writes the answer from the cited paragraphs,
and only the sentences the ``Verifier`` keeps are shown (cite-or-drop).

The prompt contract: the system message (``INSTRUCTIONS``, one per language) asks for an answer in the
question's language, every sentence ending with the ``[n]`` of the paragraph it comes from, or exactly
``NOT_IN_PLAN``; the user message holds the cited paragraphs as they are, one per line after its ``[n]``,
then the question. Whatever goes wrong at the endpoint (refused, slow, an HTTP error, empty or garbled
output), ``generate`` returns ``mode="quoted"`` with a notice in the question's language, within the
configured timeout: the caller then shows its quoted answer.
"""

from __future__ import annotations

import os
import queue
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
import openai
from llama_index.core.llms import ChatMessage, MessageRole
from llama_index.llms.openai_like import OpenAILike

from assistant.answer import NOT_COVERED
from assistant.errors import JaarplanError, UsageError
from assistant.model import Answer, Citation
from assistant.prompts import INSTRUCTIONS, NOT_IN_PLAN, NOTICES, QUESTION_LABEL
from assistant.verify import MARKER, Verdict, Verifier
from ingest.languages import CODES

MAX_TOKENS = 400
MAX_SENTENCES = 12
# Verification runs after the model's deadline; a sentence still being checked may finish within this.
VERIFY_SLACK = 1.5
LANGUAGES = CODES


class GenerationError(JaarplanError):
    """The endpoint failed; ``kind`` is a key of ``NOTICES`` ("unreachable", "timeout", ...)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class LLMConfig:
    """An OpenAI-compatible endpoint: base URL (``http://127.0.0.1:8080/v1``), model name, API key (never
    shown: not in ``repr``), the most seconds a whole answer may take and the most tokens it may have."""

    url: str
    model: str
    api_key: str = field(default="", repr=False)
    timeout: float = 20.0
    max_tokens: int = MAX_TOKENS

    def __post_init__(self) -> None:
        if not self.url.startswith(("http://", "https://")):
            raise UsageError(
                f"llm url={self.url!r}: must start with http:// or https://, e.g. http://127.0.0.1:8080/v1."
            )
        if not self.timeout > 0:
            raise UsageError(f"llm timeout={self.timeout}: must be more than 0 seconds.")
        if self.max_tokens < 1:
            raise UsageError(f"llm max_tokens={self.max_tokens}: must be at least 1.")


@dataclass(frozen=True)
class Generated:
    """A generated answer after verification, or why the quoted one is shown instead.

    ``mode`` is "generated" (``text``: the kept sentences, each with its ``[n]``) or "quoted" (``text``
    empty; ``notice`` says why, in the question's language); ``dropped`` pairs each rejected sentence with
    the reason; ``abstained`` when the model answered ``NOT_IN_PLAN``.
    """

    mode: str
    text: str
    kept: tuple[str, ...]
    dropped: tuple[tuple[str, str], ...]
    notice: str
    model: str
    abstained: bool = False


def prompt(question: str, language: str, citations: Sequence[Citation]) -> tuple[str, str]:
    """The system and user messages: the instruction, then each paragraph on its own ``[n]`` line and the question."""
    language = language if language in LANGUAGES else "en"
    lines = [f"[{c.n}] {' '.join(c.text.split())}" for c in citations]
    return INSTRUCTIONS[language], "\n".join(lines) + f"\n\n{QUESTION_LABEL[language]}: {question}"


def generate(
    question: str,
    language: str,
    citations: Sequence[Citation],
    config: LLMConfig,
    checker: Verifier,
    on_token: Callable[[str], None] | None = None,
    on_verified: Callable[[str], None] | None = None,
) -> Generated:
    """Ask the model at ``config`` to answer ``question`` from ``citations``, keep the sentences ``checker``
    verifies, and say so in ``language`` when none can be kept.

    ``on_token`` receives each piece of text as it streams in, unverified; ``on_verified`` receives the
    sentences kept so far, each time one more is kept: a sentence is checked once it is complete (the
    next one has begun), so nothing unverified is ever handed on. Show ``Generated.text`` once done (it
    holds the same verdicts; when it is quoted, the quoted answer replaces what was shown). Never raises
    for endpoint problems and returns within ``config.timeout`` plus at most ``VERIFY_SLACK`` seconds of
    verification.
    """
    language = language if language in LANGUAGES else "en"
    deadline = time.monotonic() + config.timeout
    system, user = prompt(question, language, citations)
    live = _Live(language, citations, checker, deadline, on_verified)
    try:
        answer = _stream(config, system, user, deadline, live.hooked(on_token))
    except GenerationError as exc:
        return _quoted(exc.kind, language, config.model)
    answer = _visible(answer)
    if NOT_IN_PLAN in answer:
        return _quoted("abstained", language, config.model, abstained=True)
    if not re.search(r"[^\W\d_]", answer):
        return _quoted("garbage", language, config.model)
    kept, dropped = _verify(split_answer(answer), language, citations, checker, deadline + VERIFY_SLACK, live.verdicts)
    if not kept:
        return _quoted("unverified", language, config.model, dropped)
    return Generated("generated", " ".join(kept), kept, dropped, "", config.model)


def split_answer(text: str) -> list[str]:
    """A generated answer's sentences, each with the markers that follow it: "A [1]. B. [2] C [3]" gives
    "A [1].", "B. [2]" and "C [3]"; list bullets are dropped."""
    mark = MARKER.pattern
    end = rf"(?:[.!?…](?:\s*{mark})*|{mark}(?:\s*{mark})*[.!?…]?)"
    # A sentence ends at a stop or a marker followed by a capital, a digit or a quote ("o.a. de" goes on).
    sentence = re.compile(rf".+?{end}(?=\s+[\"'«„“(]*[A-ZÀ-ÖØ-Þ0-9\[]|\s*$)|.+")
    pieces: list[str] = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+", "", line.replace("**", "")).strip()
        for m in sentence.finditer(line):
            piece = m.group(0).strip()
            if piece and not re.search(r"[^\W\d_]", MARKER.sub("", piece)) and pieces:
                pieces[-1] += " " + piece
            elif piece:
                pieces.append(piece)
    return pieces


def _visible(text: str) -> str:
    """The answer without a reasoning model's ``<think>`` blocks (one still open hides the rest)."""
    return re.sub(r"<think>.*?</think>", " ", text, flags=re.S).partition("<think>")[0].strip()


class _Live:
    """Checks a streaming answer sentence by sentence and hands ``show`` the kept sentences so far."""

    def __init__(
        self,
        language: str,
        citations: Sequence[Citation],
        checker: Verifier,
        deadline: float,
        show: Callable[[str], None] | None,
    ) -> None:
        self.language, self.citations, self.checker = language, citations, checker
        self.deadline, self.show = deadline, show
        self.parts: list[str] = []
        self.verdicts: dict[str, Verdict] = {}
        self.shown: list[str] = []

    def hooked(self, on_token: Callable[[str], None] | None) -> Callable[[str], None] | None:
        """The callback for each streamed piece: ``on_token``'s and this check's."""
        if self.show is None:
            return on_token

        def both(piece: str) -> None:
            if on_token:
                on_token(piece)
            self.token(piece)

        return both

    def token(self, piece: str) -> None:
        self.parts.append(piece)
        text = _visible("".join(self.parts))
        pieces = split_answer(text)
        # The last sentence may still grow (its words, its markers) until the next one has begun.
        if NOT_IN_PLAN in text or len(pieces) < 2 or not re.search(r"[^\W\d_]", MARKER.sub("", pieces[-1])):
            return
        kept = []
        for sentence in pieces[: min(len(pieces) - 1, MAX_SENTENCES)]:
            if sentence not in self.verdicts:
                if time.monotonic() > self.deadline:
                    return
                self.verdicts[sentence] = self.checker.check(sentence, self.citations, self.language)
            if self.verdicts[sentence].keep:
                kept.append(sentence)
        if kept and kept != self.shown and self.show:
            self.shown = kept
            self.show(" ".join(kept))


def _verify(
    sentences: list[str],
    language: str,
    citations: Sequence[Citation],
    checker: Verifier,
    deadline: float,
    known: dict[str, Verdict] | None = None,
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The sentences ``checker`` keeps and those it drops with the reason (``known``: verdicts already
    reached while streaming); past ``deadline`` none is checked."""
    kept, dropped = [], []
    for i, sentence in enumerate(sentences):
        if known and sentence in known and i < MAX_SENTENCES:
            verdict = known[sentence]
        elif i >= MAX_SENTENCES or time.monotonic() > deadline:
            dropped.append((sentence, "not verified in time" if i < MAX_SENTENCES else "too many sentences"))
            continue
        else:
            verdict = checker.check(sentence, citations, language)
        if verdict.keep:
            kept.append(sentence)
        else:
            dropped.append((sentence, verdict.reason))
    return tuple(kept), tuple(dropped)


def complete(config: LLMConfig, system: str, user: str) -> str:
    """The model's whole reply to a system and a user message (its ``<think>`` blocks left out), within
    ``config.timeout``; raises ``GenerationError`` when the endpoint fails or is too slow."""
    return _visible(_stream(config, system, user, time.monotonic() + config.timeout, None))


def _quoted(
    kind: str, language: str, model: str, dropped: tuple[tuple[str, str], ...] = (), abstained: bool = False
) -> Generated:
    return Generated("quoted", "", (), dropped, NOTICES[language][kind], model, abstained)


def _stream(config: LLMConfig, system: str, user: str, deadline: float, on_token: Callable[[str], None] | None) -> str:
    """The model's whole answer, or a ``GenerationError`` when it fails or is not complete by ``deadline``."""
    # A worker thread reads the stream so that this one can give up at the deadline: a read timeout alone
    # never fires on a server that trickles a token now and then.
    events: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()
    http = httpx.Client(timeout=httpx.Timeout(config.timeout))
    try:
        llm = _client(config, http)
    except Exception as exc:  # noqa: BLE001 - e.g. a model name the client refuses: the endpoint cannot serve it
        http.close()
        raise GenerationError("failed", f"{type(exc).__name__}: {exc}") from exc
    messages = [ChatMessage(role=MessageRole.SYSTEM, content=system), ChatMessage(role=MessageRole.USER, content=user)]

    def work() -> None:
        try:
            for chunk in llm.stream_chat(messages):
                if stop.is_set():
                    return
                events.put(("token", chunk.delta or ""))
            events.put(("end", None))
        except Exception as exc:  # noqa: BLE001 - handed to the caller's thread, which names it
            events.put(("error", exc))

    threading.Thread(target=work, name="llm-stream", daemon=True).start()
    parts: list[str] = []
    try:
        while True:
            kind, value = _next(events, deadline)
            if kind == "end":
                return "".join(parts)
            if kind == "error":
                raise GenerationError(_failure(value), f"{type(value).__name__}: {value}") from value
            parts.append(value)
            if on_token and value:
                on_token(value)
    finally:
        stop.set()
        # Closing the connection ends a stream the worker may still be reading (and the server's generation).
        http.close()


def _next(events: queue.Queue[tuple[str, Any]], deadline: float) -> tuple[str, Any]:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise GenerationError("timeout", "no complete answer before the deadline")
    try:
        return events.get(timeout=remaining)
    except queue.Empty:
        raise GenerationError("timeout", "no complete answer before the deadline") from None


def _client(config: LLMConfig, http: httpx.Client) -> OpenAILike:
    """llama-index's OpenAI-compatible client for ``config``, set explicitly (never llama-index's defaults)."""
    return OpenAILike(
        model=config.model,
        api_base=config.url,
        # The OpenAI client refuses an empty key; servers without keys ignore it.
        api_key=config.api_key or "none",
        is_chat_model=True,
        is_function_calling_model=False,
        timeout=config.timeout,
        max_retries=0,
        temperature=0.0,
        max_tokens=config.max_tokens,
        http_client=http,
    )


def _failure(exc: BaseException) -> str:
    """Which notice an exception from the client calls for."""
    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "unreachable"
    if isinstance(exc, openai.APIStatusError):
        return "failed"
    return "garbage"


def config_from(settings: Any) -> LLMConfig | None:
    """The endpoint the settings name (the API key from ``JAARPLAN_LLM_API_KEY`` only), else ``None``."""
    if not settings.llm_url:
        return None
    key = os.environ.get("JAARPLAN_LLM_API_KEY", "")
    return LLMConfig(settings.llm_url, settings.llm_model or "default", key, settings.llm_timeout)


def written(
    answer: Answer,
    config: LLMConfig,
    checker: Verifier,
    on_token: Callable[[str], None] | None = None,
    on_verified: Callable[[Answer], None] | None = None,
) -> Answer:
    """``answer`` rewritten by the model from its citations, every kept sentence verified; the quoted
    answer with a notice when nothing can be kept or the endpoint fails. The model may add an abstention,
    never lift one: an abstained ``answer`` is returned as it is. ``on_verified`` receives the answer as
    far as it is written and verified, each time a sentence is kept (for streaming it to a reader)."""
    if answer.abstained or not answer.citations:
        return answer
    start = time.perf_counter()

    def partial(text: str) -> None:
        if on_verified:
            on_verified(replace(answer, answer=text, mode="generated", model=config.model))

    made = generate(
        answer.question, answer.language, answer.citations, config, checker, on_token, partial if on_verified else None
    )
    timings = {**answer.timings_ms, "generate": (time.perf_counter() - start) * 1000.0}
    if made.abstained:
        text = f"{NOT_COVERED.get(answer.language, NOT_COVERED['en'])} {made.notice}"
        return replace(answer, abstained=True, answer=text, notice=made.notice, timings_ms=timings)
    if made.mode != "generated":
        return replace(answer, notice=made.notice, timings_ms=timings)
    return replace(answer, answer=made.text, mode="generated", model=made.model, timings_ms=timings)
