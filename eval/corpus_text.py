"""The shipped corpus files as lines, the ground truth every citation is checked against."""

from __future__ import annotations

from functools import cache

from ingest.quotes import is_verbatim
from verwijswijzer.corpus import Catalogue


class CorpusText:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    @cache  # noqa: B019 - one instance per run, the cache lives as long as the run
    def lines(self, document_id: str) -> list[str] | None:
        try:
            path = self.catalogue.path(document_id)
        except KeyError:
            return None
        return path.read_text(encoding="utf-8").splitlines()

    def is_verbatim(self, document_id: str, line_start: int, line_end: int, quote: str) -> bool:
        lines = self.lines(document_id)
        if lines is None or not quote.strip() or line_start < 1 or line_end < line_start:
            return False
        return is_verbatim(lines, line_start, line_end, quote)

    def versions(self) -> dict[str, str]:
        return {d.id: d.version for d in self.catalogue.documents}
