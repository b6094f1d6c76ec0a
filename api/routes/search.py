"""GET /v1/search: the retrieval contract others build on (passages with their exact source lines)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from api.auth import User
from retrieval.index import Index, shared_index
from retrieval.service import IndexMissingError, UnknownRegionError

router = APIRouter(prefix="/v1", tags=["search"])


class SearchResult(BaseModel):
    document_id: str
    title: str
    section: str
    line_start: int  # 1-based lines of the shipped corpus file
    line_end: int
    page: int | None
    text: str
    score: float


class SearchResponse(BaseModel):
    results: list[SearchResult]


def index_of(request: Request) -> Index:
    """The index chat answers from (so search and chat see the same documents), or the data folder's."""
    index = getattr(request.app.state.assistant, "index", None)
    return index if index is not None else shared_index(request.app.state.settings)


@router.get("/search", response_model=SearchResponse)
async def search(
    request: Request,
    who: User,
    q: Annotated[str, Query(max_length=2000, description="De zoekvraag")] = "",
    region: Annotated[str | None, Query(description="noord-limburg, west-brabant-west, haarlem of lelystad")] = None,
    k: Annotated[int, Query(ge=1, le=50)] = 5,
) -> SearchResponse:
    """Best passages for a question, from the region's documents and the general ones."""
    if not q.strip():
        raise HTTPException(422, "Lege zoekvraag: geef q=... op.")
    # The query is redacted like a chat message before it is searched (and it is never logged: api.access_log).
    q = (await run_in_threadpool(request.app.state.assistant.redactor.redact, q)).text
    try:
        hits = await run_in_threadpool(index_of(request).search, q, region or None, k)
    except UnknownRegionError as exc:
        raise HTTPException(422, str(exc)) from exc
    except IndexMissingError as exc:
        raise HTTPException(503, str(exc)) from exc
    return SearchResponse(results=[
        SearchResult(document_id=h.chunk.document_id, title=h.chunk.title, section=h.chunk.section,
                     line_start=h.chunk.line_start, line_end=h.chunk.line_end, page=h.chunk.page,
                     text=h.chunk.text, score=h.score)
        for h in hits
    ])
