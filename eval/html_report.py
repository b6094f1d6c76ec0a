"""A self-contained ``report.html`` a policy owner can open: scores, charts, failures, change vs a baseline."""

from __future__ import annotations

from html import escape

from eval.charts import bar_chart_png
from eval.gate import GateCheck
from eval.results import RunReport, TurnResult
from eval.summary import HEADLINE, LOWER_IS_BETTER

_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1a202c;max-width:1200px}
h1{font-size:1.5rem} h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #cbd5e0}
.cards{display:flex;flex-wrap:wrap;gap:.75rem}
.card{border:1px solid #cbd5e0;border-radius:6px;padding:.6rem .9rem;min-width:11rem}
.card .v{font-size:1.5rem;font-weight:600} .card .l{font-size:.8rem;color:#4a5568}
.pass{border-color:#38a169;background:#f0fff4} .fail{border-color:#e53e3e;background:#fff5f5}
table{border-collapse:collapse;width:100%;font-size:.85rem} td,th{border:1px solid #e2e8f0;padding:.35rem;
vertical-align:top;text-align:left} th{background:#edf2f7} .muted{color:#718096;font-size:.8rem}
.up{color:#2f855a} .down{color:#c53030} blockquote{margin:.3rem 0;padding-left:.5rem;border-left:3px solid #cbd5e0}
"""


def fmt(metric: str, value: float | int | None) -> str:
    if value is None:
        return "n/a"
    if metric.endswith("_ms"):
        return f"{value:.0f} ms"
    if isinstance(value, int):
        return str(value)
    return f"{value:.1%}"


def _cards(report: RunReport, checks: list[GateCheck]) -> str:
    status = {c.metric: c for c in checks}
    out = []
    for metric, label in HEADLINE.items():
        value = report.metrics.get(metric)
        check = status.get(metric)
        css = check.status if check and check.status != "n/a" else ""
        limit = f"<div class='muted'>gate {check.bound} {fmt(metric, check.limit)}</div>" if check else ""
        out.append(f"<div class='card {css}' id='metric-{escape(metric)}'><div class='l'>{escape(label)}</div>"
                   f"<div class='v'>{fmt(metric, value)}</div>{limit}</div>")
    return "<div class='cards'>" + "".join(out) + "</div>"


def _baseline(report: RunReport) -> str:
    if not report.baseline:
        return "<p class='muted'>No baseline given (use --baseline RUN.json).</p>"
    rows = []
    for metric, d in report.baseline["metrics"].items():
        delta = d["delta"]
        better = delta is not None and ((delta < 0) if metric in LOWER_IS_BETTER else (delta > 0))
        css = "" if not delta else ("up" if better else "down")
        shown = "n/a" if delta is None else (f"{delta:+.0f} ms" if metric.endswith("_ms") else f"{delta:+.1%}")
        rows.append(f"<tr><td>{escape(HEADLINE.get(metric, metric))}</td><td>{fmt(metric, d['baseline'])}</td>"
                    f"<td>{fmt(metric, d['now'])}</td><td class='{css}'>{shown}</td></tr>")
    b = report.baseline
    return (f"<p class='muted'>Baseline {escape(b['path'])} (commit {escape(str(b.get('git_commit')))}, "
            f"{escape(str(b.get('started_at')))})</p><table><tr><th>Metric</th><th>Baseline</th><th>Now</th>"
            f"<th>Change</th></tr>{''.join(rows)}</table>"
            f"<p>Newly failing: {escape(', '.join(b['newly_failing']) or 'none')}<br>"
            f"Newly passing: {escape(', '.join(b['newly_passing']) or 'none')}</p>")


def _given(t: TurnResult) -> str:
    if t.error:
        return f"<b>error</b>: {escape(t.error)}"
    cites = "".join(
        f"<blockquote>[{c.n}] {escape(c.document_id)} {c.line_start}–{c.line_end}"
        f"{'' if c.verbatim else ' <b>(not verbatim)</b>'}: {escape(c.quote[:300])}</blockquote>"
        for c in t.citations)
    options = f"<br>Options: {escape(', '.join(t.options))}" if t.options else ""
    return f"<b>{escape(t.kind)}</b>: {escape(t.text)}{options}{cites}"


def _gold(t: TurnResult) -> str:
    where = f"<br>{escape(t.gold_doc)} {t.gold_lines[0]}–{t.gold_lines[1]}" if t.gold_doc and t.gold_lines else ""
    must = f"<br>must contain: {escape(', '.join(t.must_contain))}" if t.must_contain else ""
    return f"<b>{escape(t.expected)}</b>: {escape(t.gold_answer)}{must}{where}"


def _why(t: TurnResult) -> str:
    missing_citation = "no citation of the gold passage" if t.gold_cited is False else ""
    return "; ".join(r for r in (t.reason, missing_citation) if r)


def _failures(report: RunReport) -> str:
    failed = [t for t in report.results if not t.correct or t.gold_cited is False]
    if not failed:
        return "<p>Every turn is correct and cites its gold passage.</p>"
    rows = "".join(
        f"<tr><td>{escape(t.key)}<div class='muted'>{escape(t.region)} · {escape(t.category)}</div></td>"
        f"<td>{escape(t.message)}<div class='muted'>{escape(_why(t))}</div></td>"
        f"<td>{_given(t)}</td><td>{_gold(t)}</td></tr>" for t in failed)
    return (f"<p>{len(failed)} of {len(report.results)} turns failed or did not cite the gold passage.</p>"
            "<table><tr><th>Id</th><th>Question</th>"
            f"<th>Answer given</th><th>Gold answer</th></tr>{rows}</table>")


def _rules(report: RunReport) -> str:
    if not report.rules:
        return f"<p class='muted'>{escape(report.skipped.get('rule', 'No rule cases in this dataset.'))}</p>"
    rows = "".join(
        f"<tr><td>{escape(r.id)}</td><td>{escape(r.rule)} {escape(r.region)}</td>"
        f"<td>{escape(str(r.input))}</td><td>{escape(str(r.expected))}</td>"
        f"<td>{'ok' if r.value_correct else escape(r.reason)}{'' if r.cited else ' (not cited)'}</td></tr>"
        for r in report.rules if not (r.value_correct and r.cited))
    return (f"<p>{sum(r.value_correct for r in report.rules)} of {len(report.rules)} rule cases right.</p>"
            + (f"<table><tr><th>Id</th><th>Rule</th><th>Input</th><th>Expected</th><th>Result</th></tr>{rows}"
               "</table>" if rows else ""))


def _chart(title: str, groups: dict) -> str:
    if not groups:
        return ""
    return f"<img alt='{escape(title)}' src='data:image/png;base64,{bar_chart_png(title, groups)}'>"


def render_html(report: RunReport, checks: list[GateCheck]) -> str:
    v = report.versions
    skipped = "".join(f"<li><b>{escape(k)}</b>: {escape(m)}</li>" for k, m in report.skipped.items())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Verwijswijzer answer quality</title>
<style>{_CSS}</style></head><body>
<h1>Verwijswijzer answer quality</h1>
<p class="muted">Dataset {escape(report.dataset)} · {escape(report.mode)} · region
{'passed as profile' if report.region_passed else 'not passed'} · {escape(report.started_at)} ·
{report.duration_s:.0f} s · commit {escape(str(v.get('git_commit', ''))[:12])}{' (dirty)' if v.get('git_dirty')
else ''}</p>
<h2>Headline scores</h2>{_cards(report, checks)}
{f'<h2>Skipped</h2><ul>{skipped}</ul>' if skipped else ''}
<h2>Compared with the baseline</h2>{_baseline(report)}
<h2>Per region and per kind</h2>
{_chart('Correct turns per region', report.per_region)} {_chart('Correct turns per kind', report.per_kind)}
<h2>Failed questions</h2>{_failures(report)}
<h2>Rule golden cases</h2>{_rules(report)}
<h2>Definitions</h2><p class="muted">Answer accuracy: kind 'answer' and every must_contain string in the text
(answerable questions). Ambiguous: a clarification, or an answer holding every must_contain string. Citation
recall: a citation from the gold document whose quote holds &ge;60% of the gold quote's word 3-grams or whose
lines overlap the gold lines. Precision: citations given on questions with a gold citation that are verbatim in
the corpus and match the gold. Retrieval hit@k: a top-k passage holds the gold quote.</p>
</body></html>"""
