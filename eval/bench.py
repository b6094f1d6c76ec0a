"""Benchmarks: ingest throughput (cold and warm), query latency single and under concurrent clients against a real
uvicorn server on 127.0.0.1, and how latency and memory grow with a synthetic corpus N times the shipped one.

Everything runs in temporary data dirs; the project's own index is never touched.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from eval.metrics import percentile
from verwijswijzer.settings import PROJECT_ROOT, Settings, get_settings

QUESTIONS_FILE = PROJECT_ROOT / "eval" / "datasets" / "dialogues-dev.jsonl"
EMBED_BUDGET_S = 180.0  # a scale run embeds only when the estimated embedding time stays below this


class Latency(BaseModel):
    clients: int
    requests: int
    errors: int
    p50_ms: float | None
    p95_ms: float | None
    throughput_rps: float


class ServerRun(BaseModel):
    label: str
    corpus_factor: int
    embedder: str
    chunks: int
    ingest_s: float
    startup_s: float
    chat_single: Latency
    search_single: Latency
    chat_concurrent: Latency | None = None
    server_rss_mb: float


class BenchReport(BaseModel):
    machine: dict[str, Any]
    ingest: dict[str, Any]
    runs: list[ServerRun]
    notes: list[str]


def questions() -> list[tuple[str, str | None]]:
    """Standalone questions with the region a profile would pass (first turns of the dialogue dev set)."""
    out = []
    for line in QUESTIONS_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            first = row["turns"][0]
            out.append((first["message"], first.get("region") or row.get("region")))
    return out


# --- synthetic corpus -------------------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-zÀ-ÿ]{5,}")


def _perturb(line: str, rng: random.Random) -> str:
    """Swap two longer words on a line so copies are not identical (BM25 and dedup see distinct text)."""
    words = list(_WORD.finditer(line))
    if len(words) < 2 or rng.random() < 0.5:
        return line
    a, b = sorted(rng.sample(words, 2), key=lambda m: m.start())
    return line[: a.start()] + b.group() + line[a.end() : b.start()] + a.group() + line[b.end() :]


def make_synthetic_corpus(source: Path, target: Path, factor: int, seed: int = 7) -> int:
    """Write ``factor`` re-labelled, perturbed copies of every document (copy 0 is the original); returns files."""
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    target.mkdir(parents=True, exist_ok=True)
    documents = []
    rng = random.Random(seed)
    for doc in manifest["documents"]:
        text = (source / doc["file"]).read_text(encoding="utf-8")
        for copy in range(factor):
            file = doc["file"] if copy == 0 else doc["file"].replace(".txt", f"-kopie{copy}.txt")
            body = text if copy == 0 else "\n".join(_perturb(line, rng) for line in text.split("\n"))
            (target / file).write_text(body, encoding="utf-8")
            suffix = "" if copy == 0 else f" (kopie {copy})"
            documents.append({**doc, "id": doc["id"] + (f"-kopie{copy}" if copy else ""), "file": file,
                              "title": doc["title"] + suffix})
    (target / "manifest.json").write_text(json.dumps({**manifest, "documents": documents}, ensure_ascii=False),
                                          encoding="utf-8")
    return len(documents)


# --- ingest -----------------------------------------------------------------------------------------------------

def ingest(corpus_dir: Path, data_dir: Path, embedder: str) -> tuple[int, float]:
    from ingest.pipeline import run_ingest

    settings = Settings(corpus_dir=corpus_dir, data_dir=data_dir, embedder=embedder)
    report = run_ingest(settings, progress=False, embedder=embedder)
    if report.failed:
        raise RuntimeError(f"ingest failed: {report.failed}")
    return report.chunks, report.seconds


# --- server -----------------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def server(corpus_dir: Path, data_dir: Path, embedder: str) -> Iterator[tuple[str, int, float]]:
    """A real uvicorn server on 127.0.0.1 on these dirs; yields (url, pid, seconds until ready)."""
    port = _free_port()
    env = {**os.environ, "VERWIJSWIJZER_CORPUS_DIR": str(corpus_dir), "VERWIJSWIJZER_DATA_DIR": str(data_dir),
           "VERWIJSWIJZER_EMBEDDER": embedder, "VERWIJSWIJZER_API_KEYS": "[]", "VERWIJSWIJZER_LLM_BASE_URL": "",
           "VERWIJSWIJZER_RATE_LIMIT_PER_MINUTE": "0"}  # measure the service, not the per-client limiter
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen([sys.executable, "-m", "verwijswijzer.cli", "serve", "--host", "127.0.0.1",
                                 "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield _wait_ready(proc, f"http://127.0.0.1:{port}", log)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_ready(proc: subprocess.Popen, url: str, log: Any) -> tuple[str, int, float]:
    started = time.perf_counter()
    while True:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited: {log.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                return url, proc.pid, time.perf_counter() - started
        except httpx.HTTPError:
            pass
        if time.perf_counter() - started > 300:
            raise RuntimeError("server not ready after 300 s")
        time.sleep(0.3)


def _measure(call: Any, items: list[Any], clients: int) -> Latency:
    latencies: list[float] = []
    errors = 0

    def one(item: Any) -> None:
        nonlocal errors
        t0 = time.perf_counter()
        try:
            ok = call(item)
        except httpx.HTTPError:
            ok = False
        latencies.append((time.perf_counter() - t0) * 1000)
        errors += 0 if ok else 1

    started = time.perf_counter()
    if clients == 1:
        for item in items:
            one(item)
    else:
        with ThreadPoolExecutor(max_workers=clients) as pool:
            list(pool.map(one, items))
    wall = time.perf_counter() - started
    return Latency(clients=clients, requests=len(items), errors=errors, p50_ms=percentile(latencies, 50),
                   p95_ms=percentile(latencies, 95), throughput_rps=len(items) / wall if wall else 0.0)


def measure_server(url: str, n: int, clients: int) -> tuple[Latency, Latency, Latency | None]:
    pool = questions()
    items = [pool[i % len(pool)] for i in range(n)]
    with httpx.Client(base_url=url, timeout=60) as http:
        def chat(item: tuple[str, str | None]) -> bool:
            body = {"message": item[0], **({"region": item[1]} if item[1] else {})}
            return http.post("/v1/chat", json=body).status_code == 200

        def search(item: tuple[str, str | None]) -> bool:
            params = {"q": item[0], "k": 5, **({"region": item[1]} if item[1] else {})}
            return http.get("/v1/search", params=params).status_code == 200

        for item in pool[:3]:  # warm-up: first requests load models and caches
            chat(item)
        single = _measure(chat, items, 1)
        search_single = _measure(search, items, 1)
    concurrent = None
    if clients > 1:
        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        with httpx.Client(base_url=url, timeout=120, limits=limits) as http:
            def chat_c(item: tuple[str, str | None]) -> bool:
                body = {"message": item[0], **({"region": item[1]} if item[1] else {})}
                return http.post("/v1/chat", json=body).status_code == 200

            concurrent = _measure(chat_c, [pool[i % len(pool)] for i in range(max(n, clients * 3))], clients)
    return single, search_single, concurrent


# --- the command ------------------------------------------------------------------------------------------------

def run_bench(scales: list[int], n_queries: int, clients: int, console: Console) -> BenchReport:
    settings = get_settings()
    notes: list[str] = []
    runs: list[ServerRun] = []
    with tempfile.TemporaryDirectory(prefix="vw-bench-") as tmp:
        base = Path(tmp) / "x1"
        console.print(f"Cold ingest of the shipped corpus (embedder {settings.embedder}) …")
        chunks, cold_s = ingest(settings.corpus_dir, base, settings.embedder)
        _, warm_s = ingest(settings.corpus_dir, base, settings.embedder)
        ingest_info = {"embedder": settings.embedder, "chunks": chunks, "cold_s": cold_s, "warm_s": warm_s,
                       "cold_chunks_per_s": chunks / cold_s if cold_s else None,
                       "warm_chunks_per_s": chunks / warm_s if warm_s else None}
        console.print(f"Serving the shipped corpus; {n_queries} queries single, {clients} concurrent clients …")
        with server(settings.corpus_dir, base, settings.embedder) as (url, pid, startup):
            single, search_single, concurrent = measure_server(url, n_queries, clients)
            runs.append(ServerRun(label="shipped", corpus_factor=1, embedder=settings.embedder, chunks=chunks,
                                  ingest_s=cold_s, startup_s=startup, chat_single=single,
                                  search_single=search_single, chat_concurrent=concurrent,
                                  server_rss_mb=_rss_mb(pid)))
        shutil.rmtree(base, ignore_errors=True)
        per_chunk = cold_s / chunks if chunks else 0.0
        for factor in scales:
            corpus = Path(tmp) / f"corpus-x{factor}"
            data = Path(tmp) / f"data-x{factor}"
            make_synthetic_corpus(settings.corpus_dir, corpus, factor)
            estimate = per_chunk * chunks * factor
            embedder = settings.embedder if estimate <= EMBED_BUDGET_S else "none"
            if embedder != settings.embedder:
                notes.append(f"x{factor}: BM25 only (embedder 'none'); embedding {chunks * factor} chunks with "
                             f"{settings.embedder} would take about {estimate / 60:.0f} min on this machine.")
            console.print(f"Scale x{factor}: ingest ({embedder}) and serve …")
            scaled_chunks, scaled_s = ingest(corpus, data, embedder)
            with server(corpus, data, embedder) as (url, pid, startup):
                single, search_single, _ = measure_server(url, max(10, n_queries // 2), 1)
                runs.append(ServerRun(label=f"x{factor}", corpus_factor=factor, embedder=embedder,
                                      chunks=scaled_chunks, ingest_s=scaled_s, startup_s=startup,
                                      chat_single=single, search_single=search_single,
                                      server_rss_mb=_rss_mb(pid)))
            shutil.rmtree(corpus, ignore_errors=True)
            shutil.rmtree(data, ignore_errors=True)
    machine = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    return BenchReport(machine=machine, ingest=ingest_info, runs=runs, notes=notes)


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def _pair(latency: Latency) -> str:
    return f"{_ms(latency.p50_ms)} / {_ms(latency.p95_ms)}"


def print_bench(report: BenchReport, console: Console) -> None:
    i = report.ingest
    console.print(f"Ingest ({i['embedder']}): {i['chunks']} chunks, cold {i['cold_s']:.1f} s "
                  f"({i['cold_chunks_per_s'] or 0:.0f} chunks/s), warm {i['warm_s']:.2f} s "
                  f"({i['warm_chunks_per_s'] or 0:.0f} chunks/s)")
    table = Table(title="Query latency (ms, p50 / p95) and server memory")
    for column in ("Corpus", "Embedder", "Chunks", "Ingest s", "Chat", "Search", "Chat, concurrent", "Errors",
                   "RSS MB"):
        table.add_column(column)
    for r in report.runs:
        c = r.chat_concurrent
        errors = r.chat_single.errors + r.search_single.errors + (c.errors if c else 0)
        table.add_row(r.label, r.embedder, str(r.chunks), f"{r.ingest_s:.1f}", _pair(r.chat_single),
                      _pair(r.search_single), f"{_pair(c)} ({c.clients})" if c else "-", str(errors),
                      f"{r.server_rss_mb:.0f}")
    console.print(table)
    for note in report.notes:
        console.print(f"[yellow]Note:[/] {note}")


def bench_command(out: Path, scales: list[int], n_queries: int, clients: int) -> int:
    console = Console(width=max(Console().width, 120))
    try:
        report = run_bench(scales, n_queries, clients, console)
    except RuntimeError as exc:
        console.print(f"[red]Benchmark failed: {exc}[/]")
        return 1
    print_bench(report, console)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    console.print(f"Written: {out}")
    return 0
