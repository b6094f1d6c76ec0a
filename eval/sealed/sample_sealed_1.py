#!/usr/bin/env python3
"""Reproducible anchor sampling for sealed question set 1 (Verwijswijzer).

Standard library only.  Usage:
    python3 sample_sealed_1.py > sample-sealed-1.txt

Procedure (seed 20261208):
  1. Read the five corpus files listed in corpus/manifest.json.
  2. Eligible anchor lines: non-empty, not a pure page-number line, not a
     table-of-contents line (dotted leaders, or the table of contents at the
     start of the West-Brabant West catalogue, lines 1-174), and containing at
     least 12 letters.
  3. Main draw: 170 anchors drawn with random.Random(20261208) from the pooled
     non-empty lines of all documents, i.e. each document is hit in proportion
     to its number of non-empty lines.  A draw that lands on an ineligible line,
     or within MIN_GAP lines of an earlier anchor in the same document, is
     re-drawn.
  4. Top-up: every document with fewer than 6 anchors gets extra anchors drawn
     (same RNG) from that document only, until it has 6.
  5. Reserve: 50 further anchors drawn as in step 3 (same RNG stream), marked
     RESERVE; used only when too many main anchors are skipped.
For every anchor the document id, line number and the non-empty lines within
+/-15 lines are printed.
"""
import json
import os
import random
import re

SEED = 20261208
N_MAIN = 170
MIN_PER_DOC = 6
N_RESERVE = 50
WINDOW = 15

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "corpus"))

TOC_RANGES = {"wbw-jeugdhulpcatalogus": [(1, 174)]}
PAGE_RE = re.compile(r"^\s*\d{1,3}\s*$")
DOTS_RE = re.compile(r"\.{5,}|…{3,}")


def load():
    with open(os.path.join(CORPUS, "manifest.json"), encoding="utf-8") as fh:
        manifest = json.load(fh)
    docs = []
    for d in manifest["documents"]:
        with open(os.path.join(CORPUS, d["file"]), encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        docs.append({"id": d["id"], "file": d["file"], "lines": lines})
    return docs


def eligible(doc, n):
    text = doc["lines"][n - 1]
    if not text.strip():
        return False
    if PAGE_RE.match(text) or DOTS_RE.search(text):
        return False
    for a, b in TOC_RANGES.get(doc["id"], []):
        if a <= n <= b:
            return False
    return sum(ch.isalpha() for ch in text) >= 12


def min_gap(doc):
    return min(12, max(3, len(doc["lines"]) // 20))


def main():
    rng = random.Random(SEED)
    docs = load()
    pool = []  # (doc index, 1-based line number) of all non-empty lines
    for i, d in enumerate(docs):
        for n, t in enumerate(d["lines"], 1):
            if t.strip():
                pool.append((i, n))
    taken = {i: [] for i in range(len(docs))}
    anchors = []

    def try_take(i, n, label):
        d = docs[i]
        if not eligible(d, n):
            return False
        if any(abs(n - m) < min_gap(d) for m in taken[i]):
            return False
        taken[i].append(n)
        anchors.append((label, i, n))
        return True

    redraws = 0
    count = 0
    while count < N_MAIN:
        i, n = pool[rng.randrange(len(pool))]
        if try_take(i, n, "MAIN"):
            count += 1
        else:
            redraws += 1
    for i, d in enumerate(docs):
        nonempty = [n for n, t in enumerate(d["lines"], 1) if t.strip()]
        guard = 0
        while len(taken[i]) < MIN_PER_DOC and guard < 100000:
            guard += 1
            n = nonempty[rng.randrange(len(nonempty))]
            if not try_take(i, n, "TOPUP"):
                redraws += 1
    count = 0
    while count < N_RESERVE:
        i, n = pool[rng.randrange(len(pool))]
        if try_take(i, n, "RESERVE"):
            count += 1
        else:
            redraws += 1

    print(f"# sample_sealed_1.py  seed={SEED}  main={N_MAIN}  min_per_doc={MIN_PER_DOC}  reserve={N_RESERVE}  "
          f"redraws={redraws}")
    for i, d in enumerate(docs):
        per = {lab: sum(1 for label, j, _ in anchors if j == i and label == lab)
               for lab in ("MAIN", "TOPUP", "RESERVE")}
        ne = sum(1 for t in d["lines"] if t.strip())
        print(f"# {d['id']}: non-empty lines={ne}  main={per['MAIN']} topup={per['TOPUP']} reserve={per['RESERVE']}")
    print()
    for k, (label, i, n) in enumerate(anchors, 1):
        d = docs[i]
        print("=" * 78)
        print(f"ANCHOR {k:03d} [{label}] doc={d['id']} line={n}")
        print("-" * 78)
        lo, hi = max(1, n - WINDOW), min(len(d["lines"]), n + WINDOW)
        for m in range(lo, hi + 1):
            t = d["lines"][m - 1]
            if t.strip():
                mark = ">>" if m == n else "  "
                print(f"{mark}{m:6d}: {t.rstrip()}")
    print("=" * 78)


if __name__ == "__main__":
    main()
