"""Load test: N concurrent users chat with the real server on loopback for D seconds (async httpx).

Each user runs short conversations of mixed questions (tariffs, stacking, eligibility, general, follow-ups,
out-of-scope) from the dev set, three turns per conversation. Prints requests, errors, throughput, p50/p95/p99
latency and the server's RSS memory after warm-up and at the end.

    .venv/bin/python -m benchmarks.load                  # starts `verwijswijzer serve` itself (rate limit off)
    .venv/bin/python -m benchmarks.load --url http://127.0.0.1:8000 --pid 1234 --users 50 --duration 60
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from verwijswijzer.settings import PROJECT_ROOT

FALLBACK = [
    ("Wat kost P1 licht bij een micro-aanbieder?", "noord-limburg"),
    ("en bij een reguliere aanbieder?", None),
    ("Mag GGZ samen met P1?", "noord-limburg"),
    ("Tot welke leeftijd loopt pleegzorg door?", "west-brabant-west"),
    ("Wanneer is een light-contract mogelijk?", "haarlem"),
    ("Wat is eenvoudig maatwerk?", "lelystad"),
    ("Hoeveel kost een fiets voor de buurman?", "haarlem"),
]


def questions() -> list[tuple[str, str | None]]:
    dev = PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl"
    if not dev.exists():
        return FALLBACK
    rows = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    known = {region for _, region in FALLBACK}  # the dev set marks general questions with region "generic"
    return [(r["question"], r.get("region") if r.get("region") in known else None) for r in rows] + FALLBACK


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def sample_rss(pid: int, stop_at: float, samples: list[int]) -> None:
    """RSS every 10 s during the run: flat after warm-up means no leak per request."""
    while time.monotonic() < stop_at:
        await asyncio.sleep(min(10.0, max(0.0, stop_at - time.monotonic())))
        samples.append(round(rss_mb(pid)))


async def user(client: httpx.AsyncClient, url: str, stop_at: float, pool: list[tuple[str, str | None]],
               latencies: list[float], errors: list[str], seed: int) -> None:
    rng = random.Random(seed)
    conversation: str | None = None
    turn = 0
    while time.monotonic() < stop_at:
        question, region = rng.choice(pool)
        body: dict[str, object] = {"message": question}
        if conversation and turn % 3:
            body["conversation_id"] = conversation
        elif region:
            body["region"] = region
        started = time.perf_counter()
        try:
            r = await client.post(f"{url}/v1/chat", json=body)
            latencies.append(time.perf_counter() - started)
            if r.status_code != 200:
                errors.append(f"{r.status_code}: {r.text[:120]}")
            else:
                conversation = r.json()["conversation_id"]
        except httpx.HTTPError as exc:
            errors.append(type(exc).__name__)
        turn += 1


async def run(url: str, users: int, duration: float, pid: int | None) -> dict[str, object]:
    pool = questions()
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        for q, region in pool[:10]:  # warm-up: load indexes and caches before measuring memory
            await client.post(f"{url}/v1/chat", json={"message": q, "region": region})
        rss_start = rss_mb(pid) if pid else None
        latencies: list[float] = []
        errors: list[str] = []
        stop_at = time.monotonic() + duration
        started = time.perf_counter()
        samples: list[int] = []
        sampler = asyncio.create_task(sample_rss(pid, stop_at, samples)) if pid else None
        await asyncio.gather(*(user(client, url, stop_at, pool, latencies, errors, i) for i in range(users)))
        if sampler is not None:
            await sampler
        wall = time.perf_counter() - started
    rss_end = rss_mb(pid) if pid else None
    q = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [float("nan")] * 99
    return {"users": users, "duration_s": round(wall, 1), "requests": len(latencies), "errors": len(errors),
            "error_samples": sorted(set(errors))[:5], "throughput_rps": round(len(latencies) / wall, 1),
            "p50_ms": round(q[49] * 1000), "p95_ms": round(q[94] * 1000), "p99_ms": round(q[98] * 1000),
            "rss_start_mb": rss_start and round(rss_start), "rss_end_mb": rss_end and round(rss_end),
            "rss_every_10s_mb": samples}


def start_server(port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "VERWIJSWIJZER_RATE_LIMIT_PER_MINUTE": "0"}  # one client address would be limited
    log = Path(os.environ.get("LOAD_SERVER_LOG", os.devnull))  # the server's log, to look into errors
    with log.open("w") as err:
        proc = subprocess.Popen([str(Path(sys.executable).parent / "verwijswijzer"), "serve", "--port", str(port)],
                                env=env, stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/ready", timeout=30).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.terminate()
    raise SystemExit("De server werd niet binnen 120 s gereed (is de index gebouwd? 'verwijswijzer ingest').")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="A running server; without it one is started on --port")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pid", type=int, help="Server process id, for RSS (automatic when started here)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    args = parser.parse_args()
    proc = None if args.url else start_server(args.port)
    try:
        url = args.url or f"http://127.0.0.1:{args.port}"
        result = asyncio.run(run(url, args.users, args.duration, args.pid or (proc.pid if proc else None)))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(30)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if result["errors"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
