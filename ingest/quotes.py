"""Verbatim quotes: map a (cleaned) sentence back to the exact text and lines of the source file.

Cleaning re-joins lines, mends hyphenation and drops footers, so a cleaned sentence is not a substring of the
file. A citation must be. We align on letters and digits only, which cleaning never changes, and return the
whitespace-collapsed source text between the first and last aligned character: verbatim, footers included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WS = re.compile(r"\s+")


def collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True)
class Quote:
    line_start: int
    line_end: int
    text: str


def _alnum_stream(lines: list[str], first_line: int) -> tuple[str, list[tuple[int, int]]]:
    """Lower-cased letters/digits of ``lines`` and, per character, its (line number, column)."""
    chars: list[str] = []
    where: list[tuple[int, int]] = []
    for offset, line in enumerate(lines):
        for col, ch in enumerate(line):
            if ch.isalnum():
                chars.append(ch.lower())
                where.append((first_line + offset, col))
    return "".join(chars), where


def _alnum(text: str) -> str:
    return "".join(ch.lower() for ch in text if ch.isalnum())


def _longest_prefix_at(stream: str, target: str, lo: int, hi: int | None) -> tuple[int, int]:
    """Longest prefix of ``target`` found in ``stream`` starting in [lo, hi]; returns (position, length)."""
    best = (-1, 0)
    low, high = 1, len(target)
    while low <= high:
        mid = (low + high) // 2
        pos = stream.find(target[:mid], lo)
        if pos >= 0 and (hi is None or pos <= hi):
            best, low = (pos, mid), mid + 1
        else:
            high = mid - 1
    return best


def _align(stream: str, target: str, max_gap: int, min_piece: int = 6) -> tuple[int, int] | None:
    """Start and end index in ``stream`` of ``target``, allowing dropped text between aligned pieces."""
    if not target:
        return None
    start = -1
    cursor, rest = 0, target
    while rest:
        pos, length = _longest_prefix_at(stream, rest, cursor, None if start < 0 else cursor + max_gap)
        if length == 0 or (length < min(min_piece, len(rest))):
            return None
        if start < 0:
            start = pos
        cursor, rest = pos + length, rest[length:]
    return start, cursor - 1


def locate(lines: list[str], line_start: int, line_end: int, sentence: str, max_gap: int = 160) -> Quote | None:
    """Find ``sentence`` in ``lines[line_start-1 : line_end]`` (1-based, inclusive) and quote it verbatim.

    Returns None when the sentence is not in that range. Text dropped by cleaning inside the sentence (a page
    footer) is tolerated: the sentence is aligned piece by piece, each piece at most ``max_gap`` characters
    after the previous one.
    """
    window = lines[line_start - 1 : line_end]
    stream, where = _alnum_stream(window, line_start)
    span = _align(stream, _alnum(sentence), max_gap)
    if span is None:
        return None
    start, end = span
    (l0, c0), (l1, c1) = where[start], where[end]
    # Extend to whole tokens at both ends so the quote never starts or ends mid-word.
    first, last = lines[l0 - 1], lines[l1 - 1]
    while c0 > 0 and not first[c0 - 1].isspace():
        c0 -= 1
    while c1 + 1 < len(last) and not last[c1 + 1].isspace():
        c1 += 1
    raw = first[c0 : c1 + 1] if l0 == l1 else "\n".join([first[c0:], *lines[l0 : l1 - 1], last[: c1 + 1]])
    return Quote(line_start=l0, line_end=l1, text=collapse(raw))


def is_verbatim(lines: list[str], line_start: int, line_end: int, quote: str) -> bool:
    """The check every citation must pass: the quote is in those lines, up to whitespace."""
    return collapse(quote) in collapse("\n".join(lines[line_start - 1 : line_end]))
