"""GET /v1/search: the retrieval contract others build on (passages with their exact source lines)."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from api.auth import User
from assistant.retrieval.service import IndexMissingError, Retriever, UnknownRegionError, build_retriever
from verwijswijzer.settings import get_settings

router = APIRouter(prefix="/v1", tags=["search"])
_lock = threading.Lock()


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


def retriever_of(request: Request) -> Retriever:
    """The app's retriever, loaded once from the index of the app's settings."""
    state = request.app.state
    with _lock:
        if getattr(state, "retriever", None) is None:
            settings = getattr(state, "settings", None) or get_settings()
            state.retriever = build_retriever(settings)
        return state.retriever


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
        retriever = await run_in_threadpool(retriever_of, request)
        hits = await run_in_threadpool(retriever.search, q, region or None, k)
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
