"""Differences between this run and an earlier ``report.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.results import RunReport
from eval.summary import HEADLINE


def load_baseline(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"Cannot read baseline {path}: {exc}") from exc
    if not (isinstance(data, dict) and isinstance(data.get("metrics"), dict) and isinstance(data.get("results"), list)):
        raise ValueError(f"{path} is not a report.json of an earlier eval run (no 'metrics' and 'results').")
    return data


def compare(report: RunReport, baseline: dict[str, Any], path: Path) -> dict[str, Any]:
    deltas = {}
    for metric in [*HEADLINE, "retrieval_hit@10", "citations", "errors"]:
        now, before = report.metrics.get(metric), baseline["metrics"].get(metric)
        if now is not None or before is not None:
            delta = now - before if now is not None and before is not None else None
            deltas[metric] = {"now": now, "baseline": before, "delta": delta}
    before_ok = {(r["conversation"], r["turn"]): r["correct"] for r in baseline["results"]}
    now_ok = {(r.conversation, r.turn): r.correct for r in report.results}
    shared = before_ok.keys() & now_ok.keys()
    return {
        "path": str(path),
        "git_commit": baseline.get("versions", {}).get("git_commit"),
        "started_at": baseline.get("started_at"),
        "metrics": deltas,
        "newly_failing": sorted(f"{c}#{t}" for c, t in shared if before_ok[(c, t)] and not now_ok[(c, t)]),
        "newly_passing": sorted(f"{c}#{t}" for c, t in shared if not before_ok[(c, t)] and now_ok[(c, t)]),
    }
