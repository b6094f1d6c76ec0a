"""Sentence windows inside a chunk: the small units that locate the answer within a long passage.

A chunk is returned whole (it is what gets cited), but a question is usually answered by one or two of its
sentences; scoring those windows finds the right chunk when the rest of it is about something else.
"""

from __future__ import annotations

import re

from ingest.models import Chunk

# A sentence ends at . ! ? ; or : followed by a capital, digit, quote, bracket, euro sign or list dash.
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z0-9\"'(€-])")
WINDOW = 2  # sentences per window: one sentence plus the next, which often completes it


def sentences(chunk: Chunk) -> list[str]:
    """The chunk's sentences; every line of the chunk text (paragraph, list item, table row) splits apart."""
    return [s for line in chunk.text.split("\n") for s in _SENTENCE_END.split(line) if s.strip()]


def windows(chunk: Chunk, size: int = WINDOW) -> list[str]:
    """Overlapping windows of ``size`` sentences, each headed by the chunk's own (innermost) section title."""
    label = chunk.section.split(" > ")[-1] if chunk.section else chunk.title
    sents = sentences(chunk)
    count = max(1, len(sents) - size + 1)
    return [f"{label}: {' '.join(sents[i : i + size])}" for i in range(count)] if sents else [label]
