"""`jaarplan ask --batch`: JSON lines of questions in, one JSON line of answer (or error) out per line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from assistant.errors import JaarplanError, QuestionError

LINE_SHAPE = 'each line is a JSON object such as {"id": 1, "question": "..."}'


def answer_lines(assistant: Any, filters: dict[str, Any], lines: Iterable[bytes]) -> int:
    """One JSON line out per question line in; a line that cannot be answered gives {"id", "error"}."""
    failures = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        item = None
        try:
            item = _json(_utf8_line(line))
            if not isinstance(item, dict) or "question" not in item:
                raise QuestionError(f'no "question" field; {LINE_SHAPE}')
            qid = item.get("id", number)
            answer = assistant.ask(item["question"], **filters)
            print(json.dumps(answer.to_dict(id=qid), ensure_ascii=False), flush=True)
        except (ValueError, JaarplanError) as exc:
            failures += 1
            qid = item.get("id", number) if isinstance(item, dict) else number
            print(json.dumps({"id": qid, "error": f"line {number}: {exc}"}, ensure_ascii=False), flush=True)
    return 1 if failures else 0


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise QuestionError(f"not JSON ({err.msg}, column {err.colno}); {LINE_SHAPE}") from None


def _utf8_line(line: bytes) -> str:
    try:
        return line.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ValueError(
            f"byte 0x{line[err.start]:02x} at position {err.start} is not UTF-8; save the file as UTF-8"
        ) from None
