"""Against a real server on loopback: a hostile message freezes nothing, and the access log holds no query."""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.procs import free_port, ingest, kill_quietly, small_corpus, start_api, stop

HOSTILE = ["Jan " + "van de " * 570 + "x", "Jansen " * 570, "1." * 2000, "06 - " * 800, "a.b" * 1300 + "@",
           "moeder Sanne " * 300, "mevrouw " * 500]
ORDINARY = {"message": "Wanneer is een light-contract mogelijk?", "region": "haarlem"}


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


@pytest.mark.slow
def test_hostile_messages_do_not_freeze_the_service_and_queries_are_not_logged(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = {"corpus_dir": str(small_corpus(tmp_path / "corpus")), "data_dir": str(tmp_path / "data"),
                "embedder": "none", "rate_limit_per_minute": 0}
    ingest(settings)
    log = tmp_path / "server.log"
    api = start_api(settings, port, log=log)
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            client.post("/v1/chat", json=ORDINARY)  # warm-up
            usual_health = statistics.median(timed(lambda: client.get("/health")) for _ in range(10))
            usual_chat = statistics.median(timed(lambda: client.post("/v1/chat", json=ORDINARY)) for _ in range(5))

            hostile_times: list[float] = []
            done = threading.Event()

            def attack() -> None:
                with httpx.Client(base_url=base, timeout=60) as attacker:
                    while not done.is_set():
                        for text in HOSTILE:
                            hostile_times.append(timed(lambda t=text: attacker.post(  # type: ignore[misc]
                                "/v1/chat", json={"message": t[:4000], "region": "haarlem"}).raise_for_status()))

            thread = threading.Thread(target=attack)
            thread.start()
            time.sleep(0.3)
            health = [timed(lambda: client.get("/health").raise_for_status()) for _ in range(20)]
            chats = [timed(lambda: client.post("/v1/chat", json=ORDINARY).raise_for_status()) for _ in range(5)]
            done.set()
            thread.join(60)
            assert hostile_times and max(hostile_times) < 5.0, hostile_times
            # within their usual latency: the other requests share two cores with the attack, nothing more
            assert statistics.median(health) < max(5 * usual_health, 0.05), (usual_health, health)
            assert max(health) < 1.0, health
            assert statistics.median(chats) < max(5 * usual_chat, 0.5), (usual_chat, chats)

            r = client.get("/v1/search", params={"q": "cliënt 111222333 Jan de Vries light-contract",
                                                 "region": "haarlem"})
            assert r.status_code == 200
    finally:
        stop(api)
        kill_quietly(api)
    written = log.read_text(encoding="utf-8", errors="replace")
    assert "/v1/search" in written  # the access log is on, and says which route was asked
    assert "111222333" not in written and "Vries" not in written and "q=" not in written
