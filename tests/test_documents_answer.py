"""Documents as users have them, ingested beside the bundled plan, answer questions in any language from the
right section: a French plan (.txt), English notes (.md), a German report as a PDF with bookmarks, a Dutch
work plan as a Word file. A document states dates, rates and amounts in its own language: a "when" or
"how often" question to the French plan is answered from its French words."""

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
    answers = {}
    for name, question, title in QUESTIONS:
        key = plans[name].document.key
        listed = [s.title for s in assistant.sections() if s.document_key == key]
        assert listed == [
            s.title for s in plans[name].sections if any(c.section == s.label for c in plans[name].chunks)
        ]
        answer = assistant.ask(question, document=key)
        assert not answer.abstained and answer.citations[0].section_title == title, (name, answer.answer)
        answers[name] = answer.answer
    # "Il répondra aux questions ..." points back (the French document's words): it comes with its antecedent
    assert (
        "Un guichet d'information commun ouvrira au printemps 2027 dans la gare de la ville principale. Il répondra"
        in (answers["plan-fr.txt"])
    )
    bundled = assistant.ask("Wanneer voert Nederland de tolheffing voor vrachtwagens in?")
    assert bundled.citations[0].document == "Jaarplan 2026" and bundled.citations[0].section == "2.4"


# A "when", a "how often" and a "how many" question to the French plan, in French and English: the answer
# types are read in the document's language ("ouvrira au printemps 2027", "chaque jour", "quarante mille").
FRENCH_TYPED = [
    "Quand le guichet d'information commun ouvrira-t-il ?",
    "When will the common information desk for cross-border workers open?",
    "How often do people cross the border to get to work?",
    "Combien de personnes franchissent la frontière pour se rendre au travail ?",
]


def test_a_french_document_answers_when_and_how_often_from_its_french_words(  # type: ignore[no-untyped-def]
    index_dir: Path, embedder, tmp_path: Path
) -> None:
    from assistant.api import Assistant
    from assistant.settings import Settings
    from index.lifecycle import ingest, load_plan

    data_dir = tmp_path / "index"
    shutil.copytree(index_dir, data_dir)
    settings = Settings.from_env(data_dir=data_dir)
    plan = load_plan(FILES / "plan-fr.txt")
    ingest(settings, [plan], embedder)
    assistant = Assistant.open(settings, embedder=embedder, say=lambda _: None)
    for question in FRENCH_TYPED:
        answer = assistant.ask(question, document=plan.document.key)
        assert not answer.abstained, (question, answer.answer)
        assert answer.citations[0].section_title == "Travailleurs frontaliers", (question, answer.answer)
