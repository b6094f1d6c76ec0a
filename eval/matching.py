"""Text matching shared by the retrieval benchmark and the answer-quality metrics."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def trigrams(text: str) -> set[tuple[str, str, str]]:
    w = words(text)
    if len(w) < 3:
        return {tuple(w + [""] * (3 - len(w)))} if w else set()  # type: ignore[arg-type]
    return {(w[i], w[i + 1], w[i + 2]) for i in range(len(w) - 2)}


def coverage(gold: str, passage: str) -> float:
    """Share of the gold quote's word 3-grams that occur in the passage."""
    g = trigrams(gold)
    return len(g & trigrams(passage)) / len(g) if g else 0.0


def holds(gold: str, passage: str, threshold: float = 0.6) -> bool:
    """A passage 'holds' a gold quote when it has at least 60% of the quote's word 3-grams."""
    return coverage(gold, passage) >= threshold
