#!/usr/bin/env python3
"""Checker for the sealed question set eval/datasets/sealed-1.jsonl (standard library only).

Verifies for every item: valid JSON, unique ids, region in the four region ids,
doc in the manifest ids (or "" for unanswerable), cited lines inside the file,
quote is a verbatim substring of the cited lines (lines joined with a space,
whitespace collapsed on both sides), every must_contain string occurs
(case-insensitive) in the cited lines and in the item's own answer text,
1-3 must_contain entries and a span of at most 12 lines for answerable items,
empty evidence for unanswerable/refusal items.  Prints totals.
Exit status 0 only if everything passes.

Usage: python3 check_sealed_1.py [path/to/sealed-1.jsonl]
"""
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATASET = os.path.join(ROOT, "eval", "datasets", "sealed-1.jsonl")
CORPUS = os.path.join(ROOT, "corpus")
REGIONS = {"noord-limburg", "west-brabant-west", "haarlem", "lelystad"}
KINDS = {"tariff", "stacking", "eligibility", "lookup", "process", "deadline", "statistic",
         "definition", "contact", "multi-part", "unanswerable"}
TURN_KINDS = {"answer", "clarification", "refusal", "ambiguous"}
MAX_SPAN = 12


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def load_corpus():
    with open(os.path.join(CORPUS, "manifest.json"), encoding="utf-8") as fh:
        manifest = json.load(fh)
    files = {}
    for d in manifest["documents"]:
        with open(os.path.join(CORPUS, d["file"]), encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        files[d["id"]] = lines
    return files


def check_evidence(where, unit, files, errors, answerable):
    doc, lines, quote, mc = unit.get("doc"), unit.get("lines"), unit.get("quote"), unit.get("must_contain")
    if not isinstance(mc, list) or not all(isinstance(x, str) and x.strip() for x in mc):
        errors.append(f"{where}: must_contain must be a list of non-empty strings")
        return
    if not answerable:
        if doc not in files and doc != "":
            errors.append(f"{where}: doc {doc!r} not in manifest and not ''")
        if mc or lines or quote:
            errors.append(f"{where}: unanswerable/refusal must have must_contain [], lines [], quote ''")
        return
    if doc not in files:
        errors.append(f"{where}: doc {doc!r} not in manifest")
        return
    if not (isinstance(lines, list) and len(lines) == 2 and all(isinstance(n, int) for n in lines)):
        errors.append(f"{where}: lines must be [start, end]")
        return
    s, e = lines
    n = len(files[doc])
    if not (1 <= s <= e <= n):
        errors.append(f"{where}: lines {lines} outside 1..{n} of {doc}")
        return
    if e - s + 1 > MAX_SPAN:
        errors.append(f"{where}: span {e - s + 1} lines > {MAX_SPAN}")
    text = norm(" ".join(files[doc][s - 1:e]))
    if not isinstance(quote, str) or not norm(quote):
        errors.append(f"{where}: empty quote")
    elif norm(quote) not in text:
        errors.append(f"{where}: quote not found in {doc}:{s}-{e}: {quote!r}")
    if not 1 <= len(mc) <= 3:
        errors.append(f"{where}: must_contain should have 1-3 entries (has {len(mc)})")
    low = text.lower()
    ans = norm(unit.get("answer", "")).lower()
    for x in mc:
        if x.lower() not in low:
            errors.append(f"{where}: must_contain {x!r} not in cited lines {doc}:{s}-{e}")
        if x.lower() not in ans:
            errors.append(f"{where}: must_contain {x!r} not in the item's answer text")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DATASET
    files = load_corpus()
    errors = []
    ids = set()
    c = collections.Counter()
    per_doc = collections.Counter()
    per_kind = collections.Counter()
    per_region = collections.Counter()
    with open(path, encoding="utf-8") as fh:
        raw = fh.read().split("\n")
    if raw and raw[-1] == "":
        raw = raw[:-1]
    for ln, line in enumerate(raw, 1):
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {ln}: invalid JSON ({exc})")
            continue
        iid = item.get("id")
        where = f"{iid} (line {ln})"
        if not iid or iid in ids:
            errors.append(f"{where}: missing or duplicate id")
        ids.add(iid)
        if item.get("region") not in REGIONS:
            errors.append(f"{where}: region {item.get('region')!r} not one of the four")
        per_region[item.get("region")] += 1
        if "turns" in item:
            c["multi_turn"] += 1
            turns = item["turns"]
            if not 2 <= len(turns) <= 3:
                errors.append(f"{where}: multi-turn must have 2-3 turns")
            for k, tn in enumerate(turns, 1):
                tw = f"{where} turn {k}"
                c["turns"] += 1
                if k > 1:
                    c["follow_up_turns"] += 1
                if tn.get("kind") not in TURN_KINDS:
                    errors.append(f"{tw}: turn kind {tn.get('kind')!r} invalid")
                if not tn.get("message") or not tn.get("answer"):
                    errors.append(f"{tw}: message/answer missing")
                answerable = (tn.get("kind") in ("answer", "ambiguous", "clarification")
                              and tn.get("category") != "unanswerable")
                if tn.get("kind") == "refusal":
                    c["refusal_turns"] += 1
                check_evidence(tw, tn, files, errors, answerable)
                if answerable:
                    per_doc[tn.get("doc")] += 1
                    per_kind["(turn) " + str(tn.get("category"))] += 1
            continue
        kind = item.get("kind")
        if kind not in KINDS:
            errors.append(f"{where}: kind {kind!r} invalid")
        if not item.get("question") or not item.get("answer"):
            errors.append(f"{where}: question/answer missing")
        per_kind[kind] += 1
        if kind == "unanswerable":
            c["unanswerable"] += 1
            if item.get("doc") == "":
                c["unanswerable_no_doc"] += 1
            check_evidence(where, item, files, errors, answerable=False)
        else:
            c["answerable"] += 1
            per_doc[item.get("doc")] += 1
            check_evidence(where, item, files, errors, answerable=True)
    total = c["answerable"] + c["unanswerable"] + c["multi_turn"]
    print(f"dataset: {path}")
    print(f"items total: {total}")
    print(f"  answerable single-turn: {c['answerable']}")
    print(f"  unanswerable single-turn (incl. off-topic): {c['unanswerable']}"
          f" ({100.0 * c['unanswerable'] / max(total, 1):.1f}% of items; {c['unanswerable_no_doc']} with doc '')")
    print(f"  multi-turn conversations: {c['multi_turn']} ({c['turns']} turns, "
          f"{c['follow_up_turns']} follow-up turns, {c['refusal_turns']} refusal turns)")
    print("answerable evidence per document (single items + answerable turns):")
    for d in sorted(files):
        print(f"  {d}: {per_doc[d]}")
    print("per kind:")
    for k, v in sorted(per_kind.items()):
        print(f"  {k}: {v}")
    print("per region:")
    for k, v in sorted(per_region.items()):
        print(f"  {k}: {v}")
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  - " + e)
        return 1
    print("\nALL CHECKS PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
