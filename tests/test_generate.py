"""LLM generation with cite-or-drop: the prompt contract, streaming, deadlines and failures against real HTTP
servers (a scripted OpenAI-compatible one for exact completions, llama.cpp with a tiny real model), and
verification by the bundled encoders."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from assistant.errors import UsageError
from assistant.generate import INSTRUCTIONS, NOT_IN_PLAN, NOTICES, LLMConfig, generate, prompt, split_answer
from assistant.model import Citation
from assistant.verify import Verifier, markers
from eval.llm_servers import ScriptedLLM, llama_server

DEAD = "http://127.0.0.1:9/v1"
QUESTION = "Que prévoient les Pays-Bas pour les camions ?"
FAITHFUL = "En 2026, les Pays-Bas introduiront un péage pour le transport de marchandises par route [1]."
FABRICATED = "Ce péage rapportera 45 millions d'euros par an [1]."
WRONG_N = "La décision Benelux sur le plomb et le cadmium dans la céramique doit être mise en œuvre [1]."
UNKNOWN_N = "La Belgique connaît déjà une telle taxe depuis près d'une décennie [7]."
UNCITED = "La Belgique connaît déjà une telle taxe depuis près d'une décennie."
CERAMICS_FR = "La décision sur le plomb et le cadmium dans la céramique doit être mise en œuvre à la mi-2026 [2]."


@pytest.fixture(scope="module")
def verifier(embedder):  # type: ignore[no-untyped-def]
    return Verifier(embedder)


@pytest.fixture(scope="module")
def citations(parsed) -> list[Citation]:  # type: ignore[no-untyped-def]
    """[1] the road toll paragraph and [2] the lead and cadmium one, as the plan has them."""
    out = []
    for n, phrase in ((1, "In 2026 zal Nederland een tolheffing"), (2, "lood en cadmium in keramiek")):
        chunk = next(c for c in parsed.chunks if phrase in c.text)
        out.append(
            Citation(
                n, chunk.id, "Jaarplan 2026", chunk.section, chunk.section_title, chunk.heading, chunk.text, 0.9, 2026
            )
        )
    return out


def _ask(url: str, citations: list[Citation], verifier: Verifier, timeout: float = 20.0, language: str = "fr", **kw):  # type: ignore[no-untyped-def]
    return generate(QUESTION, language, citations, LLMConfig(url, "scripted", "sk-test", timeout), verifier, **kw)


@pytest.mark.unit
def test_prompt_contract() -> None:
    cites = [
        Citation(1, "a", "Jaarplan 2026", "2.4", "", None, "Eerste alinea.\nMet een lijst.", 0.9),
        Citation(3, "b", "Jaarplan 2026", "3.2", "", None, "Derde alinea.", 0.8),
    ]
    system, user = prompt("Que prévoit le plan ?", "fr", cites)
    assert system == INSTRUCTIONS["fr"] and "français" in system and NOT_IN_PLAN in system and "[1]" in system
    assert user.splitlines() == [
        "[1] Eerste alinea. Met een lijst.",
        "[3] Derde alinea.",
        "",
        "Question: Que prévoit le plan ?",
    ]
    for language, name in (("nl", "Nederlands"), ("de", "Deutsch"), ("en", "English")):
        assert name in prompt("q", language, cites)[0]


@pytest.mark.unit
def test_split_answer_keeps_each_marker_with_its_sentence() -> None:
    assert split_answer("A eerste zin [1]. Tweede zin. [2] Derde zin [1][2]\n- Vierde, o.a. met een lijst [3].") == [
        "A eerste zin [1].",
        "Tweede zin. [2]",
        "Derde zin [1][2]",
        "Vierde, o.a. met een lijst [3].",
    ]
    assert split_answer("[1] Zin met het nummer vooraan.") == ["[1] Zin met het nummer vooraan."]


@pytest.mark.unit
def test_config_hides_the_key_and_checks_values() -> None:
    config = LLMConfig("http://127.0.0.1:8080/v1", "m", "sk-secret-123")
    assert "sk-secret" not in repr(config) and "sk-secret" not in str(config)
    with pytest.raises(UsageError):
        LLMConfig("127.0.0.1:8080", "m")
    with pytest.raises(UsageError):
        LLMConfig("http://127.0.0.1:8080/v1", "m", timeout=0)


@pytest.mark.integration
def test_verified_sentences_only_each_with_a_valid_marker(citations, verifier) -> None:  # type: ignore[no-untyped-def]
    completion = " ".join([FAITHFUL, FABRICATED, WRONG_N, UNKNOWN_N, UNCITED, CERAMICS_FR])
    with ScriptedLLM(completion) as llm:
        tokens: list[str] = []
        result = _ask(llm.url, citations, verifier, on_token=tokens.append)
    assert result.mode == "generated" and result.notice == "" and not result.abstained
    assert result.kept == (FAITHFUL, CERAMICS_FR)
    assert result.text == f"{FAITHFUL} {CERAMICS_FR}"
    assert all(markers(s) and set(markers(s)) <= {1, 2} for s in result.kept)
    reasons = dict(result.dropped)
    assert reasons[FABRICATED].startswith("fabricated figure: 45 millions")
    assert reasons[WRONG_N].startswith("not supported by [1]")
    assert reasons[UNKNOWN_N].startswith("cites [7]")
    assert reasons[UNCITED] == "no citation"
    assert "".join(tokens) == completion and len(tokens) > 10  # streamed, token by token


@pytest.mark.integration
def test_request_follows_the_contract(citations, verifier) -> None:  # type: ignore[no-untyped-def]
    with ScriptedLLM(FAITHFUL) as llm:
        result = _ask(llm.url, citations, verifier)
    assert result.kept == (FAITHFUL,)
    (body,) = llm.requests
    assert body["stream"] is True and body["model"] == "scripted" and body["temperature"] == 0.0
    system, user = (m["content"] for m in body["messages"])
    assert [m["role"] for m in body["messages"]] == ["system", "user"] and "français" in system
    assert user.startswith("[1] In 2026 zal Nederland een tolheffing") and "\n[2] " in user
    assert user.endswith(f"Question: {QUESTION}")
    assert llm.authorizations == ["Bearer sk-test"]


@pytest.mark.integration
def test_scripted_server_also_answers_without_streaming() -> None:
    with ScriptedLLM("Een antwoord [1].") as llm:
        request = urllib.request.Request(
            f"{llm.url}/chat/completions",
            data=json.dumps({"model": "m", "messages": [{"role": "user", "content": "q"}]}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            body = json.load(response)
    assert body["choices"][0]["message"]["content"] == "Een antwoord [1]."


@pytest.mark.integration
def test_not_in_plan_is_an_abstention(citations, verifier) -> None:  # type: ignore[no-untyped-def]
    with ScriptedLLM(NOT_IN_PLAN) as llm:
        result = _ask(llm.url, citations, verifier)
    assert result.abstained and result.mode == "quoted" and result.text == ""
    assert result.notice == NOTICES["fr"]["abstained"]


@pytest.mark.integration
def test_nothing_verified_falls_back_to_quotes(citations, verifier) -> None:  # type: ignore[no-untyped-def]
    with ScriptedLLM(f"{FABRICATED} {UNCITED}") as llm:
        result = _ask(llm.url, citations, verifier, language="de")
    assert result.mode == "quoted" and result.notice == NOTICES["de"]["unverified"] and len(result.dropped) == 2


@pytest.mark.integration
@pytest.mark.parametrize("language", ["nl", "fr", "de", "en"])
def test_dead_endpoint_gives_quotes_with_a_notice(language: str, citations, verifier) -> None:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    result = _ask(DEAD, citations, verifier, timeout=3.0, language=language)
    assert time.monotonic() - start < 3.0 + 2.0
    assert result.mode == "quoted" and result.notice == NOTICES[language]["unreachable"] and result.kept == ()


@pytest.mark.integration
@pytest.mark.parametrize("script", [{"delay": 30.0}, {"token_delay": 0.4}])
def test_slow_or_trickling_server_stops_at_the_deadline(script, citations, verifier) -> None:  # type: ignore[no-untyped-def]
    completion = " ".join([FAITHFUL] * 10)
    with ScriptedLLM(completion, **script) as llm:
        start = time.monotonic()
        tokens: list[str] = []
        result = _ask(llm.url, citations, verifier, timeout=2.0, on_token=tokens.append)
        elapsed = time.monotonic() - start
    assert elapsed < 2.0 + 2.0
    assert result.mode == "quoted" and result.notice == NOTICES["fr"]["timeout"]
    if script.get("token_delay"):
        assert tokens, "a trickle still shows its first tokens"


@pytest.mark.integration
@pytest.mark.parametrize("script, kind", [({"garbage": True}, "garbage"), ({"status": 500}, "failed"), ({}, "garbage")])
def test_errors_and_garbage_give_quotes(script, kind, citations, verifier) -> None:  # type: ignore[no-untyped-def]
    with ScriptedLLM("", **script) as llm:
        result = _ask(llm.url, citations, verifier, language="en")
    assert result.mode == "quoted" and result.notice == NOTICES["en"][kind]


@pytest.mark.integration
def test_real_llama_server_streams_and_its_nonsense_is_dropped(citations, verifier) -> None:  # type: ignore[no-untyped-def]
    tokens: list[str] = []
    with llama_server() as url:
        config = LLMConfig(url, "gemma-3-270m", timeout=45.0, max_tokens=48)
        result = generate(
            "Wann führen die Niederlande die Lkw-Maut ein?", "de", citations[:1], config, verifier, tokens.append
        )
    assert len(tokens) > 5, "llama.cpp streamed its answer token by token"
    # Greedy decoding: the model echoes the Dutch paragraph or writes nonsense, and verification drops it all.
    assert result.mode == "quoted" and result.notice == NOTICES["de"]["unverified"] and result.kept == ()
    assert result.dropped and all(reason for _, reason in result.dropped)


def _with_llm(assistant, url: str, timeout: float = 20.0):  # type: ignore[no-untyped-def]
    """The session's assistant, asking the LLM at ``url`` (same index, same encoders)."""
    import dataclasses

    from assistant.api import Assistant

    settings = dataclasses.replace(assistant.settings, llm_url=url, llm_model="scripted", llm_timeout=timeout)
    return Assistant(settings, assistant.retriever, assistant.generation)


@pytest.mark.integration
def test_ask_with_an_llm_shows_exactly_the_verified_sentences(assistant) -> None:  # type: ignore[no-untyped-def]
    quoted = assistant.ask(QUESTION)
    assert quoted.mode == "quoted" and "model" not in quoted.to_dict()
    toll = next(c.n for c in quoted.citations if "In 2026 zal Nederland een tolheffing" in c.text)
    faithful, fabricated = (s.replace("[1]", f"[{toll}]") for s in (FAITHFUL, FABRICATED))
    with ScriptedLLM(f"{faithful} {fabricated} {UNCITED}") as llm:
        answer = _with_llm(assistant, llm.url).ask(QUESTION)
    assert (answer.mode, answer.model, answer.notice, answer.abstained) == ("generated", "scripted", "", False)
    assert answer.answer == faithful and answer.citations == quoted.citations
    body = answer.to_dict()
    assert body["mode"] == "generated" and body["model"] == "scripted" and body["notice"] == ""


@pytest.mark.integration
def test_ask_with_a_dead_endpoint_gives_the_quoted_answer_and_a_notice_in_time(assistant) -> None:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    answer = _with_llm(assistant, DEAD, timeout=3.0).ask(QUESTION)
    assert time.monotonic() - start < 3.0 + 2.0
    assert answer.mode == "quoted" and answer.notice == NOTICES["fr"]["unreachable"]
    assert answer.answer == assistant.ask(QUESTION).answer and not answer.abstained


@pytest.mark.integration
def test_the_llm_may_add_an_abstention_but_never_lift_one(assistant) -> None:  # type: ignore[no-untyped-def]
    with ScriptedLLM(NOT_IN_PLAN) as llm:
        writer = _with_llm(assistant, llm.url)
        answer = writer.ask(QUESTION)
        assert answer.abstained and answer.notice == NOTICES["fr"]["abstained"]
        refused = writer.ask("Quelle est la recette de la tarte aux pommes ?")
        assert refused.abstained and refused.mode == "quoted" and llm.requests == [llm.requests[0]]
