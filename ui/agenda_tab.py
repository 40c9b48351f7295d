"""The Agenda tab: the plans' dated commitments as a timeline by quarter, filters, quotes and downloads.

Each item quotes its sentence and links to its paragraph in "Read the plan" (the same ``#section=`` links
as the chat's sources). The chart counts, per quarter of the plan's year, the items dated within half a
year that overlap it; items dated by the whole year, and those after it, get a bar of their own.
"""

from __future__ import annotations

import calendar
import hashlib
import uuid
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr

from assistant.agenda import NARROW_DAYS, overlaps, render, select, to_ics, width_days
from ingest.agenda import AgendaItem
from ui.i18n import texts
from ui.render import esc, goto_href, section_name


def periods(year: int, language: str) -> list[tuple[str, str]]:
    """(label, value) of the period filter: everything, the plan year's quarters and halves, after it."""
    t = texts(language)
    quarters = [(f"Q{q} {year}", "/".join(d.isoformat() for d in _months(year, 3 * q - 2, 3))) for q in (1, 2, 3, 4)]
    halves = [
        (f"{t['agenda_half']} {h} {year}", "/".join(d.isoformat() for d in _months(year, 6 * h - 5, 6))) for h in (1, 2)
    ]
    return [
        (t["agenda_all"], ""),
        *quarters,
        *halves,
        (t["agenda_later"].format(year=year), f"{year + 1}-01-01/9999-12-31"),
    ]


def filtered(items: Sequence[AgendaItem], period: str, section: str, actor: str, past: bool) -> list[AgendaItem]:
    """The items of a period value ('start/end' or ''), a section or chapter, an actor, past ones or not."""
    start, _, end = (period or "").partition("/")
    chosen = select(
        items,
        date.fromisoformat(start) if start else None,
        date.fromisoformat(end) if end else None,
        section or None,
        past=past,
    )
    return [i for i in chosen if not actor or actor in i.actors]


def chart_html(items: Sequence[AgendaItem], year: int, language: str) -> str:
    """Bars per quarter of ``year``, then the whole year and later; each bar says its count."""
    t = texts(language)
    bars = []
    for q in range(1, 5):
        start, end = _months(year, 3 * q - 2, 3)
        bars.append((f"Q{q}", sum(overlaps(i, start, end) and width_days(i) <= NARROW_DAYS for i in items)))
    bars.append(
        (
            t["agenda_whole_year"].format(year=year),
            sum(width_days(i) > NARROW_DAYS and i.start[:4] <= str(year) <= i.end[:4] for i in items),
        )
    )
    bars.append((t["agenda_later"].format(year=year), sum(i.start[:4] > str(year) for i in items)))
    top = max((n for _, n in bars), default=0) or 1
    cells = "".join(
        f'<div class="jp-bar"><span class="jp-bar-n">{n}</span>'
        f'<span class="jp-bar-fill" style="height:{round(100 * n / top)}%"></span>'
        f'<span class="jp-bar-label">{esc(label)}</span></div>'
        for label, n in bars
    )
    return f'<div class="jp-chart" role="img" aria-label="{esc(t["agenda_chart"])}">{cells}</div>'


def list_html(items: Sequence[AgendaItem], language: str) -> str:
    """The items, each with its period, quoted sentence, actors and a link to its section."""
    t = texts(language)
    if not items:
        return f'<p class="jp-agenda-none">{esc(t["agenda_none"])}</p>'
    rows = []
    for i in items:
        who = f'<span class="jp-actors">{esc(", ".join(i.actors))}</span>' if i.actors else ""
        rows.append(
            f'<li class="jp-agenda-item{" jp-past" if i.past else ""}"><div class="jp-when">'
            f'<b>{esc(i.when)}</b> <span class="jp-interval">{i.start} – {i.end}</span> {who}</div>'
            f"<blockquote>{esc(i.text)}</blockquote>"
            f'<a class="jp-goto" href="{esc(goto_href(i.chunk_id, i.section))}">{esc(i.document)} · '
            f"{esc(section_name(i.section, i.section_title, i.heading))}</a></li>"
        )
    count = esc(t["agenda_count"].format(n=len(items)))
    return f'<p class="jp-agenda-count">{count}</p><ol class="jp-agenda">{"".join(rows)}</ol>'


def _months(year: int, first: int, count: int) -> tuple[date, date]:
    """The first and last day of ``count`` months from month ``first`` of ``year`` (a quarter, a half)."""
    last = first + count - 1
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


class AgendaPanel:
    """What the tab shows for a choice of filters, and the files it offers to download."""

    def __init__(self, assistant: Any, downloads: Path) -> None:
        self.assistant, self.downloads = assistant, downloads

    def show(self, period: str, section: str, actor: str, past: bool, language: str) -> tuple[str, str, str, str]:
        """(chart, list, ICS file, CSV file) for the filters."""
        items = filtered(self.assistant.agenda, period, section, actor, past)
        key = f"{self.assistant.generation}|{period}|{section}|{actor}|{past}"
        name = "jaarplan-agenda-" + hashlib.sha1(key.encode()).hexdigest()[:8]
        ics = self._write(f"{name}.ics", to_ics(items))
        csv = self._write(f"{name}.csv", render(items, "csv").encode("utf-8"))
        return chart_html(items, self.assistant.year, language), list_html(items, language), ics, csv

    def _write(self, name: str, data: bytes) -> str:
        """The file for these filters, written whole (another session may be reading the same one)."""
        self.downloads.mkdir(parents=True, exist_ok=True)
        path = self.downloads / name
        tmp = path.with_suffix(f".{uuid.uuid4().hex[:6]}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        return str(path)

    def sections(self) -> list[tuple[str, str]]:
        seen = dict.fromkeys((i.section, i.section_title) for i in self.assistant.agenda)
        return [(section_name(s, title), s) for s, title in seen]

    def actors(self) -> list[str]:
        return sorted({a for i in self.assistant.agenda for a in i.actors})


def agenda_tab(page: SimpleNamespace, panel: AgendaPanel, language: str) -> None:
    """The tab's components, stored on ``page`` (``page.agenda_*``)."""
    t = texts(language)
    with gr.Row(equal_height=True):
        page.agenda_period = gr.Dropdown(
            periods(panel.assistant.year, language), value="", label=t["agenda_period"], elem_id="jp-agenda-period"
        )
        page.agenda_section = gr.Dropdown(
            [(t["agenda_all"], ""), *panel.sections()], value="", label=t["agenda_section"], elem_id="jp-agenda-section"
        )
        page.agenda_actor = gr.Dropdown(
            [(t["agenda_all"], ""), *((a, a) for a in panel.actors())],
            value="",
            label=t["agenda_actor"],
            elem_id="jp-agenda-actor",
        )
        page.agenda_past = gr.Checkbox(False, label=t["agenda_past"], elem_id="jp-agenda-past")
    page.agenda_chart = gr.HTML("", elem_id="jp-agenda-chart")
    with gr.Row():
        page.agenda_ics = gr.DownloadButton(t["agenda_ics"], elem_id="jp-agenda-ics", size="sm")
        page.agenda_csv = gr.DownloadButton(t["agenda_csv"], elem_id="jp-agenda-csv", size="sm")
    page.agenda_list = gr.HTML("", elem_id="jp-agenda-list")


def wire_agenda(demo: gr.Blocks, page: SimpleNamespace, panel: AgendaPanel, hidden: dict[str, Any]) -> None:
    """Show the agenda on load and whenever a filter or the interface language changes."""
    inputs = [page.agenda_period, page.agenda_section, page.agenda_actor, page.agenda_past, page.ui_lang]
    outputs = [page.agenda_chart, page.agenda_list, page.agenda_ics, page.agenda_csv]
    for trigger in (
        demo.load,
        page.agenda_period.input,
        page.agenda_section.input,
        page.agenda_actor.input,
        page.agenda_past.input,
        page.ui_lang.change,
    ):
        trigger(panel.show, inputs, outputs, **hidden)


def relabel_targets(page: SimpleNamespace, panel: AgendaPanel) -> list[tuple[Any, Any]]:
    """(component, language -> update) pairs for the interface-language switch."""
    year = panel.assistant.year
    return [
        (page.tab_agenda, lambda x: gr.update(label=texts(x)["tab_agenda"])),
        (page.agenda_period, lambda x: gr.update(label=texts(x)["agenda_period"], choices=periods(year, x))),
        (
            page.agenda_section,
            lambda x: gr.update(
                label=texts(x)["agenda_section"], choices=[(texts(x)["agenda_all"], ""), *panel.sections()]
            ),
        ),
        (
            page.agenda_actor,
            lambda x: gr.update(
                label=texts(x)["agenda_actor"],
                choices=[(texts(x)["agenda_all"], ""), *((a, a) for a in panel.actors())],
            ),
        ),
        (page.agenda_past, lambda x: gr.update(label=texts(x)["agenda_past"])),
        (page.agenda_ics, lambda x: gr.update(label=texts(x)["agenda_ics"])),
        (page.agenda_csv, lambda x: gr.update(label=texts(x)["agenda_csv"])),
    ]
