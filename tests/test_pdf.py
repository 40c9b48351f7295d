"""The PDF reader gives the same structure as the text reader (a PDF typeset from the plan here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


def typeset(text: str, path: Path) -> None:
    """The plan as a real multi-page PDF: wrapped paragraphs, a dotted-free contents page, page breaks."""
    import matplotlib
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, 15)
    pdf.add_page()
    pdf.add_font("dejavu", "", str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"))
    pdf.set_font("dejavu", size=10)
    for block in re.split(r"\n\s*\n", text):
        for line in block.strip().replace("*", "").splitlines():
            title, tab, page = line.partition("\t")
            if tab:
                pdf.cell(150, 5, title.strip())
                pdf.cell(20, 5, page.strip(), new_x="LMARGIN", new_y="NEXT", align="R")
            else:
                pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(5)
    pdf.output(str(path))


def test_pdf_and_text_give_the_same_structure(tmp_path: Path, parsed, plan_text: str) -> None:  # type: ignore[no-untyped-def]
    from index.lifecycle import load_plan

    path = tmp_path / "jaarplan-2026.nl.pdf"
    typeset(plan_text, path)
    from_pdf = load_plan(path)
    assert [s.label for s in from_pdf.sections] == [s.label for s in parsed.sections]
    assert {(c.section, c.heading) for c in from_pdf.chunks} == {(c.section, c.heading) for c in parsed.chunks}
    texts = {" ".join(c.text.split()) for c in parsed.chunks}
    same = sum(" ".join(c.text.split()) in texts for c in from_pdf.chunks)
    assert same >= 0.9 * len(parsed.chunks)
    assert from_pdf.document.title == "Jaarplan 2026" and from_pdf.document.year == 2026
