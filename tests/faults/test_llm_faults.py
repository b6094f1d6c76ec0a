"""LLM endpoint down, slow or returning garbage: the default answer, within the latency budget, logged."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.engine import Assistant, ChatRequest
from assistant.llm import openai_drafter
from tests.procs import free_port
from tests.security.conftest import make_assistant
from verwijswijzer.settings import Settings

TIMEOUT_S = 1.0
BUDGET_S = TIMEOUT_S + 1.5  # the LLM time-out plus the default answerer and overhead
QUESTION = ChatRequest(message="Hoeveel logeren mag ik indiceren?", region="noord-limburg")


class StubLLM(BaseHTTPRequestHandler):
    """An OpenAI-compatible /v1/chat/completions that misbehaves as ``server.mode`` says."""

    def do_POST(self) -> None:
        self.server.calls += 1  # type: ignore[attr-defined]
        mode = self.server.mode  # type: ignore[attr-defined]
        if mode == "slow":
            self.server.release.wait(30)  # type: ignore[attr-defined]
        body = {"garbage": b"<html>502 Bad Gateway</html>{{{", "empty": json.dumps({"choices": []}).encode(),
                "slow": b"{}"}.get(mode, b"")
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), StubLLM)
    server.daemon_threads = True
    server.mode, server.calls, server.release = "garbage", 0, threading.Event()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def with_llm(settings: Settings, base_url: str) -> Assistant:
    llm_settings = settings.model_copy(update={"llm_base_url": base_url, "llm_model": "stub",
                                               "llm_timeout_s": TIMEOUT_S})
    assistant = make_assistant(llm_settings)
    # The real LangChain OpenAI client (no rule tools bound, so this does not depend on the rules package).
    assistant.drafter = openai_drafter(base_url, "stub", "", TIMEOUT_S, tools=[])  # type: ignore[misc]
    return assistant


@pytest.mark.parametrize("mode", ["down", "slow", "garbage", "empty"])
def test_broken_llm_gives_the_default_answer_in_time(mode: str, stub: ThreadingHTTPServer, settings: Settings,
                                                      assistant: Assistant, caplog: pytest.LogCaptureFixture) -> None:
    expected = assistant.chat(QUESTION)
    assert expected.kind == "answer"
    stub.mode = mode  # type: ignore[attr-defined]
    port = free_port() if mode == "down" else stub.server_address[1]
    llm = with_llm(settings, f"http://127.0.0.1:{port}/v1")
    with caplog.at_level("WARNING", logger="assistant.engine"):
        started = time.perf_counter()
        answer = llm.chat(QUESTION)
        elapsed = time.perf_counter() - started
    assert answer.text == expected.text and answer.citations == expected.citations
    assert elapsed < BUDGET_S, f"{mode}: {elapsed:.2f} s"
    assert any("LLM draft" in r.getMessage() for r in caplog.records), "the fallback must be logged"
    if mode != "down":
        assert stub.calls >= 1  # type: ignore[attr-defined]
