"""Documents as users have them, ingested beside the bundled plan, answer questions in any language from the
right section: a French plan (.txt), English notes (.md), a German report as a PDF with bookmarks, a Dutch
work plan as a Word file. (The answer-type checks still read Dutch text only: a "when" or "how often"
question to a French or German document abstains for want of a Dutch date or rate word; see the notes.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_ingest_files import FILES, blocks_of, typeset, werkplan, word

pytestmark = pytest.mark.integration

QUESTIONS = [  # (file, question in another language, the cited paragraph's section title)
    (
        "plan-fr.txt",
        "Which questions will the common information desk for cross-border workers answer?",
        "Travailleurs frontaliers",
    ),
    (
        "notes-en.md",
        "Wird eine elektronische Unterschrift mit dem Personalausweis in allen drei Ländern anerkannt?",
        "Electronic signatures",
    ),
    (
        "bericht.pdf",
        "Welke treinverbinding rijdt er tussen de twee grootste steden van de regio?",
        "Schienenverkehr",
    ),
    ("werkplan.docx", "Quand les diplômes professionnels seront-ils reconnus automatiquement ?", "Diploma's"),
]


def test_each_kind_of_document_answers_from_its_right_section(index_dir: Path, embedder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.api import Assistant
    from assistant.settings import Settings
    from index.lifecycle import ingest, load_plan

    data_dir = tmp_path / "index"
    shutil.copytree(index_dir, data_dir)
    settings = Settings.from_env(data_dir=data_dir)
    typeset(tmp_path / "bericht.pdf", blocks_of("bericht-de.txt"), bookmarks=True)
    word(tmp_path / "werkplan.docx", werkplan())
    paths = {"plan-fr.txt": FILES / "plan-fr.txt", "notes-en.md": FILES / "notes-en.md"}
    paths |= {"bericht.pdf": tmp_path / "bericht.pdf", "werkplan.docx": tmp_path / "werkplan.docx"}
    plans = {name: load_plan(path) for name, path in paths.items()}
    assert [p.document.language for p in plans.values()] == ["fr", "en", "de", "nl"]
    report = ingest(settings, list(plans.values()), embedder)
    assert report is not None and len(report.manifest.documents) == 5
    assistant = Assistant.open(settings, embedder=embedder, say=lambda _: None)
    for name, question, title in QUESTIONS:
        key = plans[name].document.key
        listed = [s.title for s in assistant.sections() if s.document_key == key]
        assert listed == [
            s.title for s in plans[name].sections if any(c.section == s.label for c in plans[name].chunks)
        ]
        answer = assistant.ask(question, document=key)
        assert not answer.abstained and answer.citations[0].section_title == title, (name, answer.answer)
    bundled = assistant.ask("Wanneer voert Nederland de tolheffing voor vrachtwagens in?")
    assert bundled.citations[0].document == "Jaarplan 2026" and bundled.citations[0].section == "2.4"
