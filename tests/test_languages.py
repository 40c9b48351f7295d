"""The language registry is the one list of served languages; every per-language table has every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.languages import CODES

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[1]


def _tables() -> dict[str, dict]:
    from assistant import answer
    from ingest.agenda import _words
    from ingest.languages import document_words
    from ui import i18n

    tables = {
        "answer.FRAMES": answer.FRAMES,
        "answer.NOT_COVERED": answer.NOT_COVERED,
        "answer.CLOSEST": answer.CLOSEST,
        "answer.AGENDA_FRAME": answer.AGENDA_FRAME,
        "answer.AGENDA_NONE": answer.AGENDA_NONE,
        "i18n.TEXTS": i18n.TEXTS,
        "i18n.EXAMPLES": i18n.EXAMPLES,
        "i18n.LANGUAGE_NAMES": i18n.LANGUAGE_NAMES,
        "time_words.toml": {k: v for k, v in _words().items() if k != "actors"},
        "time_words.toml [actors]": _words()["actors"],
        "document_words.toml": document_words(),
    }
    tables |= {f"answer.WHY[{kind}]": texts for kind, texts in answer.WHY.items()}
    return tables


@pytest.mark.parametrize("name", sorted(_tables()))
def test_every_table_has_every_served_language(name: str) -> None:
    assert sorted(_tables()[name]) == sorted(CODES)


def test_every_language_has_every_kind_of_document_word() -> None:
    from ingest.languages import document_words

    kinds = {code: sorted(words) for code, words in document_words().items()}
    assert all(k == kinds["nl"] for k in kinds.values()) and all(
        words[kind] for words in document_words().values() for kind in kinds["nl"]
    )


def test_the_language_list_is_spelled_only_in_the_registry() -> None:
    spelled = re.compile(r"""["']nl["'],\s*["']fr["'],\s*["']de["'],\s*["']en["']""")
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("ingest", "index", "assistant", "ui", "eval")
        for p in (ROOT / folder).rglob("*.py")
        if p.name != "languages.py" and spelled.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_test_carries_a_tier(request: pytest.FixtureRequest) -> None:
    tiers = {"unit", "integration", "browser", "load"}
    untiered = [i.nodeid for i in request.session.items if not tiers & {m.name for m in i.iter_markers()}]
    assert untiered == []
