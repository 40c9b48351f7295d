"""The plan's structure: sections, sub-headings, paragraphs, joins, ids, readers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.errors import SourceError
from ingest.parse import clean, opens_back, parse_plan, split_sentences
from ingest.readers import describe, read_text

pytestmark = pytest.mark.unit

TOC_SECTIONS = [
    "voorwoord",
    "voorzitterschap",
    "1",
    "1.1",
    "1.2",
    "1.3",
    "1.4",
    "1.5",
    "1.6",
    "2",
    "2.1",
    "2.2",
    "2.3",
    "2.4",
    "3",
    "3.1",
    "3.2",
    "3.3",
    "3.4",
    "3.5",
    "4",
    "missie",
]


def _find(parsed, needle: str):  # type: ignore[no-untyped-def]
    found = [c for c in parsed.chunks if needle in c.text]
    assert len(found) == 1, f"{needle!r} in {len(found)} chunks"
    return found[0]


def test_sections_follow_the_table_of_contents(parsed) -> None:  # type: ignore[no-untyped-def]
    assert [s.label for s in parsed.sections] == TOC_SECTIONS
    titles = {s.label: s.title for s in parsed.sections}
    assert titles["2.1"] == "Arbeidsmobiliteit en erkenning van diploma's en vaardigheden"
    assert titles["1"] == "Een weerbare Benelux-samenleving"
    assert titles["voorwoord"] == "Voorwoord van het College van Secretarissen-generaal"
    # the plan prints "SECRETARIAAT- GENERAAL" in this heading
    assert titles["missie"] == "Missie, visie, waarden van het Secretariaat-generaal van de Benelux"


@pytest.mark.parametrize(
    ("needle", "section", "heading"),
    [
        ("300.000 tot 350.000 grensarbeiders", "2.1", "Belemmeringen bij grensoverschrijdend telewerk"),
        ("twee aanvullende uitvoeringsakkoorden", "1.1", "Benelux-Politieverdrag"),
        ("In 2026 zal Nederland een tolheffing", "2.4", "Goederenvervoer over de weg"),
        ("Hazeldonksamenwerking", "1.1", "Politiesamenwerking met partners buiten de Benelux"),
        ("neemt Nederland het jaarlijks roulerende voorzitterschap", "voorzitterschap", None),
        (
            "Nederland ziet circulariteit als een kans",
            "voorzitterschap",
            "3. Toekomstgerichte transitie, energiesamenwerking",
        ),
        ("Dit Bundesland is de nog ontbrekende schakel", "4", "Samenwerking met de grensregio's van de buurlanden"),
        ("We zijn onpartijdig en meertalig", "missie", "Waarden"),
        ("Met genoegen presenteren wij", "voorwoord", None),
    ],
)
def test_known_paragraphs_land_in_their_section(parsed, needle: str, section: str, heading: str | None) -> None:  # type: ignore[no-untyped-def]
    chunk = _find(parsed, needle)
    assert (chunk.section, chunk.heading) == (section, heading)


def test_presidency_list_is_not_read_as_chapters(parsed) -> None:  # type: ignore[no-untyped-def]
    chunk = _find(parsed, "drie prioritaire beleidsterreinen")
    assert chunk.section == "voorzitterschap"
    assert "1. Economische samenwerking en interne markt" in chunk.text


def test_no_chunk_is_a_heading_or_toc_line(parsed, plan_text: str) -> None:  # type: ignore[no-untyped-def]
    headings = {c.heading for c in parsed.chunks if c.heading} | {s.title for s in parsed.sections}
    for chunk in parsed.chunks:
        assert chunk.text not in headings
        assert "\t" not in chunk.text
        assert len(chunk.text) >= 80
        assert not re.search(r"\t\d+$", chunk.text)
    assert not any("Inhoudsopgave" in c.text or "Verantwoordelijke uitgever" in c.text for c in parsed.chunks)


def test_page_breaks_are_rejoined(parsed) -> None:  # type: ignore[no-untyped-def]
    assert "is nadrukkelijk onderdeel van de voorzitterschapsagenda" in _find(parsed, "hybride dreigingen").text
    joined = [c for c in parsed.chunks if "de digitale en overige infrastructuur" in c.text]
    assert [c.section for c in joined] == ["voorzitterschap"]


def test_a_short_paragraph_that_points_back_joins_the_one_before(parsed) -> None:  # type: ignore[no-untyped-def]
    chunk = _find(parsed, "hiertoe een eerste aanzet doen")
    assert chunk.text.startswith("De Europese Commissie is bezig met het opstellen van voorstellen")


def test_long_paragraphs_split_at_sentences_and_offsets_point_into_the_source(parsed, plan_text: str) -> None:  # type: ignore[no-untyped-def]
    assert max(len(c.text) for c in parsed.chunks) <= 1300
    parts = [c for c in parsed.chunks if c.heading == "Openbare aanbestedingen"]
    assert len(parts) == 2 and parts[0].text.endswith(".") and parts[1].text[0].isupper()
    for chunk in parsed.chunks:
        source = " ".join(clean(plan_text[chunk.char_start : chunk.char_end]).split())
        assert source == " ".join(chunk.text.split())


def test_ids_are_stable_and_unique(parsed, plan_text: str) -> None:  # type: ignore[no-untyped-def]
    again = parse_plan(plan_text, parsed.document)
    assert [c.id for c in again.chunks] == [c.id for c in parsed.chunks]
    assert len({c.id for c in parsed.chunks}) == len(parsed.chunks)
    assert parsed.chunks[0].id == "jaarplan-2026.nl:voorwoord:-:1"
    assert all(c.content_hash for c in parsed.chunks)


def test_emphasis_markers_are_dropped(parsed) -> None:  # type: ignore[no-untyped-def]
    assert not any("*" in c.text for c in parsed.chunks)
    assert "In samenwerking met Noordrijn-Westfalen zullen" in _find(parsed, "meldkamers").text


def test_sentence_split() -> None:
    assert split_sentences("De eerste zin staat hier. De tweede zin volgt hier. Kort.") == [
        "De eerste zin staat hier.",
        "De tweede zin volgt hier. Kort.",
    ]


def test_a_list_stays_with_its_lead_in(parsed) -> None:  # type: ignore[no-untyped-def]
    """The presidency's numbered priorities are one sentence with the line that announces them: "2." is
    the item's number, not the end of a sentence, and "2. Veiligheid en weerbaarheid" alone answers nothing."""
    intro = _find(parsed, "drie prioritaire beleidsterreinen")
    assert split_sentences(intro.text) == [
        "Het Nederlandse voorzitterschap zal zich concentreren op drie prioritaire beleidsterreinen, die nauw "
        "aansluiten bij de kerngebieden van het Benelux-Unieverdrag:\n"
        "1. Economische samenwerking en interne markt\n"
        "2. Veiligheid en weerbaarheid\n"
        "3. Toekomstgerichte transitie, inclusief energiesamenwerking"
    ]
    assert split_sentences(
        "Zij willen:\n- een portaal openen;\n- een brochure maken.\nDaarna volgt meer tekst hier."
    ) == [
        "Zij willen:\n- een portaal openen;\n- een brochure maken.",
        "Daarna volgt meer tekst hier.",
    ]


def test_describe_infers_title_year_language(plan_text: str) -> None:
    doc = describe(plan_text, Path("data/jaarplan-2026.nl.txt"))
    assert (doc.title, doc.year, doc.language, doc.key) == ("Jaarplan 2026", 2026, "nl", "jaarplan-2026.nl")


def test_renumbered_plan_of_another_year(plan_text: str) -> None:
    """A plan with the same conventions but other numbers and a new section still parses."""
    other = (
        plan_text.replace("JAARPLAN 2026", "JAARPLAN 2027")
        .replace("3.5. ", "3.6. ")
        .replace("3.5. Weerbaarheid", "3.6. Weerbaarheid")
    )
    plan = parse_plan(other, describe(other, Path("jaarplan-2027.txt")))
    labels = [s.label for s in plan.sections]
    assert "3.6" in labels and "3.5" not in labels and plan.document.year == 2027
    assert any(c.section == "3.6" and c.heading == "Schelderaad" for c in plan.chunks)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "no usable text"),
        ("binary.txt", b"\x00\x01\x02" * 200, "looks binary"),
        ("latin1.txt", "caf\xe9 ".encode("latin-1") * 100, "not UTF-8"),
        ("plan.odt", b"PK\x03\x04", "unsupported type"),
        ("plan.docx", b"PK\x03\x04", "not a readable Word .docx file"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj <<", "unreadable PDF"),
    ],
)
def test_bad_sources_give_clear_errors(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        read_text(path)


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    path = tmp_path / "locked.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    with pytest.raises(SourceError, match="encrypted"):
        read_text(path)


def test_text_without_any_structure_is_ingested_with_a_warning(tmp_path: Path) -> None:
    text = "Een titel\n\n" + "Een gewone alinea zonder inhoudsopgave. " * 20
    plan = parse_plan(text, describe(text, tmp_path / "x.txt"))
    assert plan.strategy == "paragraphs" and "No structure found" in plan.warnings[-1] and plan.chunks


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("Dit pakket wordt medio 2026 verwacht.", "nl", True),
        ("“Deze aanpak” heeft tot doel ...", "nl", True),
        ("Ditmaal gaat het om de tol.", "nl", False),
        ("De Benelux zet in op digitalisering.", "nl", False),
        ("Cette approche vise la reconnaissance des diplômes.", "fr", True),
        ("Cet accord est signé.", "fr", True),
        ("Chaque année, le Benelux publie un plan.", "fr", False),
        ("Il répondra aux questions sur les impôts.", "fr", True),
        ("Dieses Paket wird Mitte 2026 erwartet.", "de", True),
        ("These networks meet twice a year.", "en", True),
        ("Therefore the plan says nothing.", "en", True),
        ("Thereafter the plan says nothing.", "en", False),
    ],
)
def test_a_sentence_that_opens_by_pointing_back_is_told_by_its_languages_words(
    sentence: str, language: str, expected: bool
) -> None:
    assert opens_back(sentence, language) is expected
