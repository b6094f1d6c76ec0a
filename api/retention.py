"""Retention: conversations (and their feedback) idle longer than ``settings.retention_days`` are deleted, and
audit entries older than that (so a conversation's audit trace goes with it).

A sweep runs at start-up and then every hour in each worker; the delete is one SQL statement, so workers sharing
a database sweeping at the same time is harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

SWEEP_EVERY_S = 3600.0
log = logging.getLogger(__name__)


async def sweep(app: FastAPI) -> int:
    days = app.state.settings.retention_days
    store = getattr(app.state.assistant, "store", None)
    audit = getattr(app.state.assistant, "audit", None)
    if days <= 0 or store is None:
        return 0
    try:
        removed = await run_in_threadpool(store.purge_older_than, days)
        if audit is not None:
            await run_in_threadpool(audit.purge_older_than, days)
    except Exception as exc:  # a database that is down now is swept on the next round
        log.warning("retention sweep failed: %s", type(exc).__name__)
        return 0
    if removed:
        log.info("retention: %d conversations older than %d days deleted", removed, days)
    return removed


async def _sweeper(app: FastAPI) -> None:
    while True:
        await sweep(app)
        await asyncio.sleep(SWEEP_EVERY_S)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    task = asyncio.create_task(_sweeper(app))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
