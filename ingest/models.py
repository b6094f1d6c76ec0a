"""The unit everything downstream works on: a chunk of cleaned text that knows where it came from."""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, Field


class Chunk(BaseModel):
    """A retrievable passage.

    ``text`` is the cleaned text (paragraphs re-joined, artifacts removed); ``line_start``/``line_end`` are the
    1-based lines of the shipped corpus file it was cleaned from (for PDFs, lines of the page text and ``page``).
    ``section`` is the heading path, e.g. "3.4 Ambulant > 3.4.2 Ambulante hulp Perspectief 1".
    """

    id: str
    document_id: str
    region: str
    title: str
    section: str = ""
    text: str
    line_start: int
    line_end: int
    page: int | None = None
    block: Literal["text", "table"] = "text"
    headings: list[str] = []  # the heading lines inside ``text`` (context for what follows, never evidence)
    content_hash: str = Field(default="", description="sha256 of the embedded text; keys the embedding cache")

    def embed_text(self) -> str:
        """What is embedded and BM25-indexed: the section path carries the context a paragraph lacks."""
        return f"{self.title} — {self.section}\n{self.text}" if self.section else f"{self.title}\n{self.text}"

    def model_post_init(self, __context: object) -> None:
        if not self.content_hash:
            self.content_hash = hashlib.sha256(self.embed_text().encode("utf-8")).hexdigest()
