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
from assistant.verify import MARKER, Verifier
from ingest.languages import CODES

NOT_IN_PLAN = "NOT_IN_PLAN"
MAX_TOKENS = 400
MAX_SENTENCES = 12
# Verification runs after the model's deadline; a sentence still being checked may finish within this.
VERIFY_SLACK = 1.5
LANGUAGES = CODES

INSTRUCTIONS = {
    "nl": (
        "Je beantwoordt vragen over het jaarplan van de Benelux Unie met alleen de genummerde paragrafen die "
        "je krijgt; ze kunnen in een andere taal staan. Antwoord in het Nederlands. Sluit elke zin af met het "
        "nummer van de paragraaf waar hij vandaan komt, tussen vierkante haken, bijvoorbeeld [1]. Voeg geen "
        "feiten, getallen, data of namen toe die niet in die paragraaf staan. Als de paragrafen het antwoord "
        f"niet bevatten, antwoord dan precies {NOT_IN_PLAN} en verder niets."
    ),
    "fr": (
        "Tu réponds à des questions sur le plan annuel de l'Union Benelux uniquement à partir des paragraphes "
        "numérotés fournis ; ils peuvent être dans une autre langue. Réponds en français. Termine chaque "
        "phrase par le numéro du paragraphe dont elle provient, entre crochets, par exemple [1]. N'ajoute "
        "aucun fait, chiffre, date ou nom absent de ce paragraphe. Si les paragraphes ne contiennent pas la "
        f"réponse, réponds exactement {NOT_IN_PLAN} et rien d'autre."
    ),
    "de": (
        "Du beantwortest Fragen zum Jahresplan der Benelux-Union ausschließlich anhand der nummerierten "
        "Absätze, die du erhältst; sie können in einer anderen Sprache sein. Antworte auf Deutsch. Beende "
        "jeden Satz mit der Nummer des Absatzes, aus dem er stammt, in eckigen Klammern, z. B. [1]. Füge "
        "keine Fakten, Zahlen, Daten oder Namen hinzu, die nicht in diesem Absatz stehen. Wenn die Absätze "
        f"die Antwort nicht enthalten, antworte genau {NOT_IN_PLAN} und sonst nichts."
    ),
    "en": (
        "You answer questions about the Benelux Union's annual plan using only the numbered paragraphs you "
        "are given; they may be in another language. Answer in English. End every sentence with the number "
        "of the paragraph it comes from, in square brackets, e.g. [1]. Do not add facts, numbers, dates or "
        "names that are not in that paragraph. If the paragraphs do not contain the answer, reply exactly "
        f"{NOT_IN_PLAN} and nothing else."
    ),
}
QUESTION_LABEL = {"nl": "Vraag", "fr": "Question", "de": "Frage", "en": "Question"}

NOTICES = {
    "nl": {
        "unreachable": "Het taalmodel was niet bereikbaar; hieronder staan de zinnen uit het plan zelf.",
        "failed": "Het taalmodel gaf een foutmelding; hieronder staan de zinnen uit het plan zelf.",
        "timeout": "Het taalmodel antwoordde niet op tijd; hieronder staan de zinnen uit het plan zelf.",
        "garbage": "Het taalmodel gaf geen bruikbaar antwoord; hieronder staan de zinnen uit het plan zelf.",
        "unverified": "Geen zin van het taalmodel werd door de geciteerde paragrafen gestaafd; hieronder staan "
        "de zinnen uit het plan zelf.",
        "abstained": "Volgens het taalmodel staat het antwoord niet in deze paragrafen; hieronder staan de "
        "dichtstbijzijnde passages uit het plan.",
    },
    "fr": {
        "unreachable": "Le modèle de langue était injoignable ; voici les phrases du plan lui-même.",
        "failed": "Le modèle de langue a renvoyé une erreur ; voici les phrases du plan lui-même.",
        "timeout": "Le modèle de langue n'a pas répondu à temps ; voici les phrases du plan lui-même.",
        "garbage": "Le modèle de langue n'a pas donné de réponse utilisable ; voici les phrases du plan lui-même.",
        "unverified": "Aucune phrase du modèle de langue n'était étayée par les paragraphes cités ; voici les "
        "phrases du plan lui-même.",
        "abstained": "Selon le modèle de langue, ces paragraphes ne contiennent pas la réponse ; voici les "
        "passages les plus proches du plan.",
    },
    "de": {
        "unreachable": "Das Sprachmodell war nicht erreichbar; hier stehen die Sätze aus dem Plan selbst.",
        "failed": "Das Sprachmodell hat einen Fehler gemeldet; hier stehen die Sätze aus dem Plan selbst.",
        "timeout": "Das Sprachmodell hat nicht rechtzeitig geantwortet; hier stehen die Sätze aus dem Plan selbst.",
        "garbage": "Das Sprachmodell hat keine brauchbare Antwort geliefert; hier stehen die Sätze aus dem Plan "
        "selbst.",
        "unverified": "Kein Satz des Sprachmodells wurde von den zitierten Absätzen gestützt; hier stehen die "
        "Sätze aus dem Plan selbst.",
        "abstained": "Laut Sprachmodell enthalten diese Absätze die Antwort nicht; hier stehen die "
        "nächstliegenden Passagen des Plans.",
    },
    "en": {
        "unreachable": "The language model could not be reached; here are the plan's own sentences.",
        "failed": "The language model returned an error; here are the plan's own sentences.",
        "timeout": "The language model did not answer in time; here are the plan's own sentences.",
        "garbage": "The language model gave no usable answer; here are the plan's own sentences.",
        "unverified": "No sentence of the language model's answer was supported by the cited paragraphs; here "
        "are the plan's own sentences.",
        "abstained": "According to the language model these paragraphs do not contain the answer; here are "
        "the closest passages of the plan.",
    },
}


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
) -> Generated:
    """Ask the model at ``config`` to answer ``question`` from ``citations``, keep the sentences ``checker``
    verifies, and say so in ``language`` when none can be kept.

    ``on_token`` receives each piece of text as it streams in, unverified (show ``Generated.text`` once
    done). Never raises for endpoint problems and returns within ``config.timeout`` plus at most
    ``VERIFY_SLACK`` seconds of verification.
    """
    language = language if language in LANGUAGES else "en"
    deadline = time.monotonic() + config.timeout
    system, user = prompt(question, language, citations)
    try:
        answer = _stream(config, system, user, deadline, on_token)
    except GenerationError as exc:
        return _quoted(exc.kind, language, config.model)
    answer = re.sub(r"<think>.*?</think>", " ", answer, flags=re.S).strip()
    if NOT_IN_PLAN in answer:
        return _quoted("abstained", language, config.model, abstained=True)
    if not re.search(r"[^\W\d_]", answer):
        return _quoted("garbage", language, config.model)
    kept, dropped = _verify(split_answer(answer), language, citations, checker, deadline + VERIFY_SLACK)
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


def _verify(
    sentences: list[str], language: str, citations: Sequence[Citation], checker: Verifier, deadline: float
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The sentences ``checker`` keeps and those it drops with the reason; past ``deadline`` none is checked."""
    kept, dropped = [], []
    for i, sentence in enumerate(sentences):
        if i >= MAX_SENTENCES or time.monotonic() > deadline:
            dropped.append((sentence, "not verified in time" if i < MAX_SENTENCES else "too many sentences"))
            continue
        verdict = checker.check(sentence, citations, language)
        if verdict.keep:
            kept.append(sentence)
        else:
            dropped.append((sentence, verdict.reason))
    return tuple(kept), tuple(dropped)


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
    answer: Answer, config: LLMConfig, checker: Verifier, on_token: Callable[[str], None] | None = None
) -> Answer:
    """``answer`` rewritten by the model from its citations, every kept sentence verified; the quoted
    answer with a notice when nothing can be kept or the endpoint fails. The model may add an abstention,
    never lift one: an abstained ``answer`` is returned as it is."""
    if answer.abstained or not answer.citations:
        return answer
    start = time.perf_counter()
    made = generate(answer.question, answer.language, answer.citations, config, checker, on_token)
    timings = {**answer.timings_ms, "generate": (time.perf_counter() - start) * 1000.0}
    if made.abstained:
        text = f"{NOT_COVERED.get(answer.language, NOT_COVERED['en'])} {made.notice}"
        return replace(answer, abstained=True, answer=text, notice=made.notice, timings_ms=timings)
    if made.mode != "generated":
        return replace(answer, notice=made.notice, timings_ms=timings)
    return replace(answer, answer=made.text, mode="generated", model=made.model, timings_ms=timings)
