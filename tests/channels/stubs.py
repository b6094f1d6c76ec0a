"""What cannot exist here: Slack's Web API and the Teams connector (a recording server on loopback), and a
scripted engine for the tests that are about rendering rather than answering."""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from assistant.answer import Answer, Citation
from assistant.engine import ChatRequest
from assistant.state import ConversationState, Pending, Turn
from assistant.store import SqlStore
from ingest.quotes import is_verbatim
from verwijswijzer.corpus import load_catalogue
from verwijswijzer.settings import PROJECT_ROOT

XSS = '<img src=x onerror="window.__pwned=1">'
DOCUMENT = "haarlem-light-contracten"
QUOTE = ("Per 20 augustus 2020 geldt het Afwegingskader light-contracten om te bepalen in welke situaties een "
         "light-contract met een niet-gecontracteerde aanbieder wordt afgesloten.")


def corpus_citation(n: int = 1) -> Citation:
    """A real citation: verbatim lines 17–19 of the Haarlem memo."""
    catalogue = load_catalogue(PROJECT_ROOT / "corpus")
    lines = catalogue.path(DOCUMENT).read_text(encoding="utf-8").splitlines()
    assert is_verbatim(lines, 17, 19, QUOTE)
    return Citation(n=n, document_id=DOCUMENT, title=catalogue.document(DOCUMENT).title, section="Inleiding",
                    line_start=17, line_end=19, quote=QUOTE)


class ScriptedAssistant:
    """Answers like the engine does (same Answer object, state in a real store), from a script:
    'ggz' → a clarification with options; an option → an answer with a corpus citation; 'html' → an answer whose
    text carries markup; anything else → the cited answer."""

    def __init__(self, database: Path) -> None:
        self.store = SqlStore(f"sqlite:///{database}")
        self.requests: list[tuple[ChatRequest, str | None]] = []

    def chat(self, request: ChatRequest, owner: str | None = None) -> Answer:
        self.requests.append((request, owner))
        cid = request.conversation_id or uuid.uuid4().hex
        state = self.store.load(cid) or ConversationState(id=cid, owner=owner, region=request.region)
        message = request.message.lower()
        if "ggz" in message and state.pending is None:
            answer = Answer(conversation_id=cid, kind="clarification", region=state.region,
                            text="Gaat het om GGZ licht of GGZ zwaar?", options=["GGZ licht", "GGZ zwaar"])
            state.pending = Pending(slot="intensity", intent="tariff", options=answer.options)
        elif "html" in message:
            answer = Answer(conversation_id=cid, kind="answer", region=state.region,
                            text=f"Let op: {XSS} <b>vet</b> [1]", citations=[corpus_citation()])
        else:
            answer = Answer(conversation_id=cid, kind="answer", region=state.region or "haarlem",
                            text=f"U vroeg: {request.message}. Het afwegingskader geldt per 20 augustus 2020 [1].",
                            citations=[corpus_citation()])
            state.pending = None
        state.turns += [Turn(role="user", text=request.message), Turn(role="assistant", text=answer.text,
                                                                        kind=answer.kind)]
        self.store.save(state)
        return answer


class Recorder(ThreadingHTTPServer):
    """Records every request; answers like Slack's Web API (/api/…) or the Bot Connector (/v3/…)."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.calls: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def wait_for(self, path_part: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                hits = [c for c in self.calls if path_part in c["path"]]
            if len(hits) >= count:
                return hits
            time.sleep(0.02)
        raise AssertionError(f"no {count}× {path_part} within {timeout}s; got {[c['path'] for c in self.calls]}")

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: Recorder

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("content-length") or 0)).decode()
        ctype = self.headers.get("content-type", "")
        if "json" in ctype:
            body: Any = json.loads(raw or "{}")
        else:
            from urllib.parse import parse_qs

            body = {k: v[0] for k, v in parse_qs(raw).items()}
        with self.server.lock:
            self.server.calls.append({"path": self.path, "headers": dict(self.headers), "body": body})
        if self.path.endswith("auth.test"):
            reply: dict[str, Any] = {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1"}
        elif self.path.startswith("/api/"):
            reply = {"ok": True, "ts": f"{time.time():.6f}"}
        else:
            reply = {"id": f"reply-{len(self.server.calls)}"}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass
