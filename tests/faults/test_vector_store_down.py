"""Vector store down: /ready and chat answer 503 with a Dutch message, and both recover by themselves."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.procs import free_port, ingest, kill_quietly, small_corpus, start_api, start_chroma, stop, wait_for


@pytest.mark.slow
def test_chroma_outage_gives_503_and_recovers(tmp_path: Path) -> None:
    chroma_port, api_port = free_port(), free_port()
    settings = {"corpus_dir": str(small_corpus(tmp_path / "corpus")), "data_dir": str(tmp_path / "data"),
                "chroma_mode": "http", "chroma_port": chroma_port, "rate_limit_per_minute": 0}
    chroma = start_chroma(tmp_path / "chroma", chroma_port)
    api = None
    try:
        ingest(settings)
        api = start_api(settings, api_port)
        base = f"http://127.0.0.1:{api_port}"
        question = {"message": "Wanneer is een light-contract mogelijk?", "region": "haarlem"}
        assert wait_for(f"{base}/ready", timeout=120).json()["status"] == "ready"
        assert httpx.post(f"{base}/v1/chat", json=question, timeout=30).status_code == 200

        stop(chroma)
        ready = httpx.get(f"{base}/ready", timeout=30)
        assert ready.status_code == 503 and "Chroma" in ready.json()["detail"]
        chat = httpx.post(f"{base}/v1/chat", json=question, timeout=30)
        assert chat.status_code == 503 and "tijdelijk niet beschikbaar" in chat.json()["detail"]
        assert chat.headers["retry-after"]

        chroma = start_chroma(tmp_path / "chroma", chroma_port)  # same data, same port: the service comes back
        wait_for(f"{base}/ready", timeout=60)
        answer = httpx.post(f"{base}/v1/chat", json=question, timeout=30)
        assert answer.status_code == 200 and answer.json()["kind"] in {"answer", "clarification", "refusal"}
    finally:
        kill_quietly(api)
        kill_quietly(chroma)
