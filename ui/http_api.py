"""The plain JSON API beside the chat, mounted at ``/api``: ask, sections, documents, health, OpenAPI.

Every error is ``{"error": {"kind", "message"}}``: 400 for a bad question, body or filter, 401 without
valid credentials (when the server runs with ``--auth``), 413 for a body over ``MAX_BODY`` bytes, 503
when the index cannot be served. The same credentials as the UI are accepted, as HTTP Basic or as a
bearer token ``user:password``.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import secrets
from typing import Any

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.errors import JaarplanError, QuestionError, UsageError

log = logging.getLogger(__name__)
MAX_BODY = 16 * 1024  # a question is at most a few thousand characters; anything far larger is a mistake


class AskBody(BaseModel):
    """A question, optionally restricted to a section, document or year, or answered in a given language."""

    model_config = ConfigDict(extra="forbid")
    question: str
    section: str | None = None
    document: str | None = None
    year: int | None = None
    language: str | None = None


class ApiError(Exception):
    """An error answered as ``{"error": {"kind", "message"}}`` with an HTTP status."""

    def __init__(self, status: int, kind: str, message: str) -> None:
        super().__init__(message)
        self.status, self.kind, self.message = status, kind, message


def error_response(status: int, kind: str, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Basic realm="jaarplan"'} if status == 401 else None
    return JSONResponse({"error": {"kind": kind, "message": message}}, status_code=status, headers=headers)


def create_api(assistant: Any, credentials: list[tuple[str, str]] | None = None) -> FastAPI:
    """The API app over an open ``Assistant`` (mount it at ``/api``)."""
    api = FastAPI(
        title="Jaarplan assistant API",
        version="1",
        description="Cited answers from the Benelux Jaarplan 2026, in the JSON contract of the CLI's --json.",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )

    @api.exception_handler(ApiError)
    async def _api_error(request: Request, err: ApiError) -> JSONResponse:
        return error_response(err.status, err.kind, err.message)

    @api.middleware("http")
    async def _guard(request: Request, call_next: Any) -> Any:
        if credentials and not _authorised(request.headers.get("authorization", ""), credentials):
            return error_response(401, "unauthorized", "credentials required: HTTP Basic, or 'Bearer user:password'.")
        try:
            return await call_next(request)
        except Exception:  # noqa: BLE001 - the client gets the error shape; the log keeps the traceback
            log.exception("API request failed: %s %s", request.method, request.url.path)
            return error_response(500, "internal", "the server failed to answer; the log has the details.")

    @api.post("/ask", openapi_extra=_json_body(AskBody), summary="Answer one question with cited paragraphs")
    async def ask(request: Request) -> dict[str, Any]:
        body = await _read_body(request)
        try:
            answer = await to_thread.run_sync(
                lambda: assistant.ask(
                    body.question, section=body.section, document=body.document, year=body.year, language=body.language
                )
            )
        except QuestionError as err:
            raise ApiError(400, err.kind or "question", str(err)) from None
        except UsageError as err:
            raise ApiError(400, "usage", str(err)) from None
        except JaarplanError as err:
            raise ApiError(503, "unavailable", str(err)) from None
        return dict(answer.to_dict())

    @api.get("/sections", summary="The sections as indexed, in reading order")
    def sections() -> list[dict[str, Any]]:
        return [vars(s) for s in assistant.sections()]

    @api.get("/documents", summary="The documents in the index")
    def documents() -> list[dict[str, Any]]:
        return _documents(assistant.chunks)

    @api.get("/health", summary="What is served: generation, paragraphs, store status")
    def health() -> dict[str, Any]:
        store = assistant.store_status()
        return {
            "status": "degraded" if store else "ok",
            "generation": assistant.generation,
            "paragraphs": len(assistant.chunks),
            "documents": len(_documents(assistant.chunks)),
            "store": store or "ok",
            "memory_mb": memory(assistant),
        }

    return api


async def _read_body(request: Request) -> AskBody:
    """The request body as an ``AskBody``; an ``ApiError`` naming what is wrong and how to fix it."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise ApiError(413, "too_large", f"the body is {declared} bytes; the limit is {MAX_BODY}.")
    raw = b""
    async for part in request.stream():
        raw += part
        if len(raw) > MAX_BODY:
            raise ApiError(413, "too_large", f"the body is over {MAX_BODY} bytes; send one short question.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise ApiError(400, "encoding", f"the body is not UTF-8 (byte {err.start}); send UTF-8 JSON.") from None
    except json.JSONDecodeError as err:
        raise ApiError(400, "invalid_json", f'the body is not JSON ({err.msg}); send {{"question": "..."}}.') from None
    try:
        return AskBody.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise ApiError(400, "invalid_body", f'{where}: {first["msg"]}. Send {{"question": "..."}}.') from None


def _json_body(model: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI request body of a route that reads its body itself."""
    schema = model.model_json_schema()
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def _documents(chunks: list[Any]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for c in chunks:
        d = c.document
        entry = out.setdefault(d.key, {"key": d.key, "title": d.title, "year": d.year, "language": d.language})
        entry["paragraphs"] = entry.get("paragraphs", 0) + 1
    return list(out.values())


def _authorised(header: str, credentials: list[tuple[str, str]]) -> bool:
    """HTTP Basic with one of the pairs, or ``Bearer user:password``."""
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "basic":
        try:
            value = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
    elif scheme.lower() != "bearer":
        return False
    user, _, password = value.strip().partition(":")
    return any(
        secrets.compare_digest(user.encode(), u.encode()) & secrets.compare_digest(password.encode(), p.encode())
        for u, p in credentials
    )


def memory(assistant: Any) -> dict[str, float]:
    """Resident MB of the serving process, and of each worker under ``--workers``."""
    from assistant.pool import PooledAssistant, rss_mb

    return assistant.memory() if isinstance(assistant, PooledAssistant) else {"serving": rss_mb(os.getpid())}
