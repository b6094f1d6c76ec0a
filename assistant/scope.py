"""What the documents cover: a question about a place or a product outside them is told so, not answered with a
nearby passage.

- A place: a Dutch municipality, region or province (the place lists of ``deduce``) that the question asks about
  ("in Utrecht", "voor de regio Midden-Limburg") and that is none of the documents' regions or their
  municipalities (a handbook that mentions a neighbouring region does not describe it; "Limburg" holds
  Noord-Limburg and is not outside). A place told as the case's background ("komt uit Utrecht") does not count.
- A product: named in the question, known to another region's rule data, not to the asking region's, and not
  written anywhere in the asking region's documents ("GGZ zwaar" asked in Lelystad).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.privacy.lookups import name_lists
from assistant.privacy.names import words_of
from rules.products import find_products
from verwijswijzer.corpus import Catalogue

_SCOPE_CUE = re.compile(r"(?:\b(?:in|voor|binnen|bij|regio|gemeente|provincie)\s+(?:de\s+)?(?:regio\s+|gemeente\s+)?)$",
                        re.I)
_MAX_PLACE_WORDS = 4


@dataclass(frozen=True)
class OutOfScope:
    what: str  # as the question writes it
    covered: list[str]  # what the documents do cover instead (region names, or the regions with the product)
    kind: str  # "place" | "product"


def place_outside(question: str, catalogue: Catalogue) -> OutOfScope | None:
    """The first place the question asks about that the documents do not cover."""
    areas = name_lists().areas
    known = [n.lower() for r in catalogue.regions for n in (r.name, *r.municipalities)]
    words = words_of(question)
    for i in range(len(words)):
        for n in range(min(_MAX_PLACE_WORDS, len(words) - i), 0, -1):
            last = words[i + n - 1]
            name = question[words[i].start:last.end]
            if name not in areas or not _SCOPE_CUE.search(question[:words[i].start]):
                continue
            if any(f" {_plain(name)} " in f" {_plain(k)} " for k in known):
                return None  # the question is about a place the documents cover
            return OutOfScope(name, [r.name for r in catalogue.regions], "place")
    return None


def _plain(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").split())


def product_elsewhere(question: str, region: str, catalogue: Catalogue,
                      in_documents: Callable[[str], bool]) -> OutOfScope | None:
    """A product the question names that only other regions have."""
    if find_products(region, question):
        return None
    for other in catalogue.regions:
        if other.id == region:
            continue
        for mention in find_products(other.id, question):
            if mention.product is None and mention.family is None:
                continue
            if not in_documents(mention.text):
                having = [r.name for r in catalogue.regions if r.id != region and find_products(r.id, mention.text)]
                return OutOfScope(mention.text, having, "product")
    return None
