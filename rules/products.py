"""Products per region: the catalogue, the resolver (free text -> product) and product mentions in questions.

Matching is on a normalised copy of the text that keeps every character's position (lower case, accents
stripped, punctuation and hyphens as spaces), so a mention's span points into the original question.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache
from itertools import pairwise
from typing import Literal

from pydantic import BaseModel

from rules.errors import UnknownProduct
from rules.loader import check_region, load
from rules.models import Family, Product, ProductCatalogue


class ProductRef(BaseModel):
    id: str
    name: str
    codes: list[str] = []
    unit: str | None = None


class FamilyRef(BaseModel):
    id: str
    name: str


class Resolution(BaseModel):
    """What a name refers to: one product, a family with candidates to choose from, or nothing known."""

    query: str
    region: str
    status: Literal["resolved", "ambiguous", "unknown"]
    product: ProductRef | None = None
    family: FamilyRef | None = None
    candidates: list[ProductRef] = []
    question: str | None = None  # the Dutch question that picks one of the candidates


class ProductMention(Resolution):
    """A product named somewhere in a question: the resolution plus the matched span."""

    text: str
    start: int
    end: int

    @property
    def ambiguous(self) -> bool:
        return self.status == "ambiguous"


def normalise(text: str) -> str:
    """Same length as ``text``: lower case, accents stripped, everything but letters and digits a space."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)[:1].lower() or " "
        out.append(base if base.isalnum() else " ")
    return "".join(out)


def _alias_pattern(alias: str) -> re.Pattern[str]:
    """Regex for an alias: tokens separated by any whitespace (optional between letters and digits, so 'p1',
    'p 1', 'perspectief-1' all match), an optional plural ending, and word boundaries."""
    tokens = re.findall(r"[a-z]+|[0-9]+", normalise(alias))
    parts = [re.escape(tokens[0])]
    for prev, tok in pairwise(tokens):
        sep = r"\s*" if prev[-1].isdigit() != tok[0].isdigit() else r"\s+"
        parts.append(sep + re.escape(tok))
    plural = r"(?:s|en|n|e)?" if tokens[-1][-1].isalpha() else ""
    return re.compile(r"(?<![a-z0-9])" + "".join(parts) + plural + r"(?![a-z0-9])")


_SERIES_WORDS = ("perspectief", "profiel")  # products numbered in a series


class _Index:
    """Every alias of a region with what it names, compiled once."""

    def __init__(self, catalogue: ProductCatalogue) -> None:
        self.catalogue = catalogue
        self.products = {p.id: p for p in catalogue.products}
        self.families = {f.id: f for f in catalogue.families}
        entries: dict[str, tuple[str, str]] = {}
        for fam in catalogue.families:
            for alias in [fam.name, *fam.aliases]:
                entries.setdefault(_key(alias), ("family", fam.id))
        for prod in catalogue.products:
            for alias in [prod.name, *prod.aliases, *prod.codes]:
                # A product alias wins over a family alias with the same text.
                entries[_key(alias)] = ("product", prod.id)
        self.patterns = [(kind, ref, _alias_pattern(key)) for key, (kind, ref) in entries.items() if key]
        self.exact = {key: (kind, ref) for key, (kind, ref) in entries.items()}
        # The numbers each series has ("perspectief": [1, 2] in Noord-Limburg, "profiel": [1 … 10] in WBW).
        names = [*(f.name for f in catalogue.families), *(p.name for p in catalogue.products)]
        self.series = {word: sorted({int(m.group(1)) for name in names
                                     for m in re.finditer(rf"\b{word}\s?(\d{{1,2}})\b", name, re.I)})
                       for word in _SERIES_WORDS}

    def members(self, family_id: str) -> list[Product]:
        return [p for p in self.catalogue.products if family_id in p.families]

    def candidates(self, family_id: str) -> list[Product]:
        return [p for p in self.members(family_id) if p.candidate]


def _key(text: str) -> str:
    return " ".join(normalise(text).split())


@cache
def _index(region: str) -> _Index | None:
    catalogue = load(region, "products", ProductCatalogue)
    return _Index(catalogue) if catalogue else None


def catalogue(region: str) -> ProductCatalogue | None:
    check_region(region)
    index = _index(region)
    return index.catalogue if index else None


def get_product(region: str, product_id: str) -> Product:
    index = _index(check_region(region))
    if index is None or product_id not in index.products:
        raise UnknownProduct(region, product_id, [])
    return index.products[product_id]


def get_family(region: str, family_id: str) -> Family:
    index = _index(check_region(region))
    assert index is not None
    return index.families[family_id]


def members_of(region: str, family_id: str) -> list[Product]:
    index = _index(check_region(region))
    assert index is not None
    return index.members(family_id)


def ref(product: Product) -> ProductRef:
    return ProductRef(id=product.id, name=product.name, codes=product.codes, unit=product.unit)


def _family_resolution(index: _Index, region: str, query: str, family_id: str, context: str) -> Resolution:
    """A family named: narrow it by a variant word elsewhere in the text, else ask which one."""
    fam = index.families[family_id]
    members = index.members(family_id)
    norm = f" {_key(context)} "
    hits = [p for p in members if p.variant and f" {_key(p.variant)} " in norm]
    if not hits:  # "per etmaal …, licht" names "etmaal licht/midden" word by word: each word, or one of a/b
        words = set(norm.split())
        hits = [p for p in members if p.variant and all(
            words & set(_key(alternatives).split()) for alternatives in p.variant.split())]
    if len(hits) == 1:
        return Resolution(query=query, region=region, status="resolved", product=ref(hits[0]),
                          family=FamilyRef(id=fam.id, name=fam.name))
    candidates = hits or index.candidates(family_id)
    if len(candidates) == 1:
        return Resolution(query=query, region=region, status="resolved", product=ref(candidates[0]),
                          family=FamilyRef(id=fam.id, name=fam.name))
    return Resolution(query=query, region=region, status="ambiguous", family=FamilyRef(id=fam.id, name=fam.name),
                      candidates=[ref(p) for p in candidates], question=fam.question)


def _scan(index: _Index, text: str) -> list[tuple[int, int, str, str]]:
    """Non-overlapping alias matches (start, end, kind, id), longest first, in text order."""
    norm = normalise(text)
    found: list[tuple[int, int, str, str]] = []
    for kind, ref_id, pattern in index.patterns:
        found.extend((m.start(), m.end(), kind, ref_id) for m in pattern.finditer(norm))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    taken: list[tuple[int, int, str, str]] = []
    for hit in found:
        if all(hit[1] <= t[0] or hit[0] >= t[1] for t in taken):
            taken.append(hit)
    return sorted(taken)


def find_products(region: str, text: str) -> list[ProductMention]:
    """Every product or product family named in ``text`` (longest alias wins), with its span.

    A family mention (e.g. 'GGZ', 'P1', 'Duurzaam') is narrowed when a variant word of that family occurs
    elsewhere in the text ('meerwerk', 'zwaar', 'profiel 6'); otherwise it is ambiguous with candidates.
    """
    index = _index(check_region(region))
    if index is None:
        return []
    hits = _scan(index, text)
    mentions = []
    for start, end, kind, ref_id in hits:
        span = text[start:end]
        if kind == "product":
            res = Resolution(query=span, region=region, status="resolved", product=ref(index.products[ref_id]))
        else:
            rest = text[:start] + " " * (end - start) + text[end:]
            res = _family_resolution(index, region, span, ref_id, rest)
            res = _intersect_families(index, res, [(k, r) for s, e, k, r in hits if (s, e) != (start, end)])
        mentions.append(ProductMention(text=span, start=start, end=end, **res.model_dump()))
    return _merge_family_pairs(mentions, text)


def _intersect_families(index: _Index, res: Resolution, others: list[tuple[str, str]]) -> Resolution:
    """'profiel 6 ... intensief': two family mentions that share exactly one product name that product."""
    if res.status != "ambiguous" or res.family is None:
        return res
    mine = {p.id for p in index.members(res.family.id)}
    for kind, other in others:
        if kind != "family" or other == res.family.id:
            continue
        common = [p for p in index.members(other) if p.id in mine]
        if len(common) == 1:
            return res.model_copy(update={"status": "resolved", "product": ref(common[0]), "candidates": [],
                                          "question": None})
    return res


def _merge_family_pairs(mentions: list[ProductMention], text: str) -> list[ProductMention]:
    """Two family mentions resolved to the same product ('profiel 3' + 'perspectief') become one mention."""
    out: list[ProductMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (prev and m.product and prev.product and prev.product.id == m.product.id and m.family and prev.family
                and m.family.id != prev.family.id):
            out[-1] = prev.model_copy(update={"end": m.end, "text": text[prev.start:m.end]})
            continue
        out.append(m)
    return out


def suggestions(region: str, text: str, limit: int = 5) -> list[ProductRef]:
    """Closest product names for an unknown name (never used as an answer, only offered as candidates)."""
    index = _index(region)
    if index is None:
        return []
    names: dict[str, str] = {}
    for prod in index.catalogue.products:
        for alias in [prod.name, *prod.aliases, *prod.codes]:
            names.setdefault(_key(alias), prod.id)
    close = difflib.get_close_matches(_key(text), list(names), n=limit * 3, cutoff=0.6)
    seen: list[str] = []
    for name in close:
        if names[name] not in seen:
            seen.append(names[name])
    return [ref(index.products[pid]) for pid in seen[:limit]]


def resolve(region: str, text: str) -> Resolution:
    """Map a product name to one product, or to candidates when it is ambiguous or unknown — never a guess."""
    index = _index(check_region(region))
    if index is None:
        return Resolution(query=text, region=region, status="unknown")
    exact = index.exact.get(_key(text))
    if exact and exact[0] == "product":
        return Resolution(query=text, region=region, status="resolved", product=ref(index.products[exact[1]]))
    mentions = find_products(region, text)
    if not mentions:
        return Resolution(query=text, region=region, status="unknown", candidates=suggestions(region, text))
    products = {m.product.id for m in mentions if m.product}
    if len(mentions) == 1 or (len(products) == 1 and all(m.product for m in mentions)):
        return Resolution(**mentions[0].model_dump(exclude={"text", "start", "end"}) | {"query": text})
    candidates: dict[str, ProductRef] = {}
    for m in mentions:
        for c in [m.product] if m.product else m.candidates:
            candidates.setdefault(c.id, c)
    return Resolution(query=text, region=region, status="ambiguous", candidates=list(candidates.values()),
                      question="Welk product bedoel je?")


def require(region: str, text: str) -> Resolution:
    """``resolve`` for rule functions: an unknown product raises UnknownProduct with the candidates."""
    res = resolve(region, text)
    if res.status == "unknown":
        raise UnknownProduct(region, text, [c.model_dump(include={"id", "name"}) for c in res.candidates])
    return res


# A product of a numbered series: "Perspectief 3", "profiel 12", "P3" (P is the region's own series word).
_SERIES = re.compile(rf"\b({'|'.join(_SERIES_WORDS)}|p)\s?(\d{{1,2}})\b", re.I)


class UnknownNumber(BaseModel):
    """A numbered product the region does not have, as written, with the numbers its series does have."""

    written: str
    options: list[str]


def unknown_number(region: str, text: str) -> UnknownNumber | None:
    """The first numbered product in ``text`` whose number the region's catalogue lacks ("Perspectief 3" in
    Noord-Limburg, which has Perspectief 1 and 2), or None."""
    index = _index(check_region(region))
    if index is None:
        return None
    for m in _SERIES.finditer(text):
        word, number = m.group(1).lower(), int(m.group(2))
        if word == "p":  # the series the region numbers: Perspectief in Noord-Limburg, Profiel in WBW
            numbered = [w for w, ns in index.series.items() if ns]
            if len(numbered) != 1:
                continue
            word = numbered[0]
        if index.series[word] and number not in index.series[word]:
            return UnknownNumber(written=m.group(0),
                                 options=[f"{word.capitalize()} {n}" for n in index.series[word]])
    return None
