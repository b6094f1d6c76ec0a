"""Graceful shutdown: a request in flight when the server gets SIGTERM is still answered."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.procs import free_port, ingest, kill_quietly, small_corpus, start_api


@pytest.mark.slow
def test_in_flight_request_finishes_after_sigterm(tmp_path: Path) -> None:
    port = free_port()
    settings = {"corpus_dir": str(small_corpus(tmp_path / "corpus")), "data_dir": str(tmp_path / "data"),
                "embedder": "none", "rate_limit_per_minute": 0}
    ingest(settings)
    api = start_api(settings, port)
    sent_first_part = threading.Event()

    def slow_body() -> Iterator[bytes]:  # the client is still uploading when the signal arrives
        yield b'{"message": "Wanneer is een light-contract '
        sent_first_part.set()
        time.sleep(2.0)
        yield b'mogelijk?", "region": "haarlem"}'

    result: dict[str, httpx.Response] = {}

    def request() -> None:
        result["r"] = httpx.post(f"http://127.0.0.1:{port}/v1/chat", content=slow_body(), timeout=30,
                                 headers={"content-type": "application/json"})

    try:
        client = threading.Thread(target=request)
        client.start()
        assert sent_first_part.wait(10)
        time.sleep(0.5)
        api.send_signal(signal.SIGTERM)
        client.join(30)
        assert result["r"].status_code == 200 and result["r"].json()["region"] == "haarlem"
        assert api.wait(30) in (0, -signal.SIGTERM)  # then it stops (uvicorn re-raises the signal it handled)
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
    finally:
        kill_quietly(api)
