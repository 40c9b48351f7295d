"""The chat in headless Chromium: Enter to ask, cited sources, context, abstention, escaping, phone width."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DIPLOMAS_FR, TELEWORK_FR

from assistant.question import check_question
from eval.servers import ROOT, ChromaServer, served
from ui import i18n
from ui.feedback import FeedbackStore

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "artifacts"
OFF_TOPIC_DE = "Wie ist das Rezept für Apfelkuchen?"
MARKUP = ["Wat kost de tol? <img src=x onerror=alert(1)>", "<script>alert(2)</script> tolheffing", "[link](http://x)"]
TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if TIMINGS:
        (ARTIFACTS / "ui-timings.json").write_text(json.dumps(TIMINGS, indent=1) + "\n")


class Chat:
    """A page of the app with the few gestures the tests need."""

    def __init__(self, page, url: str, language: str = "en") -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.dialogs: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        self.box = page.locator("#jp-question textarea")
        self.box.wait_for()
        page.wait_for_function("document.activeElement && document.activeElement.closest('#jp-question')")
        page.locator("#jp-send", has_text=i18n.TEXTS[language]["send"]).wait_for()

    def ask(self, question: str, click: str | None = None) -> tuple[object, float]:
        """Type the question, press Enter (or click ``click``), wait for its answer; returns (answer, seconds)."""
        done = self.page.locator("#jp-chat .jp-answer, #jp-chat .jp-error")
        before = done.count()
        self.box.fill(question)
        start = time.perf_counter()
        if click:
            self.page.locator(click).click()
        else:
            self.box.press("Enter")
        self.page.wait_for_function(
            "n => document.querySelectorAll('#jp-chat .jp-answer, #jp-chat .jp-error').length > n "
            "&& !document.querySelector('#jp-chat .jp-pending')",
            arg=before,
            timeout=20_000,
        )
        return done.nth(before), time.perf_counter() - start


@pytest.fixture
def chat(browser, server: str) -> Iterator[Chat]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    yield Chat(context.new_page(), server)
    context.close()


def test_enter_gives_a_cited_answer_in_french(chat: Chat) -> None:
    answer, seconds = chat.ask(TELEWORK_FR)
    TIMINGS["enter_to_answer_first_s"] = round(seconds, 3)
    print(f"\nEnter -> answer shown: {seconds * 1000:.0f} ms (first question of the page)")
    labels = answer.locator(".jp-source-label").all_inner_texts()
    assert " · §2.1 " in labels[0], labels
    chat.page.locator(".jp-header h1", has_text="Assistant du plan annuel").wait_for()
    chat.page.locator("#jp-send", has_text="Envoyer").wait_for()
    assert seconds < 10
    chat.page.wait_for_timeout(300)
    chat.page.screenshot(path=str(ARTIFACTS / "ui-desktop.png"), full_page=True)
    _, again = chat.ask("Quand les Pays-Bas introduisent-ils un péage pour les camions ?")
    TIMINGS["enter_to_answer_next_s"] = round(again, 3)
    print(f"Enter -> answer shown: {again * 1000:.0f} ms (next question)")


def test_a_source_opens_in_context(chat: Chat) -> None:
    answer, _ = chat.ask("Wanneer voert Nederland de tolheffing voor vrachtwagens in?")
    source = answer.locator(".jp-source").first
    context = source.locator("details.jp-context")
    assert not context.locator(".jp-cited").is_visible()
    context.locator("summary").click()
    cited = context.locator(".jp-ctx-para.jp-cited")
    cited.wait_for(state="visible")
    assert cited.inner_text().strip() == source.locator("blockquote.jp-para").inner_text().strip()
    assert context.locator(".jp-ctx-para").count() >= 2
    chat.page.screenshot(path=str(ARTIFACTS / "ui-context.png"), full_page=True)


def test_off_topic_german_question_abstains_in_german(chat: Chat) -> None:
    answer, _ = chat.ask(OFF_TOPIC_DE, click="#jp-send")
    assert chat.page.locator("#jp-chat .jp-question").last.inner_text() == OFF_TOPIC_DE
    assert "jp-abstained" in (answer.get_attribute("class") or "")
    assert "Der Jahresplan scheint diese Frage nicht zu behandeln" in answer.locator(".jp-short").inner_text()
    assert answer.locator(".jp-sources-title").inner_text() == "Nächstliegende Abschnitte"
    chat.page.locator("#jp-send", has_text="Senden").wait_for()


def test_closest_sections_are_links_into_the_plan(chat: Chat) -> None:
    answer, _ = chat.ask(OFF_TOPIC_DE)
    link = answer.locator(".jp-source-label a").first
    href = link.get_attribute("href") or ""
    section, chunk = _link(href)
    assert href.startswith("#section=") and chunk.startswith(section + ":")
    link.click()
    _checked(chat.page, section).wait_for(state="attached", timeout=10_000)
    chat.page.locator(f'#jp-reader .jp-target[data-chunk="{chunk}"]').wait_for()


def _link(href: str) -> tuple[str, str]:
    """(section value, chunk id) of a '#section=…&chunk=…' link."""
    from urllib.parse import parse_qs

    query = parse_qs(href.removeprefix("#"))
    return query["section"][0], query.get("chunk", [""])[0]


def _checked(page, value: str):  # type: ignore[no-untyped-def]
    """The contents' radio button of ``value``, once it is the checked one."""
    return page.locator(f'#jp-toc input[type="radio"][value="{value}"]:checked')


def test_markup_in_a_question_is_never_rendered(chat: Chat) -> None:
    """A question shows as the assistant read it: its words as text, its tags dropped, never rendered."""
    for text in MARKUP:
        chat.ask(text)
        assert chat.page.locator("#jp-chat .jp-question").last.inner_text() == check_question(text, 1000)
    answer, _ = chat.ask("<img src=x onerror=alert(3)>")  # markup alone: refused, not asked
    assert any(texts["refused_markup"] in answer.inner_text() for texts in i18n.TEXTS.values())
    chat.page.wait_for_timeout(500)
    assert chat.page.locator("#jp-chat img, #jp-chat script, #jp-chat a[href='http://x']").count() == 0
    assert chat.dialogs == []


def test_empty_question_shows_the_clear_message(chat: Chat) -> None:
    answer, _ = chat.ask("   ")
    assert "the question is empty" in answer.inner_text()
    assert chat.page.locator("#jp-chat .jp-question").count() == 0


def test_rating_and_comment_are_stored(chat: Chat, ui_data_dir: Path) -> None:
    store = FeedbackStore(ui_data_dir / "feedback.sqlite3")
    before = len(store.rows())
    question = "Welke uitvoeringsakkoorden komen er onder het Benelux-Politieverdrag?"
    answer, _ = chat.ask(question)
    answer.get_by_role("button", name="Nuttig", exact=True).click()
    chat.page.locator("#jp-feedback-status").get_by_text("Bedankt voor uw feedback.").wait_for()
    chat.page.locator("#jp-comment textarea").fill("Duidelijk antwoord")
    chat.page.locator("#jp-comment-send").click()
    chat.page.locator("#jp-feedback-status").get_by_text("Bedankt, uw opmerking is opgeslagen.").wait_for()
    rows = store.rows()
    assert len(rows) == before + 1
    assert (rows[-1].question, rows[-1].rating, rows[-1].language, rows[-1].comment) == (
        question,
        "helpful",
        "nl",
        "Duidelijk antwoord",
    )
    assert rows[-1].chunk_ids and rows[-1].answer.startswith(("Volgens het jaarplan", "Het jaarplan lijkt"))


def test_answer_downloads_as_markdown(chat: Chat) -> None:
    chat.ask("What does the plan say about cross-border telework?")
    chat.page.locator("#jp-export").get_by_text("Answer as Markdown").first.click()
    with chat.page.expect_download() as download:
        chat.page.locator("#jp-download").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("## Question\n\nWhat does the plan say about cross-border telework?\n")
    assert "\n1. **§" in text or "\n1. **" in text


def test_the_agenda_tab_shows_a_timeline_filters_and_downloads(chat: Chat) -> None:
    from icalendar import Calendar

    page = chat.page
    page.get_by_role("tab", name="Agenda").click()
    listing = page.locator("#jp-agenda-list")
    listing.locator(".jp-agenda-item").first.wait_for()
    bars = page.locator("#jp-agenda-chart .jp-bar-label").all_inner_texts()
    assert bars[:4] == ["Q1", "Q2", "Q3", "Q4"] and bars[4] == "All of 2026"
    everything = listing.locator(".jp-agenda-item").count()
    page.locator("#jp-agenda-period input").click()
    page.get_by_role("option", name="Q1 2026").click()
    # The Q1 items are in the full list too, so wait for the list itself to shrink.
    page.wait_for_function(
        "n => document.querySelectorAll('#jp-agenda-list .jp-agenda-item').length < n", arg=everything
    )
    listing.locator(".jp-agenda-item", has_text="eerste kwartaal van 2026").wait_for()
    q1 = listing.locator(".jp-agenda-item").count()
    assert q1 > 0
    with page.expect_download() as download:
        page.locator("#jp-agenda-ics").click()
    events = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
    assert len(events) == q1
    listing.locator(".jp-agenda-item", has_text="eerste kwartaal van 2026").locator("a.jp-goto").click()
    page.locator("#jp-reader h3", has_text="§2.2 ").first.wait_for()
    page.locator("#jp-language input").click()
    page.get_by_role("option", name="Deutsch").click()
    page.get_by_role("tab", name="Agenda").click()
    page.locator("#jp-agenda-past", has_text="Auch frühere Jahre").wait_for()


def test_read_the_plan_tab_shows_a_section(chat: Chat) -> None:
    chat.page.get_by_role("tab", name="Read the plan").click()
    chat.page.locator("#jp-toc").get_by_text("§2.1 Arbeidsmobiliteit", exact=False).click()
    reader = chat.page.locator("#jp-reader")
    reader.locator("h4", has_text="Belemmeringen bij grensoverschrijdend telewerk").wait_for()
    assert reader.locator("h3").first.inner_text().startswith("§2.1 ")
    assert reader.locator("p.jp-read-para").count() >= 5


def test_language_can_be_chosen_by_hand(chat: Chat) -> None:
    chat.page.locator("#jp-language input").click()
    chat.page.get_by_role("option", name="Deutsch").click()
    chat.page.locator("#jp-send", has_text="Senden").wait_for()
    chat.ask("What does the plan say about hydrogen?")
    assert chat.page.locator("#jp-send").inner_text() == "Senden"
    assert chat.page.locator("#jp-chat .jp-sources-title").last.inner_text() in ("Quellen", "Nächstliegende Abschnitte")


def test_an_example_question_is_asked_on_click(chat: Chat) -> None:
    example = chat.page.locator("button.jp-example").first
    text = example.inner_text()
    before = chat.page.locator("#jp-chat .jp-answer").count()
    example.click()
    chat.page.wait_for_function("n => document.querySelectorAll('#jp-chat .jp-answer').length > n", arg=before)
    assert chat.page.locator("#jp-chat .jp-question").last.inner_text() == text


def test_section_filter_restricts_the_sources(chat: Chat) -> None:
    chat.page.locator("#jp-filter input").fill("2.4")
    chat.page.get_by_role("option", name="§2.4 Duurzame mobiliteit", exact=False).click()
    answer, _ = chat.ask("When will the Netherlands introduce a road toll for trucks?")
    labels = answer.locator(".jp-source-label").all_inner_texts()
    assert labels and all(label.split(" · ", 1)[1].startswith("§2.4 ") for label in labels), labels


@pytest.fixture
def laptop(browser, server: str) -> Iterator[Chat]:  # type: ignore[no-untyped-def]
    """A page on a 1280×800 screen."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    yield Chat(context.new_page(), server)
    context.close()


def _overlap(a: dict, b: dict) -> float:
    """The area two boxes (x, y, width, height) share."""
    w = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
    return max(w, 0) * max(h, 0)


def test_the_chat_fills_the_screen_and_its_scroll_arrow_covers_no_text(laptop: Chat) -> None:
    answer, _ = laptop.ask(TELEWORK_FR)
    assert laptop.page.locator("#jp-chat").bounding_box()["height"] >= 0.6 * 800  # type: ignore[index]
    arrow = laptop.page.locator("#jp-chat .scroll-down-button-container button")
    arrow.wait_for(state="visible")  # the answer is longer than the chat: the page scrolled to its start
    scroller = laptop.page.locator("#jp-chat [role='log']").bounding_box()
    text = answer.bounding_box()
    assert scroller and text
    top, bottom = max(text["y"], scroller["y"]), min(text["y"] + text["height"], scroller["y"] + scroller["height"])
    shown = {"x": text["x"], "y": top, "width": text["width"], "height": bottom - top}  # the answer's visible part
    assert shown["height"] > 100 and _overlap(arrow.bounding_box() or {}, shown) == 0
    for selector in ("#jp-question textarea", "#jp-send"):  # and the question box is on the screen with it
        assert laptop.page.locator(selector).bounding_box()["y"] < 800  # type: ignore[index]


def test_feedback_buttons_are_labelled_and_record_a_rating(chat: Chat, ui_data_dir: Path) -> None:
    store = FeedbackStore(ui_data_dir / "feedback.sqlite3")
    before = len(store.rows())
    answer, _ = chat.ask("What does the plan say about hydrogen?")
    helpful = answer.get_by_role("button", name="Helpful", exact=True)
    not_helpful = answer.get_by_role("button", name="Not helpful", exact=True)
    assert helpful.is_visible() and not_helpful.is_visible()  # labelled, without hovering
    assert answer.locator(".jp-rate").inner_text().startswith("Was this answer helpful?")
    not_helpful.click()
    chat.page.locator("#jp-feedback-status").get_by_text("Thank you for your feedback.").wait_for()
    assert "jp-rated" in (not_helpful.get_attribute("class") or "")
    rows = store.rows()
    assert len(rows) == before + 1
    assert (rows[-1].question, rows[-1].rating, rows[-1].language) == (
        "What does the plan say about hydrogen?",
        "not_helpful",
        "en",
    )


MILITARY = "Wat doet de Benelux aan grensoverschrijdende militaire mobiliteit?"


def test_a_source_opens_the_plan_at_its_paragraph(chat: Chat) -> None:
    answer, _ = chat.ask(MILITARY)
    link = answer.locator("a.jp-goto").first
    section, chunk = _link(link.get_attribute("href") or "")
    assert section == "jaarplan-2026.nl:2.4" and "militaire-mobiliteit" in chunk  # the 16th of §2.4's 17 paragraphs
    link.click()
    page = chat.page
    target = page.locator("#jp-reader p.jp-read-para.jp-target")
    target.wait_for()
    assert target.get_attribute("data-chunk") == chunk and page.locator("#jp-reader .jp-target").count() == 1
    page.wait_for_function(  # scrolled into view, the section's title out of it
        "() => { const r = document.querySelector('#jp-reader .jp-target').getBoundingClientRect();"
        " const h = document.querySelector('#jp-reader h3').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight && h.bottom < 0; }"
    )
    assert page.locator('button[role="tab"][aria-selected="true"]').inner_text() == i18n.TEXTS["nl"]["tab_read"]
    assert _checked(page, section).count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('#jp-reader .jp-target')).outlineStyle") != "none"


def test_read_the_plan_opens_on_the_contents_and_the_first_section(chat: Chat) -> None:
    chat.page.get_by_role("tab", name="Read the plan").click()
    first = chat.page.locator('#jp-toc input[type="radio"]').first
    first.wait_for(state="attached")
    assert first.is_checked()
    label = chat.page.locator("#jp-toc label").first.inner_text().strip()
    reader = chat.page.locator("#jp-reader")
    assert reader.locator("h3").first.inner_text() == label
    assert reader.locator("p.jp-read-para").count() >= 3 and reader.locator("p.jp-read-para").first.is_visible()


def test_a_quoted_answer_leads_with_its_best_sentence(chat: Chat) -> None:
    answer, _ = chat.ask("What does the plan say about cross-border telework?")
    quotes = answer.locator(".jp-quote")
    assert quotes.count() >= 2
    assert "jp-primary" in (quotes.first.get_attribute("class") or "")
    rest = quotes.evaluate_all("els => els.slice(1).map(e => e.className)")
    assert all("jp-secondary" in c and "jp-primary" not in c for c in rest), rest
    size = "e => parseFloat(getComputedStyle(e).fontSize) * parseFloat(getComputedStyle(e).opacity)"
    assert quotes.nth(1).evaluate(size) < quotes.first.evaluate(size)  # smaller and muted
    assert answer.locator(".jp-short").inner_text().startswith('According to the annual plan: "')


def test_french_typography(chat: Chat) -> None:
    answer, _ = chat.ask(DIPLOMAS_FR)
    chat.page.locator("#jp-send", has_text="Envoyer").wait_for()  # the interface follows the question
    assert answer.locator(".jp-short").inner_text().startswith("Selon le plan annuel\u202f:")
    assert answer.locator(".jp-rate-q").inner_text() == "Cette réponse vous a-t-elle aidé\u202f?"
    placeholder = chat.page.locator("#jp-question textarea").get_attribute("placeholder") or ""
    assert "lever\u202f? (Entrée" in placeholder, placeholder
    assert chat.page.locator("button.jp-example", has_text="lever\u202f?").count() >= 1
    hint = chat.page.locator(".jp-feedback-hint").inner_text()
    assert hint.endswith("évaluation\u202f?") and " ?" not in hint and " :" not in hint
    closest = chat.ask("Quelle est la recette de la tarte aux pommes ?")[0].locator(".jp-short").inner_text()
    assert "proches sont\u202f:" in closest, closest


def test_phone_width_layout(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="fr-BE", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    try:
        chat = Chat(context.new_page(), server, language="fr")
        answer, _ = chat.ask(DIPLOMAS_FR)
        assert any("§" in x for x in answer.locator(".jp-source-label").all_inner_texts())
        width = chat.page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 390 + 1, f"page is {width}px wide at a 390px viewport"
        for selector in ("#jp-question textarea", "#jp-send"):
            chat.page.locator(selector).scroll_into_view_if_needed()
            assert chat.page.locator(selector).is_visible()
            box = chat.page.locator(selector).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
        lines = "e => [e.getBoundingClientRect().right, e.getClientRects().length]"
        right, rects = answer.locator(".jp-primary").evaluate(lines)
        assert right <= 390 and rects >= 2, "the best sentence wraps onto several lines within the screen"
        chat.page.wait_for_timeout(300)
        chat.page.screenshot(path=str(ARTIFACTS / "ui-phone.png"))
        chat.page.screenshot(path=str(ARTIFACTS / "ui-phone-full.png"), full_page=True)
    finally:
        context.close()


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory: pytest.TempPathFactory, index_dir: Path, plan_text: str, embedder) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the index with a second plan (2027) whose toll paragraph differs."""
    import shutil

    from assistant.settings import Settings
    from index.lifecycle import ingest, load_plan

    data_dir = tmp_path_factory.mktemp("two-plans")
    shutil.copytree(index_dir, data_dir, dirs_exist_ok=True)
    source = data_dir.parent / "jaarplan-2027.nl.txt"
    source.write_text(
        plan_text.replace("JAARPLAN 2026", "JAARPLAN 2027").replace(
            "In 2026 zal Nederland een *tolheffing*", "In 2027 zal Luxemburg een *wegenvignet*"
        ),
        encoding="utf-8",
    )
    ingest(Settings.from_env(data_dir=data_dir), [load_plan(source)], embedder)
    return data_dir


@pytest.fixture(scope="module")
def two_plans_url(two_plans: Path) -> Iterator[str]:
    with served(two_plans) as url:
        yield url


@pytest.fixture
def english(browser, two_plans_url: str) -> Iterator[Chat]:  # type: ignore[no-untyped-def]
    """A page over the two plans with the interface fixed to English."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    chat = Chat(context.new_page(), two_plans_url)
    _choose(chat.page, "#jp-language", "English")
    yield chat
    context.close()


def _choose(page, dropdown: str, option: str) -> None:  # type: ignore[no-untyped-def]
    page.locator(f"{dropdown} input").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_timeout(500)


def _options(page, dropdown: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.locator(f"{dropdown} input").click()
    options = page.get_by_role("option").all_inner_texts()
    page.locator(".jp-header h1").click()
    return [o.removeprefix("✓").strip() for o in options]


def _contents(page) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    radios = page.locator("#jp-toc label")
    values = page.locator('#jp-toc input[type="radio"]').evaluate_all("els => els.map(e => e.value)")
    return list(zip([x.strip() for x in radios.all_inner_texts()], values, strict=True))


def test_document_selector_restricts_answers_to_one_plan(english: Chat) -> None:
    _choose(english.page, "#jp-document", "Jaarplan 2027")
    answer, _ = english.ask("wegenvignet Luxemburg")
    labels = answer.locator(".jp-source-label").all_inner_texts()
    assert labels and all("Jaarplan 2027" in label for label in labels), labels


def test_sections_and_contents_follow_the_selected_plan(english: Chat) -> None:
    page = english.page
    both = [o for o in _options(page, "#jp-filter") if "§1.1 " in o]
    assert both == ["Jaarplan 2026 · §1.1 Veiligheid en justitie", "Jaarplan 2027 · §1.1 Veiligheid en justitie"]
    page.get_by_role("tab", name="Read the plan").click()
    contents = _contents(page)
    assert ("Jaarplan 2027 · §1.1 Veiligheid en justitie", "jaarplan-2027.nl:1.1") in contents
    assert len(contents) == 2 * len({v.split(":", 1)[1] for _, v in contents})

    _choose(page, "#jp-document", "Jaarplan 2027")
    options = _options(page, "#jp-filter")
    assert "§1.1 Veiligheid en justitie" in options and not [o for o in options if "Jaarplan" in o], options
    only = _contents(page)
    assert len(only) == len(contents) // 2 == len(options) - 1
    assert all(v.startswith("jaarplan-2027.nl:") and "Jaarplan" not in label for label, v in only), only


def test_section_filter_over_all_plans_picks_one_plans_section(english: Chat) -> None:
    english.page.locator("#jp-filter input").fill("Jaarplan 2027 · §2.4")
    english.page.get_by_role("option", name="Jaarplan 2027 · §2.4 Duurzame mobiliteit", exact=False).click()
    answer, _ = english.ask("When will the Netherlands introduce a road toll for trucks?")
    labels = answer.locator(".jp-source-label").all_inner_texts()
    assert labels and all(label.startswith("[") and " Jaarplan 2027 · §2.4 " in label for label in labels), labels


def test_source_links_open_the_section_of_their_own_plan(english: Chat) -> None:
    page = english.page
    _choose(page, "#jp-document", "Jaarplan 2027")
    answer, _ = english.ask("wegenvignet Luxemburg")
    source = answer.locator(".jp-source").first
    href = source.locator("a.jp-goto").get_attribute("href") or ""
    assert href.startswith("#section=jaarplan-2027.nl:2.4&chunk=jaarplan-2027.nl:2.4:"), href
    source.locator("details.jp-context summary").click()
    context = source.locator(".jp-ctx-para").all_inner_texts()
    assert any("wegenvignet" in p for p in context) and not any("zal Nederland een" in p for p in context)

    _choose(page, "#jp-document", "Jaarplan 2026")
    source.locator("a.jp-goto").click()
    _checked(page, "jaarplan-2027.nl:2.4").wait_for(state="attached", timeout=10_000)
    assert page.locator("#jp-document input").input_value() == i18n.TEXTS["en"]["document_all"]
    reader = page.locator("#jp-reader")
    reader.get_by_text("wegenvignet", exact=False).first.wait_for()
    assert "zal Nederland een" not in reader.inner_text()
    assert reader.locator("h3").all_inner_texts() == ["§2.4 Duurzame mobiliteit en weerbare logistieke ketens"]


@pytest.fixture(scope="module")
def chroma_replica(tmp_path_factory: pytest.TempPathFactory, index_dir: Path, embedder) -> Iterator[tuple]:  # type: ignore[no-untyped-def]
    """A real Chroma server holding the plan (vectors reused from the suite's index) and a replica's data dir."""
    from index.build import build, current_manifest
    from index.lifecycle import load_plan
    from index.store import open_store

    server = ChromaServer(tmp_path_factory.mktemp("chroma"))
    server.start()
    try:
        local = open_store(index_dir, None)
        manifest = current_manifest(index_dir, local)
        assert manifest is not None
        previous = local.read(manifest.collection)
        data_dir = tmp_path_factory.mktemp("replica")
        plan = load_plan(ROOT / "data" / "jaarplan-2026.nl.txt")
        report = build(data_dir, open_store(data_dir, server.url), embedder, [plan], [], previous.vectors_by_hash())
        yield server, data_dir, report.manifest.generation
    finally:
        server.kill()


def test_index_server_outage_shows_a_notice_and_answers_continue(
    browser, chroma_replica: tuple, two_plans: Path, embedder
) -> None:  # type: ignore[no-untyped-def]
    from gradio_client import Client

    from assistant.settings import Settings
    from index.lifecycle import ingest, load_plan

    server, data_dir, generation = chroma_replica
    refresh = 3  # seconds between looks at the index server (the default is 10)
    notice = i18n.TEXTS["en"]["store_down"].format(generation=generation, seconds=str(refresh))
    toll = "When will the Netherlands introduce a road toll for trucks?"
    with served(data_dir, env={"JAARPLAN_CHROMA_URL": server.url, "JAARPLAN_REFRESH_SECONDS": str(refresh)}) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        chat = Chat(context.new_page(), url)
        status = chat.page.locator("#jp-store-status")
        chat.page.wait_for_timeout(refresh * 1000)
        assert not status.is_visible()

        server.kill()
        started = time.monotonic()
        status.get_by_text(notice).wait_for(timeout=60_000)
        print(f"\nnotice shown {time.monotonic() - started:.1f} s after the server was killed")
        answer, _ = chat.ask(toll)
        assert "jp-answer" in (answer.get_attribute("class") or "")
        assert " · §2.4 " in answer.locator(".jp-source-label").first.inner_text()
        body = Client(url, verbose=False).predict("tolheffing vrachtwagens", "", "", api_name="/ask")
        assert body["citations"][0]["section"] == "2.4"
        chat.page.screenshot(path=str(ARTIFACTS / "ui-store-down.png"))

        server.start()
        started = time.monotonic()
        status.wait_for(state="hidden", timeout=60_000)
        print(f"notice gone {time.monotonic() - started:.1f} s after the server was back")
        answer, _ = chat.ask(toll)
        assert "jp-answer" in (answer.get_attribute("class") or "")

        # another process publishes a generation with a second plan: a page opened afterwards lists it
        second = Settings.from_env(data_dir=data_dir, chroma_url=server.url)
        ingest(second, [load_plan(two_plans.parent / "jaarplan-2027.nl.txt")], embedder)
        chat.page.wait_for_timeout(refresh * 1000 + 3000)
        fresh = Chat(context.new_page(), url)
        fresh.page.locator("#jp-document").wait_for()
        assert "Jaarplan 2027" in " ".join(_options(fresh.page, "#jp-document"))
        chat.page.locator("#jp-document").wait_for(timeout=refresh * 1000)  # and the open page, unreloaded
        assert "Jaarplan 2027" in " ".join(_options(chat.page, "#jp-document"))
        context.close()
