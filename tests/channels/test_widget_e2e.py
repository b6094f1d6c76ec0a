"""The widget in a real headless browser (Debian chromium via Playwright) against the real service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright
from sqlalchemy import select

from api.app import create_app
from assistant.store import feedback
from tests.channels.live import serve
from tests.channels.stubs import XSS, ScriptedAssistant
from tests.conftest import real_engine
from verwijswijzer.settings import PROJECT_ROOT, Settings

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = PROJECT_ROOT / "test-output"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium (make install-test)")

# Count the text mutations while an answer streams in: more than one means it rendered piece by piece.
WATCH_STREAM = """() => {
  const log = document.querySelector('verwijswijzer-chat').shadowRoot.querySelector('.log');
  window.__textMutations = 0;
  new MutationObserver((records) => {
    window.__textMutations += records.filter((r) => r.type === 'characterData').length;
  }).observe(log, {subtree: true, characterData: true, childList: true});
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    OUTPUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def test_ask_stream_cite_open_source_clarify_and_give_feedback(browser: Browser, indexed_data: Path) -> None:
    settings = Settings(data_dir=indexed_data, embedder="none")
    engine = real_engine(settings)
    with serve(create_app(settings, assistant=engine)) as base:
        page = browser.new_page(viewport={"width": 1100, "height": 800}, locale="nl-NL")
        page.goto(f"{base}/widget")
        page.evaluate("localStorage.clear()")
        page.reload()
        widget = page.locator("verwijswijzer-chat")
        expect(widget.locator(".notice")).to_have_text("AI-hulpmiddel dat de handboeken citeert — geen besluit")
        expect(widget.locator("select#region option")).to_have_count(5)  # placeholder + four regions
        page.evaluate(WATCH_STREAM)

        # No region chosen yet: the assistant asks which one, with the regions as option buttons.
        box = widget.get_by_label("Je vraag")
        box.fill("Vanaf welke datum geldt het afwegingskader voor light-contracten?")
        box.press("Enter")
        clarification = widget.locator('.msg.bot[data-kind="clarification"]')
        expect(clarification.locator(".options button")).to_have_count(4)
        page.screenshot(path=str(OUTPUT / "widget-1-clarification.png"))
        clarification.get_by_role("button", name="Haarlem").click()

        answer = widget.locator('.msg.bot[data-kind="answer"]')
        expect(answer.locator(".text")).to_contain_text("20 augustus 2020", timeout=15000)
        expect(answer).to_have_attribute("aria-busy", "false")
        assert page.evaluate("window.__textMutations") > 3  # the deltas were rendered as they arrived
        marker = answer.locator("button.cite").first
        expect(marker).to_have_text("[1]")
        expect(widget.locator("select#region")).to_have_value("haarlem")  # remembered for the next visit
        assert page.evaluate("localStorage.getItem('verwijswijzer.region')") == "haarlem"
        page.screenshot(path=str(OUTPUT / "widget-2-answer.png"))

        # Open the source: the passage in its section, the quote highlighted; Escape closes it.
        marker.click()
        dialog = widget.locator(".passage")
        expect(dialog).to_be_visible()
        expect(dialog.locator("h3")).to_contain_text("Herijking Afwegingskader light-contracten")
        expect(dialog.locator("mark", has_text="20 augustus 2020").first).to_be_visible()  # the cited quote
        expect(dialog.locator("li.cited").first).to_be_visible()
        page.screenshot(path=str(OUTPUT / "widget-3-source.png"))
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        expect(marker).to_be_focused()

        # Feedback: thumbs up with a comment, stored with the conversation.
        answer.get_by_role("button", name="Nuttig antwoord", exact=True).click()
        answer.get_by_label("Toelichting (optioneel)").fill("Precies wat ik zocht")
        answer.get_by_role("button", name="Verstuur feedback").click()
        expect(answer.locator(".thanks")).to_have_text("Bedankt voor je feedback.")
        page.screenshot(path=str(OUTPUT / "widget-4-feedback.png"))
        page.close()
    with engine.store.engine.connect() as conn:
        rows = conn.execute(select(feedback.c.rating, feedback.c.comment, feedback.c.turn)).all()
    assert [tuple(r) for r in rows] == [("up", "Precies wat ik zocht", 1)]


def test_markup_in_an_answer_is_shown_as_text_and_never_executed(browser: Browser, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    with serve(create_app(settings, assistant=ScriptedAssistant(tmp_path / "c.sqlite3"))) as base:  # type: ignore[arg-type]
        page = browser.new_page()
        page.goto(f"{base}/widget")
        widget = page.locator("verwijswijzer-chat")
        box = widget.get_by_label("Je vraag")
        box.fill("laat html zien")
        box.press("Enter")
        text = widget.locator('.msg.bot[data-kind="answer"] .text')
        expect(text).to_contain_text(XSS)  # visible, literally
        expect(text).to_contain_text("<b>vet</b>")
        assert widget.locator("img").count() == 0 and widget.locator("b").count() == 0
        assert page.evaluate("window.__pwned") is None
        page.screenshot(path=str(OUTPUT / "widget-5-sanitised.png"))
        page.close()
