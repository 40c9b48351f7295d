"""The JSON API at /api: the contract and error shapes against a running `jaarplan serve` (integration), and
its edges (body size, encoding, auth, fuzzed bodies) in-process over a stand-in assistant (unit).

The stand-in checks questions with the real ``check_question`` and answers with a fixed Answer: the edges
are the API's own, and a real model would only make them slower to reach."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import psutil
import pytest
from conftest import CITATION, CONTRACT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import QuestionError
from assistant.model import Answer, Citation
from assistant.question import check_question
from ui.http_api import MAX_BODY, create_api

CREDENTIALS = [("anna", "geheim")]


class StandIn:
    """Answers every usable question with one fixed citation; refuses as the assistant does."""

    generation, chunks = 3, []

    def ask(self, question: Any, section=None, document=None, year=None, language=None) -> Answer:  # type: ignore[no-untyped-def]
        clean = check_question(question, 1000)
        if section not in (None, "2.1"):
            raise QuestionError(f"nothing in the index matches section={section!r}.", "no_match")
        cite = Citation(1, "doc:2.1:t:1", "Jaarplan 2026", "2.1", "Arbeid", "Telewerk", "Zin.", 0.9, 2026, ("Zin.",))
        return Answer(clean, language or "nl", False, '"Zin." [1]', (cite,), {"total": 1.0})

    def sections(self) -> list[Any]:
        return [SimpleNamespace(label="2.1", title="Arbeid", document="Jaarplan 2026", paragraphs=1, document_key="d")]

    def store_status(self) -> str | None:
        return None


def _client(credentials: list[tuple[str, str]] | None = None) -> Any:
    from fastapi.testclient import TestClient

    return TestClient(create_api(StandIn(), credentials), raise_server_exceptions=False)


def _is_error(response: Any, status: int, kind: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"kind", "message"}
    assert body["error"]["kind"] == kind and body["error"]["message"]


@pytest.mark.unit
@pytest.mark.parametrize(
    "body, status, kind",
    [
        (b'{"question": ""}', 400, "empty"),
        (b'{"question": "???"}', 400, "signs"),
        (b'{"question": 42}', 400, "invalid_body"),
        (b'{"vraag": "telewerk"}', 400, "invalid_body"),
        (b'{"question": "telewerk", "year": "twee"}', 400, "invalid_body"),
        (b'{"question": "telewerk", "section": "9.9"}', 400, "no_match"),
        (b'["telewerk"]', 400, "invalid_body"),
        (b"telewerk", 400, "invalid_json"),
        (b'{"question": "caf\xe9"}', 400, "encoding"),
        (b'{"question": "caf\\udce9"}', 400, "encoding"),
        (b'{"question": "' + b"x" * MAX_BODY + b'"}', 413, "too_large"),
    ],
)
def test_a_bad_request_gets_the_error_shape(body: bytes, status: int, kind: str) -> None:
    _is_error(_client().post("/ask", content=body), status, kind)


@pytest.mark.unit
def test_a_chunked_body_over_the_limit_is_refused_without_a_declared_length() -> None:
    chunks = iter([b'{"question": "', b"x" * MAX_BODY, b'"}'])
    _is_error(_client().post("/ask", content=chunks), 413, "too_large")


@pytest.mark.unit
def test_auth_accepts_basic_and_bearer_and_refuses_the_rest() -> None:
    client = _client(CREDENTIALS)
    basic = "Basic " + base64.b64encode(b"anna:geheim").decode()
    for header in (basic, "Bearer anna:geheim"):
        assert client.post("/ask", json={"question": "telewerk"}, headers={"Authorization": header}).status_code == 200
    for header in ({}, {"Authorization": "Bearer anna:fout"}, {"Authorization": "Basic !!"}):
        response = client.get("/health", headers=header)
        _is_error(response, 401, "unauthorized")
        assert response.headers["www-authenticate"].startswith("Basic")


@pytest.mark.unit
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=300),
        st.dictionaries(st.sampled_from(["question", "section", "year", "language", "x"]), st.from_type(object)).map(
            lambda d: json.dumps(d, default=str).encode()
        ),
        st.text(max_size=200).map(lambda q: json.dumps({"question": q}).encode()),
    )
)
def test_any_body_gets_an_answer_or_a_clear_400(body: bytes) -> None:
    response = _client().post("/ask", content=body)
    assert response.status_code in (200, 400), response.text
    if response.status_code == 200:
        assert set(response.json()) == CONTRACT
    else:
        assert set(response.json()["error"]) == {"kind", "message"}


@pytest.mark.integration
def test_ask_through_the_running_server_returns_the_contract(server: str) -> None:
    response = httpx.post(server + "api/ask", json={"question": "Wann kommt die Lkw-Maut in den Niederlanden?"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == CONTRACT and body["language"] == "de" and not body["abstained"]
    assert set(body["citations"][0]) == CITATION
    assert "tolheffing" in body["citations"][0]["text"]
    french = httpx.post(
        server + "api/ask", json={"question": "télétravail des frontaliers", "section": "2.1", "language": "fr"}
    ).json()
    assert french["language"] == "fr" and {c["section"] for c in french["citations"]} == {"2.1"}


@pytest.mark.integration
def test_errors_through_the_running_server(server: str) -> None:
    _is_error(httpx.post(server + "api/ask", json={"question": ""}), 400, "empty")
    _is_error(httpx.post(server + "api/ask", json={"question": "telewerk", "section": "9.9"}), 400, "no_match")
    _is_error(httpx.post(server + "api/ask", json={"question": "telewerk", "language": "es"}), 400, "language")
    _is_error(httpx.post(server + "api/ask", content=b"x" * (MAX_BODY + 1)), 413, "too_large")


@pytest.mark.integration
def test_sections_documents_health_and_openapi(server: str) -> None:
    sections = httpx.get(server + "api/sections").json()
    assert [s["label"] for s in sections[:3]] == ["voorwoord", "voorzitterschap", "1"]
    (document,) = httpx.get(server + "api/documents").json()
    assert (document["title"], document["year"], document["language"]) == ("Jaarplan 2026", 2026, "nl")
    health = httpx.get(server + "api/health").json()
    assert health["status"] == "ok" and health["paragraphs"] == document["paragraphs"] == sum(
        s["paragraphs"] for s in sections
    )
    spec = httpx.get(server + "api/openapi.json").json()
    assert {"/ask", "/sections", "/documents", "/health"} <= set(spec["paths"])
    assert (
        "question"
        in spec["paths"]["/ask"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]
    )


@pytest.mark.integration
def test_auth_and_workers_of_a_running_server(server: str, ui_data_dir: Path, tmp_path: Path) -> None:
    """One server for both (a start costs seconds): `--auth` guards the API, and `--workers 2` answers
    as the single process does, errors included."""
    from eval.servers import served

    questions = ["Wann kommt die Lkw-Maut in den Niederlanden?", "télétravail des frontaliers", "Wat doet de Benelux?"]
    single = [httpx.post(server + "api/ask", json={"question": q}).json() for q in questions]
    args = ("--auth", "anna:geheim", "--workers", "2")
    with served(ui_data_dir, log=tmp_path / "server.log", args=args) as url:
        _is_error(httpx.post(url + "api/ask", json={"question": "telewerk"}), 401, "unauthorized")
        auth = ("anna", "geheim")
        pooled = [httpx.post(url + "api/ask", json={"question": q}, auth=auth).json() for q in questions]
        assert [(a["answer"], a["citations"]) for a in pooled] == [(a["answer"], a["citations"]) for a in single]
        refused = httpx.post(url + "api/ask", json={"question": "telewerk", "language": "es"}, auth=auth)
        _is_error(refused, 400, "language")
        memory = httpx.get(url + "api/health", auth=auth).json()["memory_mb"]
        assert len(memory) == 3 and all(mb > 50 for mb in memory.values()), memory
    # the server was stopped by a signal (SIGTERM): its workers end with it
    workers = [int(name.split()[1]) for name in memory if name.startswith("worker ")]
    deadline = time.monotonic() + 10
    while any(psutil.pid_exists(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if psutil.pid_exists(pid)]
