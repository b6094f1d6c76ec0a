"""Citations: numbered, verbatim quotes of the corpus that an answer rests on."""

from __future__ import annotations

from collections.abc import Callable

from assistant.answer import Citation
from ingest.models import Chunk
from ingest.quotes import Quote, collapse, locate

SourceLines = Callable[[str], list[str]]


class CitationBuilder:
    """Collects citations for one answer, numbering them [1], [2] … and reusing a number for the same lines."""

    def __init__(self, source_lines: SourceLines, titles: dict[str, str]) -> None:
        self._lines = source_lines
        self._titles = titles
        self.citations: list[Citation] = []

    def _add(self, document_id: str, section: str, line_start: int, line_end: int, quote: str,
             page: int | None = None) -> int:
        for c in self.citations:
            if c.document_id == document_id and c.line_start <= line_start and line_end <= c.line_end:
                return c.n
        n = len(self.citations) + 1
        self.citations.append(Citation(n=n, document_id=document_id, title=self._titles.get(document_id, document_id),
                                       section=section, line_start=line_start, line_end=line_end, page=page,
                                       quote=quote))
        return n

    def cite_sentences(self, chunk: Chunk, sentences: list[str]) -> int:
        """Cite the exact source span of ``sentences`` (consecutive text of ``chunk``); returns the marker."""
        lines = self._lines(chunk.document_id)
        spans = [q for s in sentences if (q := locate(lines, chunk.line_start, chunk.line_end, s))]
        if not spans:
            quote = collapse("\n".join(lines[chunk.line_start - 1 : chunk.line_end]))
            return self._add(chunk.document_id, chunk.section, chunk.line_start, chunk.line_end, quote, chunk.page)
        start = min(q.line_start for q in spans)
        end = max(q.line_end for q in spans)
        return self._add(chunk.document_id, chunk.section, start, end, _span_quote(lines, start, end, spans),
                         chunk.page)

    def copy(self) -> CitationBuilder:
        other = CitationBuilder(self._lines, self._titles)
        other.citations = list(self.citations)
        return other

    def merge(self, other: CitationBuilder) -> dict[int, int]:
        """Take over ``other``'s citations (a number already given to the same lines is reused); returns its
        numbers -> the numbers they have here."""
        return {c.n: self._add(c.document_id, c.section, c.line_start, c.line_end, c.quote, c.page)
                for c in other.citations}

    def keep(self, used: set[int]) -> dict[int, int]:
        """Drop citations not in ``used`` and renumber the rest 1..n; returns old -> new numbers."""
        mapping: dict[int, int] = {}
        kept = []
        for c in self.citations:
            if c.n in used:
                mapping[c.n] = len(kept) + 1
                kept.append(c.model_copy(update={"n": len(kept) + 1}))
        self.citations = kept
        return mapping

    def cite_rule(self, document_id: str, line_start: int, line_end: int, quote: str, section: str = "") -> int:
        return self._add(document_id, section, line_start, line_end, collapse(quote))


def _span_quote(lines: list[str], start: int, end: int, spans: list[Quote]) -> str:
    """One verbatim quote from the first to the last quoted sentence (what lies between is kept)."""
    if len(spans) == 1:
        return spans[0].text
    window = collapse("\n".join(lines[start - 1 : end]))
    first = min(spans, key=lambda q: (q.line_start, window.find(q.text)))
    last = max(spans, key=lambda q: (q.line_end, window.rfind(q.text)))
    i = window.find(first.text)
    j = window.rfind(last.text)
    if i < 0 or j < 0 or j < i:
        return first.text
    return window[i : j + len(last.text)]
