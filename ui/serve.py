"""``jaarplan serve``: one process serving the chat UI at ``/`` and the JSON API at ``/api``.

The Gradio app is mounted in a FastAPI app beside the API (``gr.mount_gradio_app``) and run by
uvicorn; it prints ``ready <url>`` once both answer. Binds loopback unless told otherwise.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time
from pathlib import Path
from typing import Any

from index.progress import StageProgress
from ingest.errors import UsageError

log = logging.getLogger(__name__)
WATCH_SECONDS = 2.0


def parse_auth(auth: str | None) -> list[tuple[str, str]] | None:
    """'user:pass', or the path of a file of user:pass lines, as a list of credentials."""
    if not auth:
        return None
    path = Path(auth).expanduser()
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else [auth]
    pairs = []
    for line in (x.strip() for x in lines):
        if not line or line.startswith("#"):
            continue
        user, sep, password = line.partition(":")
        if not sep or not user or not password:
            where = f"in {path}" if path.is_file() else "as given"
            raise UsageError(
                f"auth {where}: expected 'user:password' lines, got {line.split(':')[0]!r}... "
                "Pass --auth user:password or the path of a file with one user:password a line."
            )
        pairs.append((user, password))
    if not pairs:
        raise UsageError(f"auth file {path} holds no user:password line.")
    return pairs


def build_server_app(
    assistant: Any, credentials: list[tuple[str, str]] | None, allow_upload: bool = False, workers: int = 1
) -> Any:
    """The FastAPI app: the JSON API at ``/api``, the chat UI at ``/``."""
    import gradio as gr
    from fastapi import FastAPI

    from ui.app import CSS, GOTO_SECTION, QUEUE_CONCURRENCY, build_app, theme
    from ui.http_api import create_api

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/api", create_api(assistant, credentials))
    demo = build_app(assistant)
    demo.queue(default_concurrency_limit=max(QUEUE_CONCURRENCY, workers))
    return gr.mount_gradio_app(
        app,
        demo,
        path="",
        auth=credentials,
        show_error=False,
        ssr_mode=False,
        max_file_size=None if allow_upload else 0,
        footer_links=["api", "settings"],
        css=CSS,
        head=GOTO_SECTION,
        theme=theme(),
        enable_monitoring=False,
        mcp_server=False,
        pwa=False,
    )


def serve(
    settings: Any,
    host: str = "127.0.0.1",
    port: int = 7860,
    auth: str | None = None,
    allow_upload: bool = False,
    workers: int = 1,
) -> None:
    """Open the assistant once, serve UI and API on host:port and block; prints 'ready <url>' when listening.

    ``auth`` is "user:pass" or a file of such lines; without ``allow_upload`` gradio's upload
    routes accept no file content (max file size 0).
    """
    import uvicorn

    from assistant.api import Assistant

    credentials = parse_auth(auth)
    say = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    say(f"Opening the assistant (index in {settings.data_dir}) ...")

    assistant = Assistant.open(settings, progress=StageProgress(), say=say)
    say(f"Index open: {len(assistant.chunks)} paragraphs in {len(assistant.sections())} sections.")
    if workers > 1:
        assistant = _pooled(assistant, workers, say)
    if host not in ("127.0.0.1", "localhost", "::1") and not credentials:
        say(f"Warning: serving on {host} without --auth; anyone who can reach it can use it.")
    app = build_server_app(assistant, credentials, allow_upload, workers)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, name="jaarplan-http", daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise UsageError(f"could not serve on {host}:{port} (in use?). Pick another with --port.")
        time.sleep(0.05)
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    _warm_up(url, credentials)
    print(f"ready {url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        while thread.is_alive():  # an idle server still picks up what another process ingests
            thread.join(WATCH_SECONDS)
            assistant.store_status()
    server.should_exit = True


def _pooled(assistant: Any, workers: int, say: Any) -> Any:
    """The assistant answering in ``workers`` processes; says each one's memory."""
    from concurrent.futures.process import BrokenProcessPool

    from assistant.pool import PooledAssistant

    say(f"Starting {workers} answering workers ...")
    try:
        pooled = PooledAssistant(assistant, workers)
    except BrokenProcessPool:
        raise UsageError(f"the {workers} workers could not open the index (see above). Try --workers 1.") from None
    say("Memory: " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in pooled.memory().items()))
    return pooled


def _warm_up(url: str, credentials: list[tuple[str, str]] | None) -> None:
    """One request through the queue, so the first user does not pay gradio's first-event cost (~0.4 s)."""
    from gradio_client import Client

    try:
        Client(url, auth=credentials[0] if credentials else None, verbose=False).predict(
            question="telewerk", api_name="/ask"
        )
    except Exception as err:  # noqa: BLE001 - a failed warm-up only costs the first user some time
        log.warning("warm-up request failed: %s", err)
