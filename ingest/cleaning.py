"""Cleaning of PDF-extraction artifacts, line by line, without losing track of the source lines.

The corpus texts are PDF extractions: a blank line after every visual line, page starts marked by one leading
space, page footers and page numbers dropped mid-sentence, link targets repeated as standalone lines, bullet
glyphs (•, ▪, o, Wingdings "z", U+FFFD), compounds broken at a hyphen over two lines. Here every line is
classified (text, blank, paragraph break, dropped) and normalised; joining into paragraphs happens in
``ingest.chunking`` so every piece of text keeps its line number.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Literal

LineKind = Literal["text", "blank", "break", "drop"]

_TRANSLATE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u202f": " ", "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\t": " ",
    "\u00ad": "",  # soft hyphen
})
_SPACES = re.compile(r"\s+")
_URL_LINE = re.compile(r"^(?:https?://|www\.|mailto:|tel:)\S*$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
# Bullet glyphs at the start of a line; "z" is a Wingdings bullet that only occurs after a tab.
_BULLET = re.compile(r"^(?:[•▪➢✓*·◦\ufffd]|[-–](?=\s)|o(?=\s)|z(?=\s))\s*")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
SUSPENDED_HYPHEN_NEXT = {"en", "of", "tot", "en/of", "als", "noch"}


def normalise(text: str) -> str:
    """Matching form of a line: NFC, straight quotes, U+202F and tabs as spaces, whitespace collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).translate(_TRANSLATE)).strip()


@dataclass
class Line:
    number: int  # 1-based line in the source
    raw: str
    text: str  # normalised, bullet glyph removed
    kind: LineKind
    bullet: bool = False
    page_start: bool = False  # one leading space: the first line of a PDF page


def _strip_bullet(raw: str, text: str) -> tuple[str, bool]:
    match = _BULLET.match(text)
    if not match:
        return text, False
    glyph = text[: match.end()].strip()
    if glyph == "z" and not raw.startswith("\t"):
        return text, False  # the word "z" never starts a sentence; only a tabbed z is a bullet
    rest = text[match.end() :]
    if not rest or (glyph in {"o", "-", "–"} and not rest[:1].isalnum()):
        return text, False
    return rest, True


def _footer_lines(texts: list[str]) -> set[str]:
    """Running footers: lines repeated 3+ times that sit next to a standalone page number."""
    counts = Counter(t for t in texts if len(t.split()) >= 3)
    repeated = {t for t, n in counts.items() if n >= 3}
    footers: set[str] = set()
    for i, t in enumerate(texts):
        if t in repeated and any(_PAGE_NUMBER.match(texts[j]) for j in range(max(0, i - 4), min(len(texts), i + 5))):
            footers.add(t)
    return footers


def _page_footer_at(texts: list[str], i: int) -> bool:
    """A one-off footer: a short line after the blank run of a page end, followed by a page number."""
    if not texts[i] or len(texts[i].split()) > 12 or i < 2 or texts[i - 1] or texts[i - 2]:
        return False
    following = [t for t in texts[i + 1 : i + 4] if t]
    return bool(following) and bool(_PAGE_NUMBER.match(following[0]))


def classify(raw_lines: list[str]) -> list[Line]:
    texts = [normalise(r) for r in raw_lines]
    footers = _footer_lines(texts)
    footer_at = {i for i, t in enumerate(texts) if t in footers or _page_footer_at(texts, i)}
    lines: list[Line] = []
    after_url = False
    for i, (raw, text) in enumerate(zip(raw_lines, texts, strict=True)):
        number = i + 1
        if not text:
            lines.append(Line(number, raw, "", "break" if raw else "blank"))
            continue
        kind: LineKind = "text"
        if i in footer_at or _URL_LINE.match(text):
            kind = "drop"
        elif after_url and " " not in text and (len(text) <= 3 or any(c in text for c in "/.%=&")):
            kind = "drop"  # the tail of a URL broken over two lines
        elif _PAGE_NUMBER.match(text) and (
            any(j in footer_at for j in range(max(0, i - 4), i + 5))
            or (i >= 2 and not texts[i - 1] and not texts[i - 2])
        ):
            kind = "drop"  # page number: next to a footer, or after the blank run of a page break
        after_url = kind == "drop" and (bool(_URL_LINE.match(text)) or after_url)
        body, bullet = _strip_bullet(raw, text) if kind == "text" else (text, False)
        lines.append(Line(number, raw, body, kind, bullet=bullet,
                          page_start=raw.startswith(" ") and not raw.startswith("  ")))
    return lines


def vocabulary(lines: list[Line]) -> set[str]:
    """Lower-cased words of a document: decides whether a hyphen at a line end splits a word or a compound."""
    return {w.lower() for line in lines if line.kind == "text" for w in _WORD.findall(line.text)}


def join_lines(parts: list[str], vocab: set[str]) -> str:
    """Join the lines of one paragraph, mending hyphenation at line ends.

    ``stimu-`` + ``leren`` → ``stimuleren`` when the joined word occurs in the document; ``Noord-`` +
    ``Limburg`` → ``Noord-Limburg``; ``hulp-`` + ``of`` keeps the space (a suspended compound).
    """
    out = ""
    for part in parts:
        if not out:
            out = part
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and part[:1].isalpha():
            head = _WORD.findall(out)[-1] if _WORD.findall(out) else ""
            next_word = part.split()[0].rstrip(".,;:")
            if next_word.lower() in SUSPENDED_HYPHEN_NEXT:
                out = f"{out} {part}"
            elif part[0].islower() and (head + _WORD.match(part).group(0)).lower() in vocab:  # type: ignore[union-attr]
                out = out[:-1] + part
            else:
                out = out + part
        else:
            out = f"{out} {part}"
    return out
