"""Run a dataset against the assistant (and the retriever and rule endpoints) and score every turn."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from assistant.answer import Answer
from assistant.engine import ChatRequest
from eval.clients import Answerer, RuleClient, Searcher
from eval.corpus_text import CorpusText
from eval.dataset import Conversation, Dataset, RuleCase, Turn
from eval.matching import holds
from eval.metrics import judge_turn, matches_gold, overlaps, retrieval_rank
from eval.results import CitationResult, RuleResult, TurnResult

RETRIEVAL_K = 10
Judge = Callable[[Turn, Answer], dict[str, float]]
Tick = Callable[[], None]


class Runner:
    def __init__(self, answerer: Answerer, corpus: CorpusText, searcher: Searcher | None = None,
                 rules: RuleClient | None = None, judge: Judge | None = None, pass_region: bool = True) -> None:
        self.answerer = answerer
        self.corpus = corpus
        self.searcher = searcher
        self.rules = rules
        self.judge = judge
        self.pass_region = pass_region
        self.known_regions = set(corpus.catalogue.region_ids)

    def work(self, dataset: Dataset) -> int:
        """Units of work for the progress bar."""
        return sum(len(c.turns) for c in dataset.conversations) + (len(dataset.rules) if self.rules else 0)

    def run(self, dataset: Dataset, tick: Tick = lambda: None) -> tuple[list[TurnResult], list[RuleResult]]:
        turns = [r for conversation in dataset.conversations for r in self._conversation(conversation, tick)]
        rules = [self._rule(case, tick) for case in dataset.rules] if self.rules else []
        return turns, rules

    def _region(self, conversation: Conversation, turn: Turn) -> str | None:
        """The region as a user's profile would pass it; dataset labels like 'generic' mean none."""
        region = turn.region or conversation.region
        return region if self.pass_region and region in self.known_regions else None

    def _conversation(self, conversation: Conversation, tick: Tick) -> Iterable[TurnResult]:
        conversation_id: str | None = None
        for number, turn in enumerate(conversation.turns, start=1):
            region = self._region(conversation, turn)
            result = TurnResult(
                conversation=conversation.id, turn=number, single_turn=conversation.single_turn,
                region=conversation.region or turn.region or "none", request_region=region,
                category=turn.category, expected=turn.expected, message=turn.message, gold_answer=turn.answer,
                must_contain=turn.must_contain, gold_doc=turn.doc, gold_lines=turn.lines)
            request = ChatRequest(message=turn.message, conversation_id=conversation_id, region=region)
            started = time.perf_counter()
            try:
                answer = self.answerer.chat(request)
            except Exception as exc:  # one failing question must not end the run; it counts as wrong
                result.error = f"{type(exc).__name__}: {exc}"
                result.reason = "the assistant raised an error"
            else:
                result.latency_ms = (time.perf_counter() - started) * 1000
                conversation_id = answer.conversation_id
                self._score(result, turn, answer)
            if conversation.single_turn and turn.quote and turn.expected != "refusal" and self.searcher:
                result.retrieval_rank = retrieval_rank(turn.quote,
                                                       self.searcher.passages(turn.message, region, RETRIEVAL_K))
                result.retrieval_measured = True
            tick()
            yield result

    def _score(self, result: TurnResult, turn: Turn, answer: Answer) -> None:
        result.kind, result.text, result.options = answer.kind, answer.text, answer.options
        result.correct, result.reason = judge_turn(turn, answer)
        has_gold = turn.has_gold_citation
        result.citations = [
            CitationResult(n=c.n, document_id=c.document_id, line_start=c.line_start, line_end=c.line_end,
                           quote=c.quote,
                           verbatim=self.corpus.is_verbatim(c.document_id, c.line_start, c.line_end, c.quote),
                           matches_gold=matches_gold(c, turn) if has_gold else None)
            for c in answer.citations]
        if has_gold and turn.expected == "answer":
            result.gold_cited = any(c.matches_gold for c in result.citations)
        if self.judge and answer.kind == "answer":
            result.judge = self.judge(turn, answer)

    def _rule(self, case: RuleCase, tick: Tick) -> RuleResult:
        result = RuleResult(id=case.id, rule=case.rule, region=case.region, input=case.input,
                            expected=case.expected)
        try:
            assert self.rules is not None
            status, output = self.rules.call(case.rule, {"region": case.region, **case.input})
        except Exception as exc:  # recorded per case, like a failing question
            result.reason = f"{type(exc).__name__}: {exc}"
            tick()
            return result
        result.status, result.output = status, output
        if status != 200:
            result.reason = f"HTTP {status}: {output.get('detail', output)}"
        else:
            result.value_correct, result.reason = score_rule(case, output)
            result.cited = rule_cited(case, output.get("citations") or [])
            if result.value_correct and not result.cited:
                result.reason = "right value, but no citation of the gold lines"
        tick()
        return result


def _amount_equal(a: Any, b: Any) -> bool:
    try:
        return abs(float(a) - float(b)) < 0.005
    except (TypeError, ValueError):
        return False


def score_rule(case: RuleCase, output: dict[str, Any]) -> tuple[bool, str]:
    """Compare the rule output with the golden expectation: verdict for stacking, amount (and unit) for tariff."""
    wrong: list[str] = []
    for field, expected in case.expected.items():
        got = output.get(field)
        if field == "verdict":
            allowed = expected if isinstance(expected, list) else [expected]
            ok = got in allowed
        elif field.endswith("_eur"):
            ok = _amount_equal(got, expected)
        else:
            ok = got == expected
        if not ok:
            wrong.append(f"{field}: expected {expected}, got {got}")
    return not wrong, "; ".join(wrong)


def rule_cited(case: RuleCase, citations: list[dict[str, Any]]) -> bool:
    for c in citations:
        if c.get("document_id") != case.doc:
            continue
        lines = (int(c.get("line_start", 0)), int(c.get("line_end", 0)))
        if overlaps(lines, case.lines) or (case.quote and holds(case.quote, str(c.get("quote", "")))):
            return True
    return False
