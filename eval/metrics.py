"""Scoring of single answers and aggregation into rates; pure functions over plain values.

Definitions (also in the report):
- a turn is *correct* when the answer has the expected kind and every must_contain string (case-insensitive);
  for an ``ambiguous`` turn a clarification, or an answer holding every must_contain string, is correct;
  must_contain of a clarification is looked for in its text and options;
- a citation *matches the gold* when it is from the gold document and its quote holds the gold quote
  (>= 60% of its word 3-grams) or its line range overlaps the gold lines;
- a citation is *correct* (precision) when its quote is verbatim in the corpus lines it names and it matches
  the gold; precision counts every citation given on turns that have a gold citation;
- retrieval rank: the first of the top-k passages that holds the gold quote.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from assistant.answer import Answer, Citation
from eval.dataset import Turn
from eval.matching import holds

_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-Z“\"(•\d])|\n")
_MARKER = re.compile(r"\s*\[\d+\]")


def first_sentence(text: str) -> str:
    """The answer's opening sentence (citation markers left out): what a reader sees first."""
    return _SENTENCE_END.split(_MARKER.sub("", text).strip(), maxsplit=1)[0]


def opens_with_key_fact(text: str, must_contain: Iterable[str]) -> bool:
    """Whether the first sentence already holds a key fact or verdict the answer must contain."""
    opening = first_sentence(text).lower()
    return any(term.lower() in opening for term in must_contain)


def answer_words(text: str) -> int:
    """Words of the answer itself: without citation markers and without the notice after a blank line
    that personal data was removed."""
    body = text.split("\n\nLet op: je bericht bevatte persoonsgegevens", 1)[0]
    return len(_MARKER.sub("", body).split())


def missing_terms(text: str, must_contain: Iterable[str]) -> list[str]:
    low = text.lower()
    return [term for term in must_contain if term.lower() not in low]


def judge_turn(turn: Turn, answer: Answer) -> tuple[bool, str]:
    """Whether the answer is what the turn expects, and if not, why (in English, for the report)."""
    if turn.expected == "ambiguous":
        if answer.kind == "clarification":
            return True, ""
        if answer.kind == "answer":
            missing = missing_terms(answer.text, turn.must_contain)
            return (not missing, f"answer lacks {missing}" if missing else "")
        return False, "refused an ambiguous question"
    if answer.kind != turn.expected:
        return False, f"expected {turn.expected}, got {answer.kind}"
    haystack = answer.text + "\n" + "\n".join(answer.options)
    missing = missing_terms(haystack, turn.must_contain) if turn.expected != "refusal" else []
    return (not missing, f"text lacks {missing}" if missing else "")


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def matches_gold(citation: Citation, turn: Turn) -> bool:
    if not turn.doc or citation.document_id != turn.doc:
        return False
    if turn.quote and holds(turn.quote, citation.quote):
        return True
    return bool(turn.lines) and overlaps((citation.line_start, citation.line_end), turn.lines)  # type: ignore[arg-type]


def retrieval_rank(gold_quote: str, passages: Sequence[str]) -> int | None:
    """1-based rank of the first passage holding the gold quote, None when none does."""
    return next((i for i, text in enumerate(passages, start=1) if holds(gold_quote, text)), None)


def hit_at(ranks: Sequence[int | None], k: int) -> float | None:
    return rate([r is not None and r <= k for r in ranks])


def mrr(ranks: Sequence[int | None], k: int = 10) -> float | None:
    if not ranks:
        return None
    return sum(1.0 / r for r in ranks if r is not None and r <= k) / len(ranks)


def rate(flags: Sequence[bool]) -> float | None:
    """Share of True, or None when there is nothing to measure (never a misleading 0)."""
    return sum(flags) / len(flags) if flags else None


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]
