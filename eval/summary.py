"""Aggregate per-turn and per-rule results into the run's metrics, overall, per region and per kind."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from eval.metrics import answer_words, hit_at, mrr, opens_with_key_fact, percentile, rate
from eval.results import RuleResult, TurnResult

Metrics = dict[str, float | int | None]

# The headline metrics, in the order the report shows them; ``max`` ones are better when lower.
HEADLINE: dict[str, str] = {
    "answer_accuracy": "Answer accuracy (answerable)",
    "citation_recall": "Citation recall",
    "citation_precision": "Citation precision",
    "verbatim_rate": "Verbatim citation quotes",
    "refusal_recall": "Refusal recall (unanswerable)",
    "false_refusal_rate": "False refusals (answerable)",
    "ambiguous_ok": "Clarification or full answer (ambiguous)",
    "opens_with_key_fact": "Answers opening with the key fact",
    "median_answer_words": "Median answer length (words)",
    "turn_accuracy": "Dialogue turn accuracy",
    "conversation_accuracy": "Whole-conversation accuracy",
    "retrieval_hit@1": "Retrieval hit@1",
    "retrieval_hit@5": "Retrieval hit@5",
    "retrieval_mrr@10": "Retrieval MRR@10",
    "rule_accuracy": "Rule verdict/amount accuracy",
    "latency_p50_ms": "Latency p50 (ms)",
    "latency_p95_ms": "Latency p95 (ms)",
}
LOWER_IS_BETTER = {"false_refusal_rate", "latency_p50_ms", "latency_p95_ms", "errors", "median_answer_words"}


def _answer_metrics(turns: Sequence[TurnResult]) -> Metrics:
    answerable = [t for t in turns if t.expected == "answer"]
    with_gold = [t for t in answerable if t.gold_cited is not None]
    gold_citations = [c for t in turns if t.gold_doc for c in t.citations]
    all_citations = [c for t in turns for c in t.citations]
    latencies = [t.latency_ms for t in turns if t.latency_ms is not None and not t.error]
    answers = [t for t in turns if t.kind == "answer" and not t.error]
    return {
        "turns": len(turns),
        "answer_accuracy": rate([t.correct for t in answerable]),
        "citation_recall": rate([bool(t.gold_cited) for t in with_gold]),
        "citation_precision": rate([c.verbatim and bool(c.matches_gold) for c in gold_citations]),
        "verbatim_rate": rate([c.verbatim for c in all_citations]),
        "citations": len(all_citations),
        "refusal_recall": rate([t.kind == "refusal" for t in turns if t.expected == "refusal"]),
        "false_refusal_rate": rate([t.kind == "refusal" for t in turns if t.expected != "refusal"]),
        "ambiguous_ok": rate([t.correct for t in turns if t.expected == "ambiguous"]),
        "opens_with_key_fact": rate([opens_with_key_fact(t.text, t.must_contain) for t in answers if t.must_contain]),
        "median_answer_words": percentile([answer_words(t.text) for t in answers], 50),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
        "errors": sum(1 for t in turns if t.error),
    }


def _dialogue_metrics(turns: Sequence[TurnResult]) -> Metrics:
    multi = [t for t in turns if not t.single_turn]
    conversations: dict[str, list[bool]] = defaultdict(list)
    for t in multi:
        conversations[t.conversation].append(t.correct)
    return {
        "turn_accuracy": rate([t.correct for t in multi]),
        "conversation_accuracy": rate([all(flags) for flags in conversations.values()]),
        "conversations": len(conversations),
    }


def _retrieval_metrics(turns: Sequence[TurnResult]) -> Metrics:
    ranks = [t.retrieval_rank for t in turns if t.retrieval_measured]
    out: Metrics = {f"retrieval_hit@{k}": hit_at(ranks, k) for k in (1, 3, 5, 10)}
    out["retrieval_mrr@10"] = mrr(ranks, 10)
    out["retrieval_questions"] = len(ranks)
    return out


def _rule_metrics(rules: Sequence[RuleResult]) -> Metrics:
    stacking = [r for r in rules if r.rule == "stacking"]
    tariff = [r for r in rules if r.rule == "tariff"]
    return {
        "rule_accuracy": rate([r.value_correct for r in rules]),
        "rule_verdict_accuracy": rate([r.value_correct for r in stacking]),
        "rule_amount_accuracy": rate([r.value_correct for r in tariff]),
        "rule_citation_rate": rate([r.cited for r in rules]),
        "rule_cases": len(rules),
    }


def _judge_metrics(turns: Sequence[TurnResult]) -> Metrics:
    out: Metrics = {}
    for name in ("faithfulness", "relevancy"):
        scores = [t.judge[name] for t in turns if name in t.judge]
        out[f"judge_{name}"] = sum(scores) / len(scores) if scores else None
    return out


def overall(turns: Sequence[TurnResult], rules: Sequence[RuleResult]) -> Metrics:
    return {**_answer_metrics(turns), **_dialogue_metrics(turns), **_retrieval_metrics(turns),
            **_rule_metrics(rules), **_judge_metrics(turns)}


def _group_metrics(turns: Sequence[TurnResult]) -> Metrics:
    base = _answer_metrics(turns)
    return {
        "turns": len(turns),
        "correct": rate([t.correct for t in turns]),
        "answer_accuracy": base["answer_accuracy"],
        "citation_recall": base["citation_recall"],
        "false_refusal_rate": base["false_refusal_rate"],
        "retrieval_hit@5": _retrieval_metrics(turns)["retrieval_hit@5"],
        "latency_p50_ms": base["latency_p50_ms"],
    }


def grouped(turns: Sequence[TurnResult], key: Callable[[TurnResult], str]) -> dict[str, Metrics]:
    groups: dict[str, list[TurnResult]] = defaultdict(list)
    for t in turns:
        groups[key(t)].append(t)
    return {name: _group_metrics(items) for name, items in sorted(groups.items())}
