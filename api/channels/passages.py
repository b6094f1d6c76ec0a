"""GET /v1/passages/{document_id}: a cited passage in its context, so a reader can check the quote.

Returns the section around the cited lines (from the index's chunks; a window of lines when there is no index)
with the cited lines flagged and, given the quote, the exact character spans to highlight.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from api.auth import User
from ingest.loaders import LoadError, source_lines
from ingest.models import Chunk
from ingest.quotes import collapse
from ingest.store import ChunkStore
from verwijswijzer.corpus import load_catalogue
from verwijswijzer.settings import Settings

router = APIRouter(prefix="/v1", tags=["chat"])
WINDOW = 8  # lines of context either side when the section is unknown
MAX_CONTEXT = 60  # lines either side of the cited lines, at most


class Mark(BaseModel):
    line: int
    start: int  # character offsets in the line, end exclusive
    end: int


class PassageLine(BaseModel):
    n: int
    text: str
    cited: bool


class Passage(BaseModel):
    document_id: str
    title: str
    section: str
    line_start: int  # of the context shown
    line_end: int
    cited_start: int
    cited_end: int
    lines: list[PassageLine]
    marks: list[Mark]  # the quote's position; empty when no quote was given or it was not found


def _document_chunks(engine: object, document_id: str) -> list[Chunk]:
    try:
        chunks = engine.retriever.chunks()  # type: ignore[attr-defined]
    except Exception:  # no index built (yet), or an engine without a retriever: fall back to a window
        return []
    return sorted((c for c in chunks if c.document_id == document_id), key=lambda c: c.line_start)


def _context(chunks: list[Chunk], a: int, b: int, total: int) -> tuple[str, int, int]:
    """The section holding lines a..b and the line range of its contiguous chunks."""
    hit = next((c for c in chunks if c.line_start <= b and c.line_end >= a), None)
    if hit is None:
        return "", max(1, a - WINDOW), min(total, b + WINDOW)
    same = [c for c in chunks if c.section == hit.section]
    start, end = hit.line_start, hit.line_end
    for c in same:  # grow over neighbouring chunks of the same section
        if c.line_start <= end + 1 and c.line_end >= start - 1:
            start, end = min(start, c.line_start), max(end, c.line_end)
    return hit.section, max(1, min(start, a), a - MAX_CONTEXT), min(total, max(end, b), b + MAX_CONTEXT)


def quote_marks(lines: list[str], a: int, b: int, quote: str) -> list[Mark]:
    """Character spans of ``quote`` (whitespace-collapsed, as citations hold it) in lines a..b."""
    chars: list[str] = []
    where: list[tuple[int, int] | None] = []  # (line, column); None for a line break
    for n in range(a, b + 1):
        for col, ch in enumerate(lines[n - 1] + "\n"):
            is_break = col == len(lines[n - 1])
            if ch.isspace():
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    where.append(None if is_break else (n, col))
            else:
                chars.append(ch)
                where.append((n, col))
    needle = collapse(quote)
    at = "".join(chars).find(needle) if needle else -1
    if at < 0:
        return []
    spans: dict[int, list[int]] = {}
    for pos in where[at: at + len(needle)]:
        if pos is not None:
            line, col = pos
            span = spans.setdefault(line, [col, col + 1])
            span[0], span[1] = min(span[0], col), max(span[1], col + 1)
    return [Mark(line=n, start=s, end=e) for n, (s, e) in sorted(spans.items())]


def _title(settings: Settings, document_id: str, chunks: list[Chunk]) -> str:
    if chunks:
        return chunks[0].title
    try:
        return load_catalogue(settings.corpus_dir).document(document_id).title
    except KeyError:  # an uploaded document: the index knows its title
        state = ChunkStore(settings.data_dir).load().documents.get(document_id)
        return state.title if state else document_id


def build_passage(engine: object, settings: Settings, document_id: str, line_start: int, line_end: int,
                  quote: str | None) -> Passage:
    try:
        lines = source_lines(document_id, settings)
    except (KeyError, LoadError, OSError) as exc:
        raise HTTPException(404, "Onbekend document.") from exc
    if line_end < line_start or line_end > len(lines):
        raise HTTPException(422, f"Regels {line_start}–{line_end} liggen niet binnen het document "
                                 f"(1–{len(lines)}).")
    chunks = _document_chunks(engine, document_id)
    section, start, end = _context(chunks, line_start, line_end, len(lines))
    return Passage(
        document_id=document_id, title=_title(settings, document_id, chunks), section=section,
        line_start=start, line_end=end, cited_start=line_start, cited_end=line_end,
        lines=[PassageLine(n=n, text=lines[n - 1], cited=line_start <= n <= line_end) for n in range(start, end + 1)],
        marks=quote_marks(lines, line_start, line_end, quote) if quote else [],
    )


@router.get("/passages/{document_id}", response_model=Passage)
async def passage(document_id: str, request: Request, _who: User,
                  line_start: Annotated[int, Query(ge=1)], line_end: Annotated[int, Query(ge=1)],
                  quote: Annotated[str | None, Query(max_length=4000)] = None) -> Passage:
    """The cited lines in their section, with the quote's position for highlighting."""
    return await run_in_threadpool(build_passage, request.app.state.assistant, request.app.state.settings,
                                   document_id, line_start, line_end, quote)
