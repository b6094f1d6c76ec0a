"""Fixtures shared by the whole suite: the shipped corpus indexed once, and the real engine over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.engine import Assistant
from verwijswijzer.settings import Settings


@pytest.fixture(scope="session")
def indexed_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped corpus, ingested once for this test session (BM25 only: no model needed)."""
    from ingest.pipeline import run_ingest

    data_dir = tmp_path_factory.mktemp("index")
    report = run_ingest(Settings(data_dir=data_dir, embedder="none"), progress=False)
    assert report.chunks > 0 and not report.failed
    return data_dir


def real_engine(settings: Settings) -> Assistant:
    """The real engine over the test index (its own retriever, not the process-wide one)."""
    from retrieval.service import build_retriever

    return Assistant(settings, retriever=build_retriever(settings))
