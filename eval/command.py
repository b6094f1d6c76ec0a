"""The ``verwijswijzer eval`` command: run, write the reports, print the scores, apply the gate."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from eval.dataset import DatasetError
from eval.evaluate import Components, run_eval, write_report
from eval.gate import GateCheck, failures
from eval.html_report import fmt
from eval.results import RunReport
from eval.summary import HEADLINE
from verwijswijzer.settings import Settings, get_settings


def print_summary(console: Console, report: RunReport, checks: list[GateCheck]) -> None:
    status = {c.metric: c.status for c in checks}
    table = Table(title=f"Answer quality — {report.dataset}")
    for column in ("Metric", "Value", "Gate"):
        table.add_column(column)
    for metric, label in HEADLINE.items():
        table.add_row(label, fmt(metric, report.metrics.get(metric)), status.get(metric, ""))
    console.print(table)
    errors = [t for t in report.results if t.error]
    if errors:
        console.print(f"[red]{len(errors)} turns raised an error[/], e.g. {errors[0].key}: {errors[0].error[:200]}")
    for message in report.skipped.values():
        console.print(f"[yellow]Skipped:[/] {message}")


def eval_command(dataset: Path, url: str | None, api_key: str, out: Path, pass_region: bool,
                 baseline: Path | None, gate: bool, thresholds: Path | None, components: Components | None = None,
                 settings: Settings | None = None, console: Console | None = None) -> int:
    """Returns the exit code: 0 ok, 1 gate failed, 2 bad input."""
    console = console or Console()
    try:
        report = run_eval(dataset, settings or get_settings(), components=components, url=url, api_key=api_key,
                          pass_region=pass_region, baseline=baseline)
        out_dir, checks = write_report(report, out, thresholds)
    except (DatasetError, ValueError) as exc:
        console.print(f"[red]{exc}[/]")
        return 2
    print_summary(console, report, checks)
    console.print(f"Reports: {out_dir / 'report.json'}, {out_dir / 'report.html'}")
    if not gate:
        return 0
    failed = failures(checks)
    if failed:
        console.print(f"[red bold]Quality gate FAILED[/] ({len(failed)} of {len(checks)} metrics):")
        for c in failed:
            value = fmt(c.metric, c.value)
            console.print(f"  - {c.metric} = {value}, must be {c.bound} {fmt(c.metric, c.limit)} {c.note}".rstrip())
        return 1
    passed = sum(c.status == "pass" for c in checks)
    console.print(f"[green bold]Quality gate passed[/]: {passed} metrics at or above their floor"
                  f" ({len(checks) - passed} n/a).")
    return 0
