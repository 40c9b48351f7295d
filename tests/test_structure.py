"""Structure from whatever a text has: its contents page (the bundled plan, unchanged), Markdown
headings, numbered headings, title-like lines, or nothing; labels, language and the dry-run report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_ingest_files import PLAN_FR, REPORT_DE, shape

from ingest.model import ParsedPlan
from ingest.parse import parse_file, parse_plan
from ingest.readers import describe, detect_language, guess_language
from ingest.report import describe_structure, format_report

pytestmark = pytest.mark.unit

FILES = Path(__file__).parent / "files"
BUNDLED = Path(__file__).resolve().parents[1] / "data" / "jaarplan-2026.nl.txt"
CHUNK_FIELDS = (
    "id",
    "section",
    "section_title",
    "heading",
    "ordinal",
    "text",
    "char_start",
    "char_end",
    "content_hash",
)


def parse_text(text: str, name: str = "notes.md") -> ParsedPlan:
    return parse_plan(text, describe(text, Path(name)))


def test_the_bundled_plan_parses_exactly_as_before() -> None:
    """tests/files/bundled-chunks.json was written from the parser before structure strategies existed."""
    before = json.loads((FILES / "bundled-chunks.json").read_text("utf-8"))
    plan = parse_file(BUNDLED)
    assert plan.strategy == "contents" and plan.warnings == ()
    assert [{k: getattr(c, k) for k in CHUNK_FIELDS} for c in plan.chunks] == before["chunks"]
    assert [vars(s) for s in plan.sections] == before["sections"]
    doc = plan.document
    assert {"title": doc.title, "year": doc.year, "language": doc.language, "sha256": doc.sha256, "key": doc.key} == (
        before["document"]
    )


def test_french_plan_with_numbered_headings() -> None:
    """Numbers are kept as labels; the list "1. 2. 3." inside section 1.1 is not read as chapters."""
    plan = parse_file(FILES / "plan-fr.txt")
    assert plan.strategy == "numbered" and plan.warnings == ()
    assert (plan.document.title, plan.document.year, plan.document.language) == ("Plan Annuel 2027", 2027, "fr")
    assert shape(plan) == PLAN_FR
    assert [s.kind for s in plan.sections] == ["front", *(["chapter", "section", "section"] * 2), "chapter"]
    listed = plan.chunks[3]
    assert (listed.id, listed.section) == ("plan-annuel-2027.fr:1.1:-:2", "1.1")
    assert listed.text.endswith(
        "Trois actions sont prévues :\n1. Un guichet unique\n2. Une brochure commune\n3. Un portail numérique"
    )


def test_german_report_with_title_like_lines_only() -> None:
    """Capitals are chapters, other short lines sections; the labels count them; a warning says the
    structure was guessed."""
    plan = parse_file(FILES / "bericht-de.txt")
    assert plan.strategy == "typography" and plan.document.language == "de"
    assert shape(plan) == REPORT_DE
    assert plan.warnings == (
        "No marked-up headings: sections guessed from 7 short title-like lines. "
        "Check the sections with `jaarplan ingest --dry-run`.",
    )


def test_markdown_with_atx_and_setext_headings() -> None:
    """The one "===" heading on top is the title; "---" and "##" are chapters, "###" sections; front
    matter, a rule and a "#" inside a code block are not headings; wrapped lines are joined."""
    plan = parse_file(FILES / "notes-en.md")
    assert plan.strategy == "markdown" and plan.warnings == ()
    assert (plan.document.title, plan.document.year, plan.document.language) == ("Benelux Notes 2026", 2026, "en")
    assert shape(plan) == [
        ("intro", "Benelux Notes 2026", 1),
        ("1", "Digital services", 2),
        ("1.1", "Electronic signatures", 1),
        ("1.2", "Open data", 2),
        ("2", "Transport", 2),
        ("3", "Energy", 0),
        ("3.1", "Offshore wind", 1 + 1),
    ]
    assert plan.chunks[1].text.startswith(
        "The three countries want their citizens to use public services across the border without"
    )
    assert "# not a heading" in plan.chunks[5].text and "***" not in " ".join(c.text for c in plan.chunks)
    assert not any("author:" in c.text for c in plan.chunks)


def test_unnumbered_headings_beside_numbered_ones_are_named_by_slug() -> None:
    text = "# Werkplan 2027\n\n" + "\n\n".join(
        f"## {title}\n\n{body} " + "Deze alinea heeft genoeg woorden om als gewone tekst te tellen." * 2
        for title, body in [("Inleiding", "Eerst."), ("1. Mobiliteit", "Dan."), ("2. Energie", "Daarna.")]
    )
    plan = parse_text(text)
    assert [(s.label, s.title, s.kind) for s in plan.sections] == [
        ("inleiding", "Inleiding", "chapter"),
        ("1", "Mobiliteit", "chapter"),
        ("2", "Energie", "chapter"),
    ]
    assert [c.id for c in plan.chunks] == [
        "werkplan-2027.nl:inleiding:-:1",
        "werkplan-2027.nl:1:-:1",
        "werkplan-2027.nl:2:-:1",
    ]


def test_markdown_headings_come_before_a_contents_page() -> None:
    contents = "Inhoud\n\n" + "\n".join(f"{n}. Hoofdstuk {n}\t{n + 2}" for n in range(1, 5))
    body = "\n\n".join(
        f"# Hoofdstuk {n}\n\n" + "Een alinea over dit hoofdstuk met genoeg tekst erin. " * 3 for n in range(1, 5)
    )
    plan = parse_text(f"Plan\n\n{contents}\n\n{body}")
    assert plan.strategy == "markdown" and [s.label for s in plan.sections] == ["1", "2", "3", "4"]


def test_a_contents_page_the_text_does_not_follow_is_set_aside_with_a_warning() -> None:
    contents = "Inhoud\n\n" + "\n".join(f"Hoofdstuk over iets anders {n}\t{n + 2}" for n in range(1, 6))
    body = "\n\n".join(
        f"{n}. Deel {n}\n\n" + "Een alinea over dit deel met genoeg tekst om te tellen. " * 3 for n in range(1, 4)
    )
    plan = parse_text(f"Plan\n\n{contents}\n\n{body}", "plan.txt")
    assert plan.strategy == "numbered" and [s.label for s in plan.sections] == ["1", "2", "3"]
    assert plan.warnings == (
        "A contents page lists 5 sections but only 0 are printed as headings in the text; it was not used.",
    )


def test_text_without_any_structure_is_read_in_parts_with_a_warning() -> None:
    paras = [f"Alinea {n} van een tekst zonder koppen, met genoeg woorden om gewoon te lezen." * 2 for n in range(12)]
    plan = parse_text("# Losse notities\n\n" + "\n\n".join(paras), "los.md")
    assert plan.document.title == "Losse notities" and plan.chunks[0].text.startswith("Alinea 0 van")
    assert plan.strategy == "paragraphs"
    assert shape(plan) == [("1", "Deel 1", 5), ("2", "Deel 2", 5), ("3", "Deel 3", 2)]
    assert plan.warnings == (
        "No structure found (no headings or contents page): one section per 5 paragraphs. "
        "Add headings (e.g. Markdown '#') for better citations.",
    )


@pytest.mark.parametrize(
    ("name", "language"),
    [("plan-fr.txt", "fr"), ("bericht-de.txt", "de"), ("notes-en.md", "en"), ("../../data/jaarplan-2026.nl.txt", "nl")],
)
def test_language_is_detected_among_the_four(name: str, language: str) -> None:
    text = (FILES / name).read_text("utf-8")
    assert detect_language(text) == language
    assert guess_language(text) == language  # the common-word count, when langdetect finds nothing
    assert describe(text, FILES / name).language == language
    assert describe(text, FILES / name, language="nl").language == "nl"


def test_dry_run_report() -> None:
    report = describe_structure(FILES / "plan-fr.txt")
    assert (report.strategy, report.language, report.chunks, report.warnings) == ("numbered", "fr", 13, ())
    assert [(s.label, s.level, s.paragraphs) for s in report.sections][:3] == [
        ("intro", 1, 1),
        ("1", 1, 1),
        ("1.1", 2, 2),
    ]
    assert format_report(report) == (
        f"{FILES / 'plan-fr.txt'}: Plan Annuel 2027 (2027, fr), key plan-annuel-2027.fr\n"
        "structure: numbered headings [numbered]\n"
        "8 sections, 13 paragraphs\n"
        "\n"
        "intro  Avant-propos  (1 paragraph)\n"
        "1      Mobilité et emploi  (1 paragraph)\n"
        "1.1      Travailleurs frontaliers  (2 paragraphs)\n"
        "1.2      Reconnaissance des diplômes  (2 paragraphs)\n"
        "2      Sécurité et justice  (1 paragraph)\n"
        "2.1      Coopération policière  (2 paragraphs)\n"
        "2.2      Gestion des crises  (1 paragraph)\n"
        "3      Énergie et climat  (3 paragraphs)\n"
    )


def test_dry_run_report_lists_sub_headings_and_warnings() -> None:
    bundled = format_report(describe_structure(BUNDLED))
    assert "structure: the document's contents page [contents]\n22 sections, 174 paragraphs\n" in bundled
    assert "  - Belemmeringen bij grensoverschrijdend telewerk  (" in bundled
    german = format_report(describe_structure(FILES / "bericht-de.txt"))
    assert german.endswith(
        "\nwarning: No marked-up headings: sections guessed from 7 short title-like lines. "
        "Check the sections with `jaarplan ingest --dry-run`.\n"
    )


@pytest.mark.parametrize(
    ("before", "short", "plain", "name"),
    [
        (
            "La Commission européenne prépare des propositions pour la conception technique d'un péage commun.",
            "Les pays du Benelux feront à cet effet un premier pas avec d'autres États membres.",
            "Les pays du Benelux feront un premier pas avec d'autres États membres de l'Union.",
            "plan.fr.md",
        ),
        (
            "Die Europäische Kommission arbeitet an Vorschlägen für die technische Gestaltung einer gemeinsamen Maut.",
            "Die Benelux-Länder werden hierzu mit anderen Mitgliedstaaten einen ersten Anstoß geben.",
            "Die Benelux-Länder werden mit anderen Mitgliedstaaten der Union einen ersten Anstoß geben.",
            "plan.de.md",
        ),
    ],
)
def test_a_short_paragraph_stating_the_aim_of_the_one_before_joins_it_in_its_language(
    before: str, short: str, plain: str, name: str
) -> None:
    def chunks(middle: str) -> list[str]:
        return [c.text for c in parse_text(f"# Plan\n\n## 1 Mobilité\n\n{before}\n\n{middle}\n\n{before}", name).chunks]

    assert chunks(short) == [f"{before} {short}", before]
    assert chunks(plain) == [before, plain, before]  # without the words that point back, it stands alone
