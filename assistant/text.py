"""Dutch text helpers for answer composition: sentences, content terms, stems."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH

# Question words and filler that say what is asked, not what it is about.
_EXTRA_STOP = {
    "wat", "welke", "welk", "hoe", "hoeveel", "waar", "wanneer", "waarom", "wie", "kan", "kunnen", "mag", "mogen",
    "moet", "moeten", "ik", "we", "wij", "jullie", "ons", "onze", "mijn", "je", "jij", "u", "eigenlijk", "dan",
    "wordt", "worden", "zijn", "is", "heeft", "hebben", "krijgt", "krijgen", "gaat", "gaan", "graag", "toch",
    "nog", "even", "bijvoorbeeld", "daar", "daarvan", "daarnaast", "zo", "er", "een", "het", "de", "volgens",
}
STOPWORDS = frozenset(STOPWORDS_DUTCH) | _EXTRA_STOP

_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[A-Za-zÀ-ÿ0-9]+(?:['’][a-z]+)?", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(]?[A-Z0-9ÀÉ•])")
_BULLET = re.compile(r"^\s*(?:[•▪➢*o-]|\d+[.)]|[a-z][.)])\s+")


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("dutch")


def tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (no stopwords, no single letters)."""
    words = [t for t in tokens(text) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
    return _stemmer().stemWords(words)


def sentences(text: str) -> list[str]:
    """Split cleaned passage text into sentences; list items and lines ending in ':' stay units."""
    out: list[str] = []
    for block in text.split("\n"):
        block = block.strip()
        if not block:
            continue
        out.extend(s.strip() for s in _SENTENCE_END.split(block) if s.strip())
    return out


@dataclass(frozen=True)
class Unit:
    """A sentence of a passage, a list item, or a heading line."""

    text: str
    kind: str  # "sentence" | "item" | "item-more" (a later sentence of an item) | "heading"


_TERMINAL = (".", ":", "?", "!", ";")


def units(text: str, headings: Collection[str] = ()) -> list[Unit]:
    """Sentences, list items and headings of cleaned passage text (one line of it is one block).

    ``headings`` are the lines ingest found to be headings ("3. Light-contracten altijd in overleg …"); elsewhere
    lines after a line ending in ':' are list items while they stay short, and a short line without end
    punctuation is a heading. Headings are context, never evidence.
    """
    out: list[Unit] = []
    in_list = False
    for block in text.split("\n"):
        block = block.strip()
        if not block:
            in_list = False
            continue
        if block in headings:
            out.append(Unit(block, "heading"))
            in_list = False
            continue
        n_words = len(block.split())
        if in_list and n_words <= 45:
            out.append(Unit(block, "item"))
            continue
        if n_words <= 8 and not block.endswith(_TERMINAL):
            out.append(Unit(block, "heading"))
            in_list = False
            continue
        parts = [p.strip() for p in _SENTENCE_END.split(block) if p.strip()]
        if is_list_item(block):
            # The later sentences of a bulleted item finish that item ("item-more"): scored on their own,
            # shown with it.
            out.extend(Unit(p, "item" if k == 0 else "item-more") for k, p in enumerate(parts))
        else:
            out.extend(Unit(p, "item" if is_list_item(p) else "sentence") for p in parts)
        in_list = block.endswith(":")
    return out


def in_list(kind: str) -> bool:
    """Whether a unit of this kind is (part of) a list item."""
    return kind in ("item", "item-more")


def is_list_item(sentence: str) -> bool:
    return bool(_BULLET.match(sentence))


def strip_bullet(sentence: str) -> str:
    return _BULLET.sub("", sentence, count=1)
