"""Real files as users have them: typeset PDFs with and without bookmarks, Word files with and without
heading styles, and files that cannot be ingested, each refused with the problem and the fix."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ingest.errors import SourceError
from ingest.model import ParsedPlan
from ingest.parse import parse_file, parse_plan
from ingest.readers import MAX_BYTES, describe, read_text

pytestmark = pytest.mark.unit

FILES = Path(__file__).parent / "files"
Blocks = list[tuple[str, str]]

# The German report's chapters as its bookmarks name them (the pages print them in capitals).
BOOKMARKS = {
    "GRENZÜBERSCHREITENDE ZUSAMMENARBEIT": "Grenzüberschreitende Zusammenarbeit",
    "VERKEHR UND LOGISTIK": "Verkehr und Logistik",
    "UMWELT UND ENERGIE": "Umwelt und Energie",
}
REPORT_DE = [
    ("intro", "Jahresbericht 2025 der Grenzregion", 1),
    ("1", "Grenzüberschreitende Zusammenarbeit", 1),
    ("1.1", "Pendler und Arbeitsmarkt", 2),
    ("1.2", "Gesundheit und Pflege", 2),
    ("2", "Verkehr und Logistik", 1),
    ("2.1", "Schienenverkehr", 2),
    ("2.2", "Güterverkehr auf der Straße", 1),
    ("3", "Umwelt und Energie", 2),
]
PLAN_FR = [
    ("intro", "Avant-propos", 1),
    ("1", "Mobilité et emploi", 1),
    ("1.1", "Travailleurs frontaliers", 2),
    ("1.2", "Reconnaissance des diplômes", 2),
    ("2", "Sécurité et justice", 1),
    ("2.1", "Coopération policière", 2),
    ("2.2", "Gestion des crises", 1),
    ("3", "Énergie et climat", 3),
]


def shape(plan: ParsedPlan) -> list[tuple[str, str, int]]:
    """Each section's label, title and number of paragraphs."""
    return [(s.label, s.title, sum(c.section == s.label for c in plan.chunks)) for s in plan.sections]


def blocks_of(name: str) -> Blocks:
    """A test text's blocks by kind: the title, paragraphs ("p"), list items, chapters ("h1": capitals
    or "N."), sections ("h2": other lines without a closing full stop)."""
    kinds: Blocks = []
    for i, block in enumerate(b.strip() for b in (FILES / name).read_text("utf-8").split("\n\n") if b.strip()):
        if i == 0:
            kinds.append(("title", block))
        elif block.endswith((".", ":")) or "\n" in block:
            kinds.append(("p", block))
        elif re.match(r"\d+\. ", block) and (kinds[-1][0] == "item" or kinds[-1][1].endswith(":")):
            kinds.append(("item", block))
        else:
            kinds.append(("h1" if block.isupper() or re.match(r"\d+\. ", block) else "h2", block))
    return kinds


def typeset(path: Path, blocks: Blocks, bookmarks: bool, contents: bool = False) -> None:
    """A typeset PDF: a cover (what comes before the first chapter), optionally a contents page, each
    chapter on a new page, headings in a larger type right above their paragraphs (no blank line
    between: as most PDFs print them), optionally bookmarked."""
    import matplotlib
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, 20)
    pdf.add_font("dejavu", "", str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"))
    pdf.add_page()
    cover = next(i for i, (kind, _) in enumerate(blocks) if kind == "h1")
    for kind, text in blocks[:cover]:
        _print(pdf, text, {"title": 18, "h2": 12}.get(kind, 10), gap=3)
    if contents:
        _contents(pdf, blocks[cover:])
    for kind, text in blocks[cover:]:
        if kind == "h1":
            pdf.add_page()
        if kind in ("h1", "h2"):
            pdf.ln(4)
            if bookmarks:
                pdf.start_section(BOOKMARKS.get(text, text), level=0 if kind == "h1" else 1)
        _print(pdf, text, {"h1": 14, "h2": 12}.get(kind, 10), gap=0 if kind in ("h1", "h2") else 3)
    pdf.output(str(path))


def _contents(pdf: Any, blocks: Blocks) -> None:
    pdf.add_page()
    _print(pdf, "Inhalt", 14, gap=4)
    for n, (_, text) in enumerate(b for b in blocks if b[0] in ("h1", "h2")):
        pdf.set_font("dejavu", size=10)
        pdf.cell(150, 6, text)
        pdf.cell(20, 6, str(3 + n // 2), new_x="LMARGIN", new_y="NEXT", align="R")


def _print(pdf: Any, text: str, size: int, gap: float) -> None:
    pdf.set_font("dejavu", size=size)
    for line in text.splitlines():
        pdf.multi_cell(0, size * 0.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def word(path: Path, blocks: Blocks, styled: bool = True) -> None:
    """A Word file: the Title and Heading 1/2/3 styles (or, unstyled, bold ordinary paragraphs), list
    items in the List Bullet style, a "table" block's lines ("a | b") as a table."""
    import docx

    document = docx.Document()
    for kind, text in blocks:
        if kind == "p":
            document.add_paragraph(text)
        elif kind == "item":
            document.add_paragraph(re.sub(r"^\d+\. ", "", text), style="List Bullet")
        elif kind == "table":
            rows = [line.split(" | ") for line in text.splitlines()]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for cells, row in zip(rows, table.rows, strict=True):
                for value, cell in zip(cells, row.cells, strict=True):
                    cell.text = value
        elif styled:
            document.add_heading(text, {"title": 0, "h1": 1, "h2": 2, "h3": 3}[kind])
        else:
            document.add_paragraph().add_run(text).bold = True
    document.save(str(path))


def werkplan() -> Blocks:
    """A short Dutch work plan as a Word file would hold it: kind<TAB>text lines ("\\n" a new line)."""
    rows = (FILES / "werkplan-nl.tsv").read_text("utf-8").splitlines()
    return [(kind, text.replace("\\n", "\n")) for kind, text in (row.split("\t") for row in rows)]


def test_typeset_pdf_with_bookmarks(tmp_path: Path) -> None:
    """Bookmarks name the sections, whatever case the page prints them in; the contents page and
    the cover are not indexed; the paragraphs are the text file's."""
    path = tmp_path / "bericht.pdf"
    typeset(path, blocks_of("bericht-de.txt"), bookmarks=True, contents=True)
    plan = parse_file(path)
    assert plan.strategy == "outline" and plan.warnings == ()
    assert shape(plan) == REPORT_DE
    assert [s.kind for s in plan.sections] == ["front", *(["chapter", "section", "section"] * 2), "chapter"]
    assert plan.document.language == "de" and plan.document.title == "Jahresbericht 2025 der Grenzregion"
    assert not any("Inhalt" in c.text or "\t" in c.text for c in plan.chunks)
    text = parse_file(FILES / "bericht-de.txt")
    assert [c.text for c in plan.chunks] == [c.text for c in text.chunks]


def test_typeset_pdf_with_numbered_headings_only(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    typeset(path, blocks_of("plan-fr.txt"), bookmarks=False)
    plan = parse_file(path)
    assert plan.strategy == "numbered" and plan.document.language == "fr"
    assert shape(plan) == PLAN_FR
    assert [c.id for c in plan.chunks] == [c.id for c in parse_file(FILES / "plan-fr.txt").chunks]


def test_pdf_without_structure_has_one_section_per_page(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for page in range(2):
        pdf.add_page()
        for n in range(3):
            pdf.multi_cell(0, 6, f"Alinea {n + 1} op pagina {page + 1} van een verslag zonder koppen. " * 4)
            pdf.ln(4)
    path = tmp_path / "verslag.pdf"
    pdf.output(str(path))
    plan = parse_file(path, title="Verslag")
    assert plan.strategy == "pages" and plan.document.language == "nl"
    assert shape(plan) == [("1", "Pagina 1", 3), ("2", "Pagina 2", 3)]
    assert plan.warnings == ("No structure found (no bookmarks, headings or contents page): one section per page.",)


def test_word_file_with_heading_styles(tmp_path: Path) -> None:
    """Word's Title is the document's title; Heading 1, 2 and 3 are chapters, sections and sub-headings;
    list items and table rows keep their own lines."""
    path = tmp_path / "werkplan.docx"
    word(path, werkplan())
    plan = parse_file(path)
    assert plan.strategy == "styles" and plan.warnings == ()
    assert (plan.document.title, plan.document.year, plan.document.language) == ("Werkplan 2027", 2027, "nl")
    assert shape(plan) == [
        ("intro", "Werkplan 2027", 1),
        ("1", "Arbeidsmarkt", 1),
        ("1.1", "Grensarbeiders", 2),
        ("1.2", "Diploma's", 1),
        ("2", "Veiligheid", 0),
        ("2.1", "Politie", 2),
        ("2.2", "Crisisbeheer", 1),
        ("3", "Energie", 2),
    ]
    assert [c.heading for c in plan.chunks if c.section == "2.1"] == [None, "Gezamenlijke patrouilles"]
    assert plan.chunks[4].id == "werkplan-2027.nl:1.2:-:1"
    assert plan.chunks[4].text.endswith(
        "stappen nodig:\n- Een gezamenlijke lijst van opleidingen\n- Een loket voor vragen van scholen"
    )
    assert plan.chunks[7].text.endswith("oefening. Jaar | Stap\n2026 | Plannen afstemmen\n2027 | Oefening")


def test_word_file_without_heading_styles_says_so(tmp_path: Path) -> None:
    path = tmp_path / "bericht.docx"
    word(path, blocks_of("bericht-de.txt"), styled=False)
    plan = parse_file(path)
    assert plan.strategy == "typography" and shape(plan) == REPORT_DE
    assert "no heading styles" in plan.warnings[0]


def test_bookmarks_and_styles_are_used_through_parse_plan_alone(tmp_path: Path) -> None:
    """``parse_plan(read_text(path), describe(...))``, as ``assistant.api.load_plan`` calls it, finds
    the file's bookmarks and heading styles too."""
    pdf, docx_path = tmp_path / "bericht.pdf", tmp_path / "bericht.docx"
    typeset(pdf, blocks_of("bericht-de.txt"), bookmarks=True)
    word(docx_path, blocks_of("bericht-de.txt"))
    for path, strategy in ((pdf, "outline"), (docx_path, "styles")):
        text = read_text(path)
        assert parse_plan(text, describe(text, path)).strategy == strategy


def _image_pdf(path: Path) -> None:
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(image).rectangle((50, 50, 550, 120), fill=0)
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.image(image, x=10, y=10, w=190)
    pdf.output(str(path))


def _locked_pdf(path: Path, user_password: str) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password=user_password)
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "Dit jaarplan is beschermd tegen wijzigen maar niet tegen lezen. " * 12)
    pdf.output(str(path))


def test_a_pdf_protected_only_against_editing_is_read(tmp_path: Path) -> None:
    path = tmp_path / "protected.pdf"
    _locked_pdf(path, user_password="")
    assert "beschermd tegen wijzigen" in read_text(path)


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("locked.pdf", lambda p: _locked_pdf(p, "secret"), r"encrypted \(it needs a password.*unprotected copy"),
        ("scan.pdf", _image_pdf, r"no text layer .*2 of 2 pages are images.*scanned.*OCR"),
        ("photo.pdf", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300)), "not a PDF: the file is a PNG image"),
        (
            "plan.md",
            lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(300)),
            r"not text: .*a PDF \(rename",
        ),
        ("plan.md", lambda p: p.write_bytes(b"PK\x03\x04" + bytes(300)), "not text: the file is a ZIP archive"),
        ("empty.md", lambda p: p.write_bytes(b""), r"empty \(0 bytes\)"),
        ("empty.pdf", lambda p: p.write_bytes(b""), r"empty \(0 bytes\)"),
        ("plan.docx", lambda p: p.write_bytes(b"PK\x03\x04" + bytes(300)), "not a readable Word .docx file"),
        ("plan.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(300)), "password-protected or old-format"),
    ],
)
def test_files_that_cannot_be_ingested_say_why(tmp_path: Path, name: str, make: Any, message: str) -> None:
    path = tmp_path / name
    make(path)
    with pytest.raises(SourceError, match=message):
        read_text(path)


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    with pytest.raises(SourceError, match=r"huge.pdf: 20.0 MB, over the 20 MB limit\. Split the plan"):
        read_text(path)


def test_utf16_text_from_a_windows_editor_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plan-fr.txt"
    path.write_bytes((FILES / "plan-fr.txt").read_text("utf-8").replace("\n", "\r\n").encode("utf-16"))
    assert shape(parse_file(path)) == PLAN_FR
