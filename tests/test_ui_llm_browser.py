"""The chat with an LLM, in headless Chromium against a real `jaarplan serve` asking the scripted server:
the answer streams in verified sentences, then the final answer; a source's paragraph translates, and a
second translation of it comes from the cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eval.llm_servers import ScriptedLLM
from eval.servers import served
from ui.i18n import TEXTS

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
QUESTION = "Que prévoient les Pays-Bas pour les camions ?"
FAITHFUL = "En 2026, les Pays-Bas introduiront un péage pour le transport de marchandises par route [1]."
FABRICATED = "Ce péage rapportera 45 millions d'euros par an [1]."
SECOND = "La Belgique connaît déjà une telle taxe depuis près d'une décennie [1]."
THIRD = "Les Pays-Bas introduiront un péage pour le transport de marchandises par route [1]."
FRENCH = (
    "En 2026, les Pays-Bas introduiront un péage pour le transport de marchandises par route. "
    "L'Eurovignette disparaîtra ainsi. La Belgique connaît déjà une telle taxe depuis près d'une décennie."
)
# Each change of the last answer's short text, and whether it is still pending, with its time.
RECORD = """() => {
  window.jpSeen = [];
  new MutationObserver(() => {
    const answer = [...document.querySelectorAll('#jp-chat .jp-answer')].pop();
    if (!answer) return;
    const text = answer.querySelector('.jp-short')?.innerText || '';
    const pending = !!document.querySelector('#jp-chat .jp-pending');
    const last = window.jpSeen[window.jpSeen.length - 1];
    if (!last || last.text !== text || last.pending !== pending)
      window.jpSeen.push({text, pending, t: performance.now()});
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


@pytest.fixture(scope="module")
def toll(assistant) -> int:  # type: ignore[no-untyped-def]
    return next(c.n for c in assistant.ask(QUESTION).citations if "zal Nederland een tolheffing" in c.text)


@pytest.fixture(scope="module")
def scripted(toll: int) -> Iterator[ScriptedLLM]:
    completion = " ".join(s.replace("[1]", f"[{toll}]") for s in (FAITHFUL, FABRICATED, SECOND, THIRD))
    with ScriptedLLM(completion, token_delay=0.06) as llm:
        yield llm


@pytest.fixture(scope="module")
def app(ui_data_dir: Path, scripted: ScriptedLLM, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {"JAARPLAN_LLM_URL": scripted.url, "JAARPLAN_LLM_MODEL": "scripted", "JAARPLAN_LLM_TIMEOUT": "30"}
    with served(ui_data_dir, log=tmp_path_factory.mktemp("ui-llm") / "server.log", env=env) as url:
        yield url


@pytest.fixture
def page(app: str):  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        page.goto(app)
        page.locator("#jp-question textarea").wait_for()
        yield page
        browser.close()


def _ask(page, question: str):  # type: ignore[no-untyped-def]
    """Ask, wait until the answer is final (no pending note); returns the answer's locator."""
    before = page.locator("#jp-chat .jp-answer").count()
    page.locator("#jp-question textarea").fill(question)
    page.locator("#jp-question textarea").press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('#jp-chat .jp-answer').length > n"
        " && !document.querySelector('#jp-chat .jp-pending')",
        arg=before,
        timeout=60_000,
    )
    return page.locator("#jp-chat .jp-answer").nth(before)


def test_streamed_answer_then_a_cached_translation(page, scripted: ScriptedLLM, toll: int) -> None:  # type: ignore[no-untyped-def]
    page.evaluate(RECORD)
    answer = _ask(page, QUESTION)
    seen = page.evaluate("window.jpSeen")
    partial = [s for s in seen if s["pending"] and s["text"]]
    final = answer.locator(".jp-short").inner_text()
    assert partial, seen
    assert "introduiront un péage" in partial[0]["text"] and partial[-1]["t"] < seen[-1]["t"]
    assert all("45 millions" not in s["text"] for s in seen) and "45 millions" not in final
    assert final.count("introduiront un péage") == 2 and "une telle taxe" in final
    written = TEXTS["fr"]["written_by"].format(model="scripted")
    assert answer.locator(".jp-written").inner_text() == written

    source = answer.locator(f'.jp-source:has(.jp-n:text-is("[{toll}]"))')
    link = source.locator("a.jp-translate")
    assert link.inner_text() == TEXTS["fr"]["translate"]
    asked = len(scripted.requests)
    scripted.completion = FRENCH
    link.click()
    shown = page.locator("#jp-chat .jp-translation").first
    shown.wait_for(timeout=30_000)
    label = TEXTS["fr"]["machine_translation"].format(model="scripted")
    assert shown.locator(".jp-mt-label").inner_text() == label
    assert shown.locator(".jp-mt-text").inner_text() == FRENCH
    assert len(scripted.requests) == asked + 1
    page.screenshot(path=str(Path(__file__).parents[1] / "artifacts" / "ui-llm-translation.png"), full_page=True)

    # The same paragraph in a second answer: its translation comes from the cache.
    scripted.completion = " ".join(s.replace("[1]", f"[{toll}]") for s in (FAITHFUL, SECOND))
    again = _ask(page, QUESTION)
    asked = len(scripted.requests)
    again.locator(f'.jp-source:has(.jp-n:text-is("[{toll}]")) a.jp-translate').click()
    again.locator(".jp-translation").wait_for(timeout=30_000)
    assert len(scripted.requests) == asked, "the second translation is served from the cache"
