"""Liveness (/health) and readiness (/ready), and the 503 for a backend that is down.

/ready answers 200 only when the chunk index is loaded, the vector store answers its heartbeat and the
conversation database answers a query; otherwise 503 with a Dutch message per failing part. Nothing is cached
between calls, so it turns 200 again by itself when the backend returns (a load balancer keeps polling).
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)

INDEX_DOWN = "De zoekindex is niet geladen: {reason}"
VECTORS_DOWN = "De vectorzoekmachine (Chroma) is niet bereikbaar."
DATABASE_DOWN = "De gespreksdatabase is niet bereikbaar."
UNAVAILABLE = ("Verwijswijzer is tijdelijk niet beschikbaar: de zoekindex of database is niet bereikbaar. "
               "Probeer het over een minuut opnieuw.")


@router.get("/health")
def health() -> dict[str, str]:
    """The process is up (it says nothing about its backends; see /ready)."""
    return {"status": "ok"}


def readiness_problems(assistant: Any) -> list[str]:
    problems: list[str] = []
    if hasattr(assistant, "retriever"):
        try:
            retriever = assistant.retriever
        except Exception as exc:  # no index yet, unreadable index, embedder that fails to load
            retriever = None
            problems.append(INDEX_DOWN.format(reason=exc))
        store = getattr(retriever, "vector_store", None)
        if store is not None and not store.ping():
            problems.append(VECTORS_DOWN)
    try:
        assistant.store.load("__ready__")
    except Exception:
        problems.append(DATABASE_DOWN)
    return problems


@router.get("/ready", responses={503: {"description": "Een onderdeel is (nog) niet beschikbaar"}})
async def ready(request: Request) -> JSONResponse:
    """200 when the index is loaded and the vector store and database answer; 503 with the reason otherwise."""
    problems = await run_in_threadpool(readiness_problems, request.app.state.assistant)
    if problems:
        return JSONResponse({"status": "unavailable", "detail": " ".join(problems), "problems": problems},
                            status_code=503, headers={"Retry-After": "10"})
    return JSONResponse({"status": "ready"})


def backend_down(exc: BaseException | None) -> bool:
    """The error, or one it was raised from, means a backend is unreachable (not that the request is bad).
    Chroma's client, for one, reports a refused connection as a ValueError raised while handling it."""
    from sqlalchemy.exc import OperationalError

    from retrieval.service import IndexMissingError

    down = (ConnectionError, TimeoutError, httpx.TransportError, OperationalError, IndexMissingError)
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, down):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


async def unavailable(request: Request, exc: Exception) -> JSONResponse:
    if not backend_down(exc):
        return JSONResponse({"detail": "Interne fout; de beheerder kan die in het log terugvinden."}, status_code=500)
    log.warning("backend unavailable on %s: %s", request.url.path, type(exc).__name__)
    return JSONResponse({"detail": UNAVAILABLE}, status_code=503, headers={"Retry-After": "10"})


def install_unavailable_handler(app: FastAPI) -> None:
    from sqlalchemy.exc import OperationalError

    from retrieval.service import IndexMissingError

    # The direct types are answered quietly; any other error is checked for a backend failure it was raised from.
    for error in (ConnectionError, TimeoutError, httpx.TransportError, OperationalError, IndexMissingError, Exception):
        app.add_exception_handler(error, unavailable)
