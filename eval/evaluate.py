"""One evaluation run end to end: clients, progress bar, scoring, report.json and report.html."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from eval.baseline import compare, load_baseline
from eval.clients import (
    Answerer,
    HttpAnswerer,
    HttpRuleClient,
    HttpSearcher,
    InProcessRuleClient,
    InProcessSearcher,
    RuleClient,
    Searcher,
    Unavailable,
)
from eval.corpus_text import CorpusText
from eval.dataset import Dataset, load_dataset
from eval.gate import GateCheck, check, load_thresholds
from eval.html_report import render_html
from eval.judge import LlmJudge
from eval.provenance import code_version, file_sha256, safe_settings
from eval.results import RunReport
from eval.runner import Judge, Runner
from eval.summary import grouped, overall
from verwijswijzer.corpus import load_catalogue
from verwijswijzer.settings import Settings


class Components:
    """The parts a run talks to, plus why any of them is missing."""

    def __init__(self, answerer: Answerer, searcher: Searcher | None, rules: RuleClient | None, judge: Judge | None,
                 skipped: dict[str, str], mode: str) -> None:
        self.answerer, self.searcher, self.rules, self.judge = answerer, searcher, rules, judge
        self.skipped, self.mode = skipped, mode


def build_components(settings: Settings, url: str | None, api_key: str, dataset: Dataset) -> Components:
    skipped: dict[str, str] = {}
    searcher: Searcher | None = None
    rules: RuleClient | None = None
    if url:
        answerer: Answerer = HttpAnswerer(url, api_key)
    else:
        from assistant.engine import Assistant

        assistant = Assistant()
        assistant.warm_up()  # as `verwijswijzer serve` does before it takes requests
        answerer = assistant
    if any(c.single_turn and c.turns[0].quote for c in dataset.conversations):
        try:
            searcher = HttpSearcher(url, api_key) if url else InProcessSearcher()
        except Unavailable as exc:
            skipped["retrieval"] = f"retrieval metrics skipped: {exc}"
    if dataset.rules:
        try:
            rules = HttpRuleClient(url, api_key) if url else InProcessRuleClient(settings)
        except Unavailable as exc:
            skipped["rule"] = f"rule metrics skipped: {exc}"
    judge: Judge | None = None
    if settings.llm_enabled:
        judge = LlmJudge(settings)
    else:
        skipped["judge"] = ("LLM-judged faithfulness and relevancy skipped: no LLM configured "
                            "(set VERWIJSWIJZER_LLM_BASE_URL and VERWIJSWIJZER_LLM_MODEL)")
    return Components(answerer, searcher, rules, judge, skipped, url or "in-process")


def run_eval(dataset_path: Path, settings: Settings, components: Components | None = None, url: str | None = None,
             api_key: str = "", pass_region: bool = True, baseline: Path | None = None,
             console: Console | None = None) -> RunReport:
    dataset = load_dataset(dataset_path)
    baseline_data = load_baseline(baseline) if baseline else None
    parts = components or build_components(settings, url, api_key, dataset)
    corpus = CorpusText(load_catalogue(settings.corpus_dir))
    runner = Runner(parts.answerer, corpus, parts.searcher, parts.rules, parts.judge, pass_region)
    started_at, started = datetime.now(UTC).isoformat(timespec="seconds"), time.perf_counter()
    with Progress(TextColumn("[bold]eval[/]"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console or Console(stderr=True), transient=True) as progress:
        task = progress.add_task("eval", total=runner.work(dataset))
        turns, rules = runner.run(dataset, tick=lambda: progress.advance(task))
    report = RunReport(
        dataset=str(dataset_path), dataset_sha256=file_sha256(dataset_path), mode=parts.mode,
        region_passed=pass_region, started_at=started_at, duration_s=time.perf_counter() - started,
        versions={**code_version(), "documents": corpus.versions()}, settings=safe_settings(settings),
        metrics=overall(turns, rules), per_region=grouped(turns, lambda t: t.region),
        per_kind=grouped(turns, lambda t: t.category), skipped=parts.skipped, results=turns, rules=rules)
    if baseline_data is not None and baseline is not None:
        report.baseline = compare(report, baseline_data, baseline)
    return report


def write_report(report: RunReport, out_dir: Path, thresholds: Path | None = None) -> tuple[Path, list[GateCheck]]:
    """Write report.json and report.html; returns the directory and the gate checks shown in the page."""
    out_dir.mkdir(parents=True, exist_ok=True)
    checks = check(report.metrics, report.skipped, load_thresholds(thresholds) if thresholds else load_thresholds())
    (out_dir / "report.json").write_text(report.model_dump_json(indent=2), encoding="utf-8")
    (out_dir / "report.html").write_text(render_html(report, checks), encoding="utf-8")
    return out_dir, checks
