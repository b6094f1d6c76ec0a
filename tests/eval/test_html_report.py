"""The HTML report opens in a real headless Chromium and shows the headline scores, charts and failures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eval.dataset import load_dataset
from eval.evaluate import Components, run_eval, write_report
from verwijswijzer.corpus import load_catalogue
from verwijswijzer.settings import PROJECT_ROOT, Settings

from .fakes import GoldSearcher, StripsCitations, write_single_turn

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
SHOTS = PROJECT_ROOT / "test-output"


@pytest.fixture
def report_dir(tmp_path: Path) -> Path:
    dataset_path = write_single_turn(tmp_path / "single.jsonl")
    dataset = load_dataset(dataset_path)
    settings = Settings(data_dir=tmp_path / "data")
    components = Components(StripsCitations(dataset, load_catalogue(settings.corpus_dir)), GoldSearcher(dataset),
                            None, None, {"judge": "LLM-judged metrics skipped: no LLM configured"}, "test")
    first = run_eval(dataset_path, settings, components=components)
    write_report(first, tmp_path / "base")
    components.answerer = StripsCitations(dataset, load_catalogue(settings.corpus_dir))
    second = run_eval(dataset_path, settings, components=components, baseline=tmp_path / "base" / "report.json")
    out, _ = write_report(second, tmp_path / "run")
    return out


def test_report_html_is_self_contained(report_dir: Path) -> None:
    html = (report_dir / "report.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html  # no external assets
    assert html.count("data:image/png;base64,") == 2
    assert "Hoeveel light-contracten sloot Haarlem" not in html  # a right refusal is not a failure
    assert "no citation of the gold passage" in html  # right text without its citation is


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_report_opens_in_headless_chromium_and_shows_headline_scores(report_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1600})
            page.goto((report_dir / "report.html").as_uri())
            assert page.title() == "Verwijswijzer answer quality"
            accuracy = page.locator("#metric-answer_accuracy")
            assert "Answer accuracy" in accuracy.inner_text()
            assert "100.0%" in accuracy.inner_text()
            recall = page.locator("#metric-citation_recall")
            assert "0.0%" in recall.inner_text() and "fail" in (recall.get_attribute("class") or "")
            assert page.locator("#metric-refusal_recall").inner_text().count("100.0%") == 1
            charts = page.locator("img[alt^='Correct turns per']")
            assert charts.count() == 2
            assert all(charts.nth(i).evaluate("img => img.naturalWidth") > 100 for i in range(2))
            assert "Compared with the baseline" in page.content()
            assert "LLM-judged metrics skipped" in page.locator("body").inner_text()
            page.screenshot(path=str(SHOTS / "eval-report.png"), full_page=True)
        finally:
            browser.close()
    assert (SHOTS / "eval-report.png").stat().st_size > 10_000
