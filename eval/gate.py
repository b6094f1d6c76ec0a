"""The quality gate: compare a run's metrics with the floors and ceilings in ``eval/thresholds.toml``."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel

DEFAULT_THRESHOLDS = Path(__file__).with_name("thresholds.toml")


class Thresholds(BaseModel):
    floors: dict[str, float] = {}
    ceilings: dict[str, float] = {}


class GateCheck(BaseModel):
    metric: str
    value: float | None
    limit: float
    bound: str  # ">=" or "<="
    status: str  # "pass", "fail", "n/a"
    note: str = ""


def load_thresholds(path: Path = DEFAULT_THRESHOLDS) -> Thresholds:
    try:
        return Thresholds.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValueError) as exc:
        raise ValueError(f"Cannot read thresholds {path}: {exc}") from exc


def check(metrics: dict[str, float | int | None], skipped: dict[str, str], thresholds: Thresholds) -> list[GateCheck]:
    """One check per threshold. A metric skipped because a part was unavailable fails; one the dataset has no
    rows for is n/a."""
    checks: list[GateCheck] = []
    bounds = [(m, v, ">=") for m, v in thresholds.floors.items()] + [
        (m, v, "<=") for m, v in thresholds.ceilings.items()]
    for metric, limit, bound in bounds:
        value = metrics.get(metric)
        reason = next((msg for prefix, msg in skipped.items() if metric.startswith(prefix)), "")
        if value is None:
            status, note = ("fail", f"not measured: {reason}") if reason else ("n/a", "no rows in this dataset")
        else:
            ok = value >= limit - 1e-9 if bound == ">=" else value <= limit + 1e-9
            status, note = ("pass" if ok else "fail"), ""
        checks.append(GateCheck(metric=metric, value=value, limit=limit, bound=bound, status=status, note=note))
    return checks


def failures(checks: list[GateCheck]) -> list[GateCheck]:
    return [c for c in checks if c.status == "fail"]
