"""Property: whatever Dutch personal data a message holds, in whatever notation and position, the redactor
replaces it, and nothing of it reaches the database, the audit log, the server log or an LLM."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, select

from api.app import create_app
from assistant.engine import Assistant
from assistant.llm import openai_drafter
from tests.procs import free_port
from tests.security.conftest import make_assistant
from tests.security.pii import KINDS, Pii, leaks, message_with, redactor
from verwijswijzer.settings import Settings


@settings(max_examples=600, deadline=None, derandomize=True)
@given(message_with())
def test_every_format_in_every_position_is_redacted(case: tuple[str, Pii]) -> None:
    text, value = case
    result = redactor().redact(text)
    assert not leaks(result.text, [value]), result.text
    assert result.changed and result.notice()


@pytest.mark.parametrize("kind", KINDS)
def test_each_format_alone(kind: str) -> None:
    @settings(max_examples=60, deadline=None, derandomize=True)
    @given(message_with((kind,)))
    def check(case: tuple[str, Pii]) -> None:
        text, value = case
        assert not leaks(redactor().redact(text).text, [value])

    check()


# -- through the service --------------------------------------------------------------------------------------
class RecordingLLM(BaseHTTPRequestHandler):
    """An OpenAI-compatible chat endpoint that keeps every request body and drafts nothing useful."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        self.server.received.append(body.decode("utf-8", "replace"))  # type: ignore[attr-defined]
        reply = json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": "stub",
                            "choices": [{"index": 0, "finish_reason": "stop",
                                         "message": {"role": "assistant", "content": "Zie de bron."}}]}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def llm() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), RecordingLLM)
    server.daemon_threads = True
    server.received = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        line = self.format(record)
        if "http://testserver/" not in line:  # the test's own HTTP client logs the URLs it asks for
            self.lines.append(line)


@pytest.fixture(scope="module")
def service(llm: ThreadingHTTPServer, attacked_corpus: Any, indexed_data: Any,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Assistant, Settings, Captured]]:
    from tests.security.conftest import settings_for

    tmp = tmp_path_factory.mktemp("privacy-service")
    base = f"http://127.0.0.1:{llm.server_address[1]}/v1"
    s = settings_for(attacked_corpus, indexed_data, database_url=f"sqlite:///{tmp / 'conv.sqlite3'}",
                     audit_log=tmp / "audit.jsonl", llm_base_url=base, llm_model="stub", llm_timeout_s=5.0)
    assistant = make_assistant(s)
    assistant.drafter = openai_drafter(base, "stub", "", 5.0, tools=[])  # type: ignore[misc]
    captured = Captured()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(captured)
    root.setLevel(logging.DEBUG)
    try:
        with TestClient(create_app(s, assistant)) as client:
            yield client, assistant, s, captured
    finally:
        root.removeHandler(captured)
        root.setLevel(old_level)


def forget_everything(assistant: Assistant, s: Settings, captured: Captured, llm: ThreadingHTTPServer) -> None:
    engine = assistant.store.engine  # type: ignore[attr-defined]
    meta = MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        for table in meta.sorted_tables:
            conn.execute(table.delete())
    s.effective_audit_log.unlink(missing_ok=True)
    captured.lines.clear()
    llm.received.clear()  # type: ignore[attr-defined]


def everything_stored(assistant: Assistant, s: Settings, captured: Captured, llm: ThreadingHTTPServer) -> str:
    engine = assistant.store.engine  # type: ignore[attr-defined]
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        rows = [json.dumps(list(row), default=str, ensure_ascii=False) for table in meta.sorted_tables
                for row in conn.execute(select(table)).all()]
    # JSON in the database and the audit log is read back so escaped characters compare as written.
    texts = [json.dumps(json.loads(r), ensure_ascii=False) for r in rows]
    states = [str(json.loads(c)) for r in rows for c in json.loads(r) if isinstance(c, str) and c.startswith("{")]
    audit = s.effective_audit_log.read_text(encoding="utf-8") if s.effective_audit_log.exists() else ""
    llm_bodies = [str(json.loads(b)) for b in llm.received]  # type: ignore[attr-defined]
    return "\n".join([*texts, *states, audit, *captured.lines, *llm_bodies])


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(message_with(), min_size=7, max_size=7))
def test_nothing_personal_is_stored_logged_or_sent(
        service: tuple[TestClient, Assistant, Settings, Captured], llm: ThreadingHTTPServer,
        cases: list[tuple[str, Pii]]) -> None:
    client, assistant, s, captured = service
    forget_everything(assistant, s, captured, llm)  # each example is judged on what it alone left behind
    (m1, _), (m2, _), (m3, _), (m4, _), (m5, _), (m6, _), (m7, v7) = cases
    values = [v for _, v in cases]
    region = "noord-limburg"
    # a chat whose client-chosen conversation id is personal, a follow-up, the stream, the OpenAI endpoint (with
    # a personal `user` and X-Conversation-Id), feedback, search, and a municipality value that is refused
    r = client.post("/v1/chat", json={"message": m1, "region": region, "conversation_id": v7.written[:64]})
    assert r.status_code == 200, r.text
    cid = r.json()["conversation_id"]
    assert client.post("/v1/chat", json={"message": m2, "conversation_id": cid}).status_code == 200
    assert client.post("/v1/chat/stream", json={"message": m3, "region": region}).status_code == 200
    header = v7.written.encode("ascii", "ignore").decode().replace("\n", " ").strip() or "x"  # headers are ASCII
    r = client.post("/v1/chat/completions", headers={"X-Conversation-Id": header},
                    json={"model": f"verwijswijzer-{region}", "user": v7.written[:64],
                          "messages": [{"role": "user", "content": m4}]})
    assert r.status_code == 200, r.text
    assert client.post("/v1/feedback", json={"conversation_id": cid, "rating": "down",
                                             "comment": m5}).status_code == 201
    assert client.get("/v1/search", params={"q": m6, "region": region}).status_code == 200
    r = client.post("/v1/chat", json={"message": "Wat kost logeren?", "municipality": m7[:200]})
    assert r.status_code == 422 and not leaks(r.text, [v7])
    found = leaks(everything_stored(assistant, s, captured, llm), values)
    assert not found, found
